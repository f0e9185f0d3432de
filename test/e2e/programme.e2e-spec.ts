import { SessionParticipant } from '../../src/agenda/session-participant.entity';
import { dataSourceOf, makeSession } from '../factories/event.factory';
import { registerUser, TestUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { createEdition } from '../utils/editions';

const UNKNOWN_ID = '5f3a0c2e-7d1b-4e8a-9c6f-1a2b3c4d5e6f';

describe('Programme: tracks, speakers and access (e2e)', () => {
  let t: TestApp;
  let organizer: TestUser;
  let moderator: TestUser;
  let stranger: TestUser;

  /** A draft edition organized by `organizer`, with `moderator` on its staff. */
  async function createEvent(): Promise<{ id: string; slug: string }> {
    const edition = await createEdition(t, organizer, { title: 'Programme' });
    await t.http
      .put(`/api/events/${edition.slug}/staff/${moderator.id}`)
      .set(organizer.auth)
      .send({ role: 'moderator' })
      .expect(200);
    return edition;
  }

  const publish = (slug: string) =>
    t.http.post(`/api/events/${slug}/publish`).set(organizer.auth).expect(200);

  beforeAll(async () => {
    t = await createTestApp();
    organizer = await registerUser(t);
    moderator = await registerUser(t);
    stranger = await registerUser(t);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('tracks', () => {
    it('should create, list, update and delete tracks', async () => {
      const { slug } = await createEvent();
      const created = await t.http
        .post(`/api/events/${slug}/tracks`)
        .set(organizer.auth)
        .send({ name: 'Trade', color: '#1565c0' })
        .expect(201);
      expect(created.body).toEqual({ id: expect.any(String), name: 'Trade', lang: null, color: '#1565C0' });
      await t.http
        .post(`/api/events/${slug}/tracks`)
        .set(organizer.auth)
        .send({ name: 'Climate', color: '#2E7D32' })
        .expect(201);
      const list = await t.http.get(`/api/events/${slug}/tracks`).set(organizer.auth).expect(200);
      expect(list.body.items.map((track: { name: string }) => track.name)).toEqual(['Climate', 'Trade']);

      const updated = await t.http
        .patch(`/api/events/${slug}/tracks/${created.body.id}`)
        .set(organizer.auth)
        .send({ color: '#FF0000' })
        .expect(200);
      expect(updated.body).toEqual({ id: created.body.id, name: 'Trade', lang: null, color: '#FF0000' });
      const duplicate = await t.http
        .patch(`/api/events/${slug}/tracks/${created.body.id}`)
        .set(organizer.auth)
        .send({ name: 'climate' })
        .expect(409);
      expect(duplicate.body.code).toBe('ALREADY_EXISTS');
      await t.http.delete(`/api/events/${slug}/tracks/${created.body.id}`).set(organizer.auth).expect(204);
      const after = await t.http.get(`/api/events/${slug}/tracks`).set(organizer.auth).expect(200);
      expect(after.body.items.map((track: { name: string }) => track.name)).toEqual(['Climate']);
    });

    it('should reject colours that are not #RRGGBB and tracks in use', async () => {
      const { id, slug } = await createEvent();
      for (const color of ['red', '#FFF', '#GGGGGG', null]) {
        const response = await t.http
          .post(`/api/events/${slug}/tracks`)
          .set(organizer.auth)
          .send({ name: 'Bad', color })
          .expect(400);
        expect(Object.keys(response.body.details.fields)).toEqual(['color']);
      }
      const track = await t.http
        .post(`/api/events/${slug}/tracks`)
        .set(organizer.auth)
        .send({ name: 'Used', color: '#000000' })
        .expect(201);
      await t.http
        .patch(`/api/events/${slug}/tracks/${track.body.id}`)
        .set(organizer.auth)
        .send({ color: null })
        .expect(400);
      const session = await makeSession(t, id, { trackId: track.body.id });
      const response = await t.http
        .delete(`/api/events/${slug}/tracks/${track.body.id}`)
        .set(organizer.auth)
        .expect(409);
      expect(response.body).toMatchObject({ code: 'IN_USE', details: { sessionIds: [session.id] } });
    });
  });

  describe('speakers', () => {
    it('should create, read, update and delete speakers with their organisation', async () => {
      const { slug } = await createEvent();
      const org = await t.http
        .post('/api/organizations')
        .set(organizer.auth)
        .send({
          name: `Speaker Org ${slug}`,
          shortName: 'SO',
          country: 'Kazakhstan',
          url: 'https://so.example.org',
        })
        .expect(201);
      const created = await t.http
        .post(`/api/events/${slug}/speakers`)
        .set(organizer.auth)
        .send({
          name: 'Aigerim Bekova',
          position: 'Director, Centre for Regional Studies',
          organizationId: org.body.id,
          bio: 'Works on regional trade.',
          photoUrl: 'https://cdn.example.org/aigerim.jpg',
          email: 'aigerim@example.org',
          userId: stranger.id,
        })
        .expect(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        name: 'Aigerim Bekova',
        position: 'Director, Centre for Regional Studies',
        lang: null,
        organization: {
          id: org.body.id,
          name: org.body.name,
          shortName: 'SO',
          country: 'Kazakhstan',
          lang: null,
        },
        bio: 'Works on regional trade.',
        photoUrl: 'https://cdn.example.org/aigerim.jpg',
        email: 'aigerim@example.org',
        userId: stranger.id,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      await t.http
        .post(`/api/events/${slug}/speakers`)
        .set(organizer.auth)
        .send({ name: 'Ben Adams' })
        .expect(201);

      const staffList = await t.http.get(`/api/events/${slug}/speakers`).set(moderator.auth).expect(200);
      expect(staffList.body.items.map((s: { name: string }) => s.name)).toEqual([
        'Aigerim Bekova',
        'Ben Adams',
      ]);
      expect(staffList.body.items[0]).toEqual(created.body);
      expect(staffList.body.items[1]).toMatchObject({ organization: null, email: null });

      await publish(slug);
      const publicOne = await t.http.get(`/api/events/${slug}/speakers/${created.body.id}`).expect(200);
      expect(publicOne.body).not.toHaveProperty('email');
      expect(publicOne.body.organization).toEqual(created.body.organization);
      const publicList = await t.http.get(`/api/events/${slug}/speakers`).set(stranger.auth).expect(200);
      expect(publicList.body.items[0]).not.toHaveProperty('email');

      const updated = await t.http
        .patch(`/api/events/${slug}/speakers/${created.body.id}`)
        .set(organizer.auth)
        .send({ organizationId: null, position: null, userId: null, name: 'Aigerim B.' })
        .expect(200);
      expect(updated.body).toMatchObject({
        name: 'Aigerim B.',
        organization: null,
        position: null,
        userId: null,
        bio: 'Works on regional trade.',
      });
      await t.http.delete(`/api/events/${slug}/speakers/${created.body.id}`).set(organizer.auth).expect(204);
      const gone = await t.http.get(`/api/events/${slug}/speakers/${created.body.id}`).expect(404);
      expect(gone.body.code).toBe('SPEAKER_NOT_FOUND');
    });

    it('should reject invalid speakers, unknown organisations and accounts, and double links', async () => {
      const { slug } = await createEvent();
      const invalid = await t.http
        .post(`/api/events/${slug}/speakers`)
        .set(organizer.auth)
        .send({
          name: 'x'.repeat(121),
          photoUrl: 'javascript:alert(1)',
          email: 'not-an-email',
          organizationId: 'acme',
          userId: 42,
        })
        .expect(400);
      expect(Object.keys(invalid.body.details.fields).sort()).toEqual([
        'email',
        'name',
        'organizationId',
        'photoUrl',
        'userId',
      ]);
      const noOrg = await t.http
        .post(`/api/events/${slug}/speakers`)
        .set(organizer.auth)
        .send({ name: 'Ghost', organizationId: UNKNOWN_ID })
        .expect(404);
      expect(noOrg.body.code).toBe('ORGANIZATION_NOT_FOUND');
      const noUser = await t.http
        .post(`/api/events/${slug}/speakers`)
        .set(organizer.auth)
        .send({ name: 'Ghost', userId: UNKNOWN_ID })
        .expect(404);
      expect(noUser.body.code).toBe('USER_NOT_FOUND');
      await t.http
        .post(`/api/events/${slug}/speakers`)
        .set(organizer.auth)
        .send({ name: 'One', userId: moderator.id })
        .expect(201);
      const twice = await t.http
        .post(`/api/events/${slug}/speakers`)
        .set(organizer.auth)
        .send({ name: 'Two', userId: moderator.id })
        .expect(409);
      expect(twice.body.code).toBe('ALREADY_EXISTS');
    });

    it('should refuse to delete a speaker who appears in sessions', async () => {
      const { id, slug } = await createEvent();
      const speaker = await t.http
        .post(`/api/events/${slug}/speakers`)
        .set(organizer.auth)
        .send({ name: 'Busy' })
        .expect(201);
      const session = await makeSession(t, id);
      await dataSourceOf(t)
        .getRepository(SessionParticipant)
        .insert({ sessionId: session.id, speakerId: speaker.body.id, role: 'panelist', position: 0 });
      const response = await t.http
        .delete(`/api/events/${slug}/speakers/${speaker.body.id}`)
        .set(organizer.auth)
        .expect(409);
      expect(response.body).toMatchObject({ code: 'IN_USE', details: { sessionIds: [session.id] } });
    });
  });

  describe('access', () => {
    it('should hide a draft programme from strangers and show a published one to everyone', async () => {
      const { slug } = await createEvent();
      const room = await t.http
        .post(`/api/events/${slug}/rooms`)
        .set(organizer.auth)
        .send({ name: 'Hall' })
        .expect(201);
      const speaker = await t.http
        .post(`/api/events/${slug}/speakers`)
        .set(organizer.auth)
        .send({ name: 'S' })
        .expect(201);
      for (const path of [
        'rooms',
        'tracks',
        'speakers',
        `rooms/${room.body.id}`,
        `speakers/${speaker.body.id}`,
      ]) {
        const asStranger = await t.http.get(`/api/events/${slug}/${path}`).set(stranger.auth).expect(404);
        expect(asStranger.body.code).toBe('EVENT_NOT_FOUND');
        await t.http.get(`/api/events/${slug}/${path}`).expect(404);
        await t.http.get(`/api/events/${slug}/${path}`).set(moderator.auth).expect(200);
      }
      await publish(slug);
      for (const path of ['rooms', 'tracks', 'speakers']) {
        await t.http.get(`/api/events/${slug}/${path}`).expect(200);
      }
      const rooms = await t.http.get(`/api/events/${slug}/rooms`).set(stranger.auth).expect(200);
      const { overlayKey: organizersOnly, ...publicRoom } = room.body;
      expect(organizersOnly).toEqual(expect.any(String));
      expect(rooms.body.items).toEqual([publicRoom]);
    });

    it('should refuse writes from anonymous callers (401), attendees and moderators (403)', async () => {
      const { slug } = await createEvent();
      await publish(slug);
      const room = await t.http
        .post(`/api/events/${slug}/rooms`)
        .set(organizer.auth)
        .send({ name: 'Hall' })
        .expect(201);
      const writes = [
        { method: 'post', path: 'rooms', body: { name: 'New' } },
        { method: 'patch', path: `rooms/${room.body.id}`, body: { name: 'New' } },
        { method: 'delete', path: `rooms/${room.body.id}`, body: {} },
        { method: 'post', path: 'tracks', body: { name: 'T', color: '#000000' } },
        { method: 'post', path: 'speakers', body: { name: 'S' } },
      ] as const;
      for (const write of writes) {
        const url = `/api/events/${slug}/${write.path}`;
        const anonymous = await t.http[write.method](url).send(write.body).expect(401);
        expect(anonymous.body.code).toBe('UNAUTHENTICATED');
        for (const user of [stranger, moderator]) {
          const forbidden = await t.http[write.method](url).set(user.auth).send(write.body).expect(403);
          expect(forbidden.body.code).toBe('FORBIDDEN');
        }
      }
      await t.http.get(`/api/events/${slug}/rooms/${room.body.id}`).expect(200);
    });

    it("should answer 404 for another event's room, track and speaker ids", async () => {
      const mine = await createEvent();
      const theirs = await createEvent();
      const room = await t.http
        .post(`/api/events/${theirs.slug}/rooms`)
        .set(organizer.auth)
        .send({ name: 'R' })
        .expect(201);
      const track = await t.http
        .post(`/api/events/${theirs.slug}/tracks`)
        .set(organizer.auth)
        .send({ name: 'T', color: '#123456' })
        .expect(201);
      const speaker = await t.http
        .post(`/api/events/${theirs.slug}/speakers`)
        .set(organizer.auth)
        .send({ name: 'S' })
        .expect(201);
      const cases = [
        ['rooms', room.body.id, 'ROOM_NOT_FOUND', { name: 'Taken' }],
        ['tracks', track.body.id, 'TRACK_NOT_FOUND', { name: 'Taken' }],
        ['speakers', speaker.body.id, 'SPEAKER_NOT_FOUND', { name: 'Taken' }],
      ] as const;
      for (const [kind, id, code, body] of cases) {
        const url = `/api/events/${mine.slug}/${kind}/${id}`;
        expect((await t.http.get(url).set(organizer.auth).expect(404)).body.code).toBe(code);
        expect((await t.http.patch(url).set(organizer.auth).send(body).expect(404)).body.code).toBe(code);
        expect((await t.http.delete(url).set(organizer.auth).expect(404)).body.code).toBe(code);
        expect(
          (await t.http.get(`/api/events/${mine.slug}/${kind}/${UNKNOWN_ID}`).set(organizer.auth).expect(404))
            .body.code,
        ).toBe(code);
      }
      // Nothing of the other event changed.
      const rooms = await t.http.get(`/api/events/${theirs.slug}/rooms`).set(organizer.auth).expect(200);
      expect(rooms.body.items).toEqual([room.body]);
    });
  });
});
