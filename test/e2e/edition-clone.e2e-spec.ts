import { AgendaSession } from '../../src/agenda/agenda-session.entity';
import { SessionParticipant } from '../../src/agenda/session-participant.entity';
import { AuditService } from '../../src/audit/audit.service';
import { Room } from '../../src/programme/room.entity';
import { dataSourceOf, makeSession } from '../factories/event.factory';
import { registerUser, TestUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { createEdition, nextSlug } from '../utils/editions';

describe('Events: cloning an edition (e2e)', () => {
  let t: TestApp;
  let organizer: TestUser;
  let stranger: TestUser;

  const createEvent = (owner: TestUser, overrides: Record<string, unknown> = {}) =>
    createEdition(t, owner, overrides);

  beforeAll(async () => {
    t = await createTestApp();
    organizer = await registerUser(t, { name: 'Olga Organizer' });
    stranger = await registerUser(t, { name: 'Sam Stranger' });
  });
  afterAll(async () => {
    await t.close();
  });

  describe('cloning', () => {
    it('should copy a Europe/Berlin edition across the March DST change keeping local times', async () => {
      const cloner = await registerUser(t, { name: 'Carl Cloner' });
      const moderator = await registerUser(t);
      const { id, slug } = await createEvent(organizer, {
        timezone: 'Europe/Berlin',
        startsOn: '2030-03-14',
        endsOn: '2030-03-15',
        description: 'Spring meeting',
        languages: ['en', 'de'],
        registration: {
          capacity: 50,
          requiresApproval: true,
          fields: [{ key: 'role', label: 'Role', type: 'choice', options: ['Member', 'Guest'] }],
        },
      });
      for (const [user, role] of [
        [cloner, 'organizer'],
        [moderator, 'moderator'],
      ] as const) {
        await t.http
          .put(`/api/events/${slug}/staff/${user.id}`)
          .set(organizer.auth)
          .send({ role })
          .expect(200);
      }
      const org = await t.http
        .post('/api/organizations')
        .set(organizer.auth)
        .send({ name: `Clone Institute ${slug}` })
        .expect(201);
      const room = await t.http
        .post(`/api/events/${slug}/rooms`)
        .set(organizer.auth)
        .send({ name: 'Main Stage', capacity: 500, streamUrl: 'https://live.example.org/main' })
        .expect(201);
      const track = await t.http
        .post(`/api/events/${slug}/tracks`)
        .set(organizer.auth)
        .send({ name: 'Climate', color: '#2E7D32' })
        .expect(201);
      const speaker = await t.http
        .post(`/api/events/${slug}/speakers`)
        .set(organizer.auth)
        .send({
          name: 'Dana Speaker',
          organizationId: org.body.id,
          userId: stranger.id,
          email: 'dana@example.org',
        })
        .expect(201);
      // 10:00 in Berlin on 14 March 2030 is 09:00Z (CET, +01:00).
      const talk = await makeSession(t, id, {
        title: 'Opening',
        startsAt: '2030-03-14T09:00:00.000Z',
        endsAt: '2030-03-14T10:30:00.000Z',
        roomId: room.body.id,
        trackId: track.body.id,
        liveStatus: 'ended',
        qaOpen: false,
        sequence: 4,
      });
      await dataSourceOf(t)
        .getRepository(SessionParticipant)
        .insert({ sessionId: talk.id, speakerId: speaker.body.id, role: 'speaker', position: 0 });
      await makeSession(t, id, {
        title: 'Dropped',
        status: 'cancelled',
        startsAt: '2030-03-15T09:00:00.000Z',
        endsAt: '2030-03-15T10:00:00.000Z',
        roomId: room.body.id,
      });

      // Three weeks later: 4 April 2030 is after the change to summer time (CEST, +02:00).
      const response = await t.http
        .post(`/api/events/${slug}/clone`)
        .set(cloner.auth)
        .send({ slug: 'spring-next', title: 'Spring meeting, next edition', startsOn: '2030-04-04' })
        .expect(201);
      expect(response.body).toMatchObject({
        slug: 'spring-next',
        title: 'Spring meeting, next edition',
        description: 'Spring meeting',
        timezone: 'Europe/Berlin',
        startsOn: '2030-04-04',
        endsOn: '2030-04-05',
        languages: ['en', 'de'],
        status: 'draft',
        publishedAt: null,
        role: 'organizer',
        registration: {
          capacity: 50,
          requiresApproval: true,
          fields: [
            { key: 'role', label: 'Role', type: 'choice', options: ['Member', 'Guest'], required: false },
          ],
        },
      });
      const editionId: string = response.body.id;
      expect(editionId).not.toBe(id);

      const sessions = await dataSourceOf(t).getRepository(AgendaSession).findBy({ eventId: editionId });
      expect(sessions).toHaveLength(1);
      const [copy] = sessions;
      expect(copy.id).not.toBe(talk.id);
      // Still 10:00–11:30 local, now 08:00Z: the UTC hour moved by the DST change.
      expect(copy).toMatchObject({
        title: 'Opening',
        startsAt: '2030-04-04T08:00:00.000Z',
        endsAt: '2030-04-04T09:30:00.000Z',
        status: 'scheduled',
        liveStatus: 'upcoming',
        qaOpen: true,
        sequence: 0,
      });

      const rooms = await t.http.get('/api/events/spring-next/rooms').set(cloner.auth).expect(200);
      expect(rooms.body.items).toEqual([
        {
          id: copy.roomId,
          name: 'Main Stage',
          lang: 'en',
          capacity: 500,
          streamUrl: 'https://live.example.org/main',
          stream: { kind: 'embed', url: 'https://live.example.org/main' },
          position: 0,
          overlayKey: expect.any(String),
        },
      ]);
      expect(copy.roomId).not.toBe(room.body.id);
      expect(rooms.body.items[0].overlayKey).not.toBe(room.body.overlayKey);
      const tracks = await t.http.get('/api/events/spring-next/tracks').set(cloner.auth).expect(200);
      expect(tracks.body.items).toEqual([
        { id: copy.trackId, name: 'Climate', lang: 'en', color: '#2E7D32' },
      ]);
      const speakers = await t.http.get('/api/events/spring-next/speakers').set(cloner.auth).expect(200);
      expect(speakers.body.items).toEqual([
        expect.objectContaining({
          name: 'Dana Speaker',
          userId: stranger.id,
          email: 'dana@example.org',
          organization: expect.objectContaining({ id: org.body.id }),
        }),
      ]);
      const participants = await dataSourceOf(t)
        .getRepository(SessionParticipant)
        .findBy({ sessionId: copy.id });
      expect(participants).toEqual([
        { sessionId: copy.id, speakerId: speakers.body.items[0].id, role: 'speaker', position: 0 },
      ]);

      const staff = await t.http.get('/api/events/spring-next/staff').set(cloner.auth).expect(200);
      expect(
        staff.body.items
          .map((member: { userId: string; role: string }) => [member.userId, member.role])
          .sort(),
      ).toEqual(
        [
          [organizer.id, 'organizer'],
          [cloner.id, 'organizer'],
          [moderator.id, 'moderator'],
        ].sort(),
      );
      // The source edition is untouched.
      const source = await dataSourceOf(t).getRepository(AgendaSession).findBy({ eventId: id });
      expect(source).toHaveLength(2);
      await t.http.get('/api/events/spring-next').set(stranger.auth).expect(404);
    });

    it('should refuse clones by non-organizers, to a taken slug, and with invalid bodies', async () => {
      const { slug } = await createEvent(organizer);
      const moderator = await registerUser(t);
      await t.http
        .put(`/api/events/${slug}/staff/${moderator.id}`)
        .set(organizer.auth)
        .send({ role: 'moderator' })
        .expect(200);
      const body = { slug: nextSlug(), title: 'Next', startsOn: '2031-11-20' };
      await t.http.post(`/api/events/${slug}/clone`).set(moderator.auth).send(body).expect(403);
      await t.http.post(`/api/events/${slug}/clone`).set(stranger.auth).send(body).expect(404);
      const taken = await t.http
        .post(`/api/events/${slug}/clone`)
        .set(organizer.auth)
        .send({ ...body, slug })
        .expect(409);
      expect(taken.body.code).toBe('ALREADY_EXISTS');
      const invalid = await t.http
        .post(`/api/events/${slug}/clone`)
        .set(organizer.auth)
        .send({ slug: 'BAD SLUG', startsOn: '2031-13-01' })
        .expect(400);
      expect(Object.keys(invalid.body.details.fields).sort()).toEqual(['slug', 'startsOn', 'title']);
    });

    it('should leave nothing behind when a clone fails half way', async () => {
      const { id, slug } = await createEvent(organizer);
      await t.http.post(`/api/events/${slug}/rooms`).set(organizer.auth).send({ name: 'Hall' }).expect(201);
      await makeSession(t, id, { startsAt: '2030-11-20T02:00:00.000Z', endsAt: '2030-11-20T03:00:00.000Z' });
      const rooms = dataSourceOf(t).getRepository(Room);
      const roomsBefore = await rooms.count();
      const sessionsBefore = await dataSourceOf(t).getRepository(AgendaSession).count();

      const audit = t.app.get(AuditService);
      const record = audit.record.bind(audit);
      const spy = jest.spyOn(audit, 'record').mockImplementation((entry, manager) => {
        if (entry.action === 'event.cloned') {
          return Promise.reject(new Error('disk full'));
        }
        return record(entry, manager);
      });
      try {
        const response = await t.http
          .post(`/api/events/${slug}/clone`)
          .set(organizer.auth)
          .send({ slug: 'doomed-clone', title: 'Doomed', startsOn: '2031-11-20' })
          .expect(500);
        expect(response.body).toMatchObject({
          code: 'INTERNAL',
          message: expect.not.stringContaining('disk'),
        });
      } finally {
        spy.mockRestore();
      }
      await t.http.get('/api/events/doomed-clone').set(organizer.auth).expect(404);
      expect(await rooms.count()).toBe(roomsBefore);
      expect(await dataSourceOf(t).getRepository(AgendaSession).count()).toBe(sessionsBefore);
      const me = await t.http.get('/api/auth/me').set(organizer.auth).expect(200);
      expect(me.body.roles.map((role: { eventSlug: string }) => role.eventSlug)).not.toContain(
        'doomed-clone',
      );
    });
  });
});
