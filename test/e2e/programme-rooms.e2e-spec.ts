import { makeSession } from '../factories/event.factory';
import { registerUser, TestUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { createEdition } from '../utils/editions';

describe('Programme: rooms (e2e)', () => {
  let t: TestApp;
  let organizer: TestUser;
  let moderator: TestUser;

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

  beforeAll(async () => {
    t = await createTestApp();
    organizer = await registerUser(t);
    moderator = await registerUser(t);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('rooms', () => {
    it('should create, list in display order, update and delete rooms', async () => {
      const { slug } = await createEvent();
      const main = await t.http
        .post(`/api/events/${slug}/rooms`)
        .set(organizer.auth)
        .send({ name: ' Main Stage ', capacity: 1000, streamUrl: 'https://live.example.org/main' })
        .expect(201);
      expect(main.body).toEqual({
        id: expect.any(String),
        name: 'Main Stage',
        lang: null,
        capacity: 1000,
        streamUrl: 'https://live.example.org/main',
        stream: { kind: 'embed', url: 'https://live.example.org/main' },
        position: 0,
        overlayKey: expect.any(String),
      });
      const panel = await t.http
        .post(`/api/events/${slug}/rooms`)
        .set(organizer.auth)
        .send({ name: 'Panel Room' })
        .expect(201);
      expect(panel.body).toMatchObject({ position: 1, capacity: null, streamUrl: null });
      await t.http
        .post(`/api/events/${slug}/rooms`)
        .set(organizer.auth)
        .send({ name: 'Breakout A', position: 1 })
        .expect(201);

      const list = await t.http.get(`/api/events/${slug}/rooms`).set(moderator.auth).expect(200);
      expect(list.body.items.map((room: { name: string }) => room.name)).toEqual([
        'Main Stage',
        'Breakout A',
        'Panel Room',
      ]);

      const updated = await t.http
        .patch(`/api/events/${slug}/rooms/${panel.body.id}`)
        .set(organizer.auth)
        .send({
          name: 'Panel Hall',
          capacity: null,
          streamUrl: 'http://stream.example.org/panel',
          position: 0,
        })
        .expect(200);
      expect(updated.body).toEqual({
        id: panel.body.id,
        name: 'Panel Hall',
        lang: null,
        capacity: null,
        streamUrl: 'http://stream.example.org/panel',
        stream: { kind: 'embed', url: 'http://stream.example.org/panel' },
        position: 0,
        overlayKey: panel.body.overlayKey,
      });
      const one = await t.http
        .get(`/api/events/${slug}/rooms/${panel.body.id}`)
        .set(organizer.auth)
        .expect(200);
      expect(one.body).toEqual(updated.body);
      const reordered = await t.http.get(`/api/events/${slug}/rooms`).set(organizer.auth).expect(200);
      expect(reordered.body.items.map((room: { name: string }) => room.name)).toEqual([
        'Main Stage',
        'Panel Hall',
        'Breakout A',
      ]);

      await t.http.delete(`/api/events/${slug}/rooms/${panel.body.id}`).set(organizer.auth).expect(204);
      const gone = await t.http
        .get(`/api/events/${slug}/rooms/${panel.body.id}`)
        .set(organizer.auth)
        .expect(404);
      expect(gone.body.code).toBe('ROOM_NOT_FOUND');
    });

    it('should refuse a second room with the same name ignoring case', async () => {
      const { slug } = await createEvent();
      await t.http
        .post(`/api/events/${slug}/rooms`)
        .set(organizer.auth)
        .send({ name: 'Main Stage' })
        .expect(201);
      const duplicate = await t.http
        .post(`/api/events/${slug}/rooms`)
        .set(organizer.auth)
        .send({ name: 'main stage' })
        .expect(409);
      expect(duplicate.body.code).toBe('ALREADY_EXISTS');
      const other = await t.http
        .post(`/api/events/${slug}/rooms`)
        .set(organizer.auth)
        .send({ name: 'Side' })
        .expect(201);
      await t.http
        .patch(`/api/events/${slug}/rooms/${other.body.id}`)
        .set(organizer.auth)
        .send({ name: 'MAIN STAGE' })
        .expect(409);
      // Another event may use the same name.
      const second = await createEvent();
      await t.http
        .post(`/api/events/${second.slug}/rooms`)
        .set(organizer.auth)
        .send({ name: 'Main Stage' })
        .expect(201);
    });

    it('should reject invalid rooms, javascript: URLs and non-UUID ids', async () => {
      const { slug } = await createEvent();
      const response = await t.http
        .post(`/api/events/${slug}/rooms`)
        .set(organizer.auth)
        .send({ name: '', capacity: 0, streamUrl: 'javascript:alert(1)', position: -1, colour: 'red' })
        .expect(400);
      expect(Object.keys(response.body.details.fields).sort()).toEqual([
        'capacity',
        'colour',
        'name',
        'position',
        'streamUrl',
      ]);
      const badId = await t.http
        .patch(`/api/events/${slug}/rooms/123`)
        .set(organizer.auth)
        .send({})
        .expect(400);
      expect(badId.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { fields: { id: expect.any(Array) } },
      });
    });

    it('should refuse to delete a room that sessions use, listing them', async () => {
      const { id, slug } = await createEvent();
      const room = await t.http
        .post(`/api/events/${slug}/rooms`)
        .set(organizer.auth)
        .send({ name: 'Hall' })
        .expect(201);
      const first = await makeSession(t, id, {
        roomId: room.body.id,
        startsAt: '2030-11-20T01:00:00.000Z',
        endsAt: '2030-11-20T02:00:00.000Z',
      });
      const second = await makeSession(t, id, {
        roomId: room.body.id,
        status: 'cancelled',
        startsAt: '2030-11-20T03:00:00.000Z',
        endsAt: '2030-11-20T04:00:00.000Z',
      });
      const response = await t.http
        .delete(`/api/events/${slug}/rooms/${room.body.id}`)
        .set(organizer.auth)
        .expect(409);
      expect(response.body).toMatchObject({ code: 'IN_USE', details: { sessionIds: [first.id, second.id] } });
      await t.http.get(`/api/events/${slug}/rooms/${room.body.id}`).set(organizer.auth).expect(200);
    });
  });
});
