import { newId } from '../../src/common/ids';
import { Event } from '../../src/events/event.entity';
import { Organization } from '../../src/organizations/organization.entity';
import { Room } from '../../src/programme/room.entity';
import { Speaker } from '../../src/programme/speaker.entity';
import { dataSourceOf, grantStaff, makeEvent, makeRoom } from '../factories/event.factory';
import { registerUser, TestUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';

interface AgendaBody {
  timezone: string;
  days: {
    date: string;
    sessions: { id: string; title: string; startsAt: string; endsAt: string; status: string }[];
  }[];
}

describe('Agenda and change log (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  async function stage(
    overrides: Partial<Event> = {},
  ): Promise<{ event: Event; organizer: TestUser; room: Room }> {
    const organizer = await registerUser(t);
    const event = await makeEvent(t, overrides);
    await grantStaff(t, event.id, organizer.id, 'organizer');
    const room = await makeRoom(t, event.id, { name: 'Main Stage' });
    return { event, organizer, room };
  }

  async function addSession(
    slug: string,
    organizer: TestUser,
    body: Record<string, unknown>,
  ): Promise<{ id: string; sequence: number }> {
    const response = await t.http
      .post(`/api/events/${slug}/sessions`)
      .set(organizer.auth)
      .send({ kind: 'talk', ...body });
    expect(response.status).toBe(201);
    return response.body;
  }

  async function agenda(slug: string, tz?: string): Promise<AgendaBody> {
    const response = await t.http
      .get(`/api/events/${slug}/agenda`)
      .query(tz ? { tz } : {})
      .expect(200);
    return response.body;
  }

  const outline = (body: AgendaBody): [string, string[]][] =>
    body.days.map((day) => [day.date, day.sessions.map((session) => session.startsAt)]);

  describe('time zones', () => {
    it('should put the same session on different dates in Asia/Shanghai and America/Los_Angeles', async () => {
      const { event, organizer, room } = await stage({ timezone: 'Asia/Shanghai' });
      await addSession(event.slug, organizer, {
        title: 'Opening',
        startsAt: '2030-11-20T09:00:00+08:00',
        endsAt: '2030-11-20T10:00:00+08:00',
        roomId: room.id,
      });

      const shanghai = await agenda(event.slug, 'Asia/Shanghai');
      expect(shanghai.timezone).toBe('Asia/Shanghai');
      expect(outline(shanghai)).toEqual([['2030-11-20', ['2030-11-20T09:00:00+08:00']]]);
      expect(shanghai.days[0].sessions[0].endsAt).toBe('2030-11-20T10:00:00+08:00');

      const losAngeles = await agenda(event.slug, 'America/Los_Angeles');
      expect(losAngeles.timezone).toBe('America/Los_Angeles');
      expect(outline(losAngeles)).toEqual([['2030-11-19', ['2030-11-19T17:00:00-08:00']]]);

      // Without tz: the event's zone. UTC is a valid zone and writes Z.
      expect(await agenda(event.slug)).toEqual(shanghai);
      const utc = await agenda(event.slug, 'UTC');
      expect(outline(utc)).toEqual([['2030-11-20', ['2030-11-20T01:00:00Z']]]);
    });

    it('should group a Europe/Berlin event across the March DST change with +01:00 and +02:00', async () => {
      const { event, organizer, room } = await stage({
        timezone: 'Europe/Berlin',
        startsOn: '2030-03-30',
        endsOn: '2030-03-31',
      });
      // Written in UTC on purpose: the local days and offsets must come from the zone rules.
      await addSession(event.slug, organizer, {
        title: 'Saturday morning',
        startsAt: '2030-03-30T08:00:00Z',
        endsAt: '2030-03-30T09:00:00Z',
        roomId: room.id,
      });
      await addSession(event.slug, organizer, {
        title: 'Saturday late',
        startsAt: '2030-03-30T22:00:00Z',
        endsAt: '2030-03-30T22:45:00Z',
        roomId: room.id,
      });
      await addSession(event.slug, organizer, {
        title: 'Sunday morning',
        startsAt: '2030-03-31T07:00:00Z',
        endsAt: '2030-03-31T08:00:00Z',
        roomId: room.id,
      });

      const berlin = await agenda(event.slug);
      expect(berlin.timezone).toBe('Europe/Berlin');
      expect(outline(berlin)).toEqual([
        ['2030-03-30', ['2030-03-30T09:00:00+01:00', '2030-03-30T23:00:00+01:00']],
        ['2030-03-31', ['2030-03-31T09:00:00+02:00']],
      ]);
      // In UTC the late Saturday session is still on the 30th, but Sunday's is at 07:00.
      expect(outline(await agenda(event.slug, 'UTC'))).toEqual([
        ['2030-03-30', ['2030-03-30T08:00:00Z', '2030-03-30T22:00:00Z']],
        ['2030-03-31', ['2030-03-31T07:00:00Z']],
      ]);
    });

    it('should keep the Berlin event days right at the DST edge when enforcing the rules', async () => {
      const { event, organizer, room } = await stage({
        timezone: 'Europe/Berlin',
        startsOn: '2030-03-30',
        endsOn: '2030-03-31',
      });
      // The event ends at local midnight after Sunday, which is 22:00 UTC under +02:00 (not 23:00).
      const late = await t.http
        .post(`/api/events/${event.slug}/sessions`)
        .set(organizer.auth)
        .send({
          title: 'Too late',
          kind: 'talk',
          startsAt: '2030-03-31T21:30:00Z',
          endsAt: '2030-03-31T22:30:00Z',
          roomId: room.id,
        })
        .expect(409);
      expect(late.body.details.conflicts).toEqual([{ kind: 'outside-event' }]);
      await addSession(event.slug, organizer, {
        title: 'Last slot',
        startsAt: '2030-03-31T23:00:00+02:00',
        endsAt: '2030-04-01T00:00:00+02:00',
        roomId: room.id,
      });
    });

    it('should put a session on different dates either side of the date line', async () => {
      const { event, organizer, room } = await stage({
        timezone: 'Pacific/Kiritimati',
        startsOn: '2030-11-20',
        endsOn: '2030-11-20',
      });
      await addSession(event.slug, organizer, {
        title: 'Dawn session',
        startsAt: '2030-11-20T09:00:00+14:00',
        endsAt: '2030-11-20T10:00:00+14:00',
        roomId: room.id,
      });
      expect(outline(await agenda(event.slug))).toEqual([['2030-11-20', ['2030-11-20T09:00:00+14:00']]]);
      // Same wall-clock time, one calendar day earlier, 24 hours of offset apart.
      expect(outline(await agenda(event.slug, 'Pacific/Honolulu'))).toEqual([
        ['2030-11-19', ['2030-11-19T09:00:00-10:00']],
      ]);
      expect(outline(await agenda(event.slug, 'Pacific/Apia'))).toEqual([
        ['2030-11-20', ['2030-11-20T08:00:00+13:00']],
      ]);
    });

    it('should list a session crossing local midnight on its start day, in start order, cancelled ones included', async () => {
      const { event, organizer, room } = await stage({ timezone: 'Asia/Shanghai' });
      const night = await addSession(event.slug, organizer, {
        title: 'Night owl',
        startsAt: '2030-11-20T23:30:00+08:00',
        endsAt: '2030-11-21T00:30:00+08:00',
        roomId: room.id,
      });
      const morning = await addSession(event.slug, organizer, {
        title: 'Morning',
        startsAt: '2030-11-20T08:00:00+08:00',
        endsAt: '2030-11-20T09:00:00+08:00',
        roomId: room.id,
      });
      const pause = await addSession(event.slug, organizer, {
        title: 'Coffee',
        kind: 'break',
        startsAt: '2030-11-20T08:30:00+08:00',
        endsAt: '2030-11-20T08:45:00+08:00',
      });
      await t.http.delete(`/api/events/${event.slug}/sessions/${morning.id}`).set(organizer.auth).expect(204);

      const body = await agenda(event.slug);
      expect(body.days).toHaveLength(1);
      expect(body.days[0].date).toBe('2030-11-20');
      expect(body.days[0].sessions.map((session) => [session.id, session.status])).toEqual([
        [morning.id, 'cancelled'],
        [pause.id, 'scheduled'],
        [night.id, 'scheduled'],
      ]);
      expect(body.days[0].sessions[2].endsAt).toBe('2030-11-21T00:30:00+08:00');
    });

    it('should answer 400 with details.fields.tz for an unknown zone', async () => {
      const { event } = await stage();
      const response = await t.http.get(`/api/events/${event.slug}/agenda?tz=Europe/Atlantis`).expect(400);
      expect(response.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { fields: { tz: expect.any(Array) } },
      });
    });

    it('should hide the agenda of a draft from strangers and show it to its staff', async () => {
      const { event, organizer } = await stage({ status: 'draft', publishedAt: null });
      const stranger = await registerUser(t);
      const anonymous = await t.http.get(`/api/events/${event.slug}/agenda`).expect(404);
      expect(anonymous.body.code).toBe('EVENT_NOT_FOUND');
      await t.http.get(`/api/events/${event.slug}/agenda`).set(stranger.auth).expect(404);
      await t.http.get(`/api/events/${event.slug}/changes`).set(stranger.auth).expect(404);
      const own = await t.http.get(`/api/events/${event.slug}/agenda`).set(organizer.auth).expect(200);
      expect(own.body).toEqual({ timezone: 'Asia/Shanghai', lang: 'en', days: [] });
    });
  });

  describe('freshness', () => {
    it('should show programme changes made after the agenda was read, whoever makes them', async () => {
      const { event, organizer, room } = await stage();
      const session = await addSession(event.slug, organizer, {
        title: 'First title',
        startsAt: '2030-11-20T09:00:00+08:00',
        endsAt: '2030-11-20T10:00:00+08:00',
        roomId: room.id,
        participants: [],
      });
      const first = await t.http.get(`/api/events/${event.slug}/agenda`).expect(200);
      expect(first.body.days[0].sessions[0]).toMatchObject({
        title: 'First title',
        room: { name: 'Main Stage' },
      });

      await t.http
        .patch(`/api/events/${event.slug}/sessions/${session.id}`)
        .set(organizer.auth)
        .send({ title: 'Second title' })
        .expect(200);
      const afterPatch = await t.http.get(`/api/events/${event.slug}/agenda`).expect(200);
      expect(afterPatch.body.days[0].sessions[0].title).toBe('Second title');

      // Writes by other features (rooms, speakers, organisations) go through TypeORM too.
      await dataSourceOf(t).getRepository(Room).update({ id: room.id }, { name: 'Hall 1' });
      const afterRoom = await t.http.get(`/api/events/${event.slug}/agenda`).expect(200);
      expect(afterRoom.body.days[0].sessions[0].room.name).toBe('Hall 1');

      const now = new Date().toISOString();
      const organization: Organization = {
        id: newId(),
        name: 'Silk Road Think Tank',
        nameKey: `silk road think tank ${newId()}`,
        shortName: 'SRT',
        country: null,
        url: null,
        createdAt: now,
        updatedAt: now,
      };
      await dataSourceOf(t).getRepository(Organization).insert(organization);
      const speaker: Speaker = {
        id: newId(),
        eventId: event.id,
        name: 'Chen Wei',
        position: null,
        organizationId: organization.id,
        bio: null,
        photoUrl: null,
        email: null,
        userId: null,
        createdAt: now,
        updatedAt: now,
      };
      await dataSourceOf(t).getRepository(Speaker).insert(speaker);
      await t.http
        .patch(`/api/events/${event.slug}/sessions/${session.id}`)
        .set(organizer.auth)
        .send({ participants: [{ speakerId: speaker.id, role: 'speaker' }] })
        .expect(200);
      await t.http.get(`/api/events/${event.slug}/agenda`).expect(200);
      await dataSourceOf(t)
        .getRepository(Organization)
        .update({ id: organization.id }, { shortName: 'SRTT' });
      const afterOrg = await t.http.get(`/api/events/${event.slug}/agenda`).expect(200);
      expect(afterOrg.body.days[0].sessions[0].participants[0].organization.shortName).toBe('SRTT');

      await dataSourceOf(t).getRepository(Event).update({ id: event.id }, { timezone: 'Europe/Moscow' });
      const afterZone = await t.http.get(`/api/events/${event.slug}/agenda`).expect(200);
      expect(afterZone.body.timezone).toBe('Europe/Moscow');
    });
  });

  describe('change log', () => {
    it('should record nothing before publication and raise the sequence anyway', async () => {
      const { event, organizer, room } = await stage({ status: 'draft', publishedAt: null });
      const session = await addSession(event.slug, organizer, {
        title: 'Draft talk',
        startsAt: '2030-11-20T09:00:00+08:00',
        endsAt: '2030-11-20T10:00:00+08:00',
        roomId: room.id,
      });
      const moved = await t.http
        .patch(`/api/events/${event.slug}/sessions/${session.id}`)
        .set(organizer.auth)
        .send({ startsAt: '2030-11-20T11:00:00+08:00', endsAt: '2030-11-20T12:00:00+08:00' })
        .expect(200);
      expect(moved.body.sequence).toBe(1);
      const changes = await t.http.get(`/api/events/${event.slug}/changes`).set(organizer.auth).expect(200);
      expect(changes.body).toEqual({ items: [], limit: 50, nextCursor: null });
    });

    it('should log added, moved, room-changed, updated and cancelled after publication, newest first', async () => {
      const { event, organizer, room } = await stage({ status: 'draft', publishedAt: null });
      const roomB = await makeRoom(t, event.id, { name: 'Room B', position: 1 });
      const before = await addSession(event.slug, organizer, {
        title: 'Planned before',
        startsAt: '2030-11-20T09:00:00+08:00',
        endsAt: '2030-11-20T10:00:00+08:00',
        roomId: room.id,
      });
      await dataSourceOf(t)
        .getRepository(Event)
        .update({ id: event.id }, { status: 'published', publishedAt: new Date().toISOString() });

      const base = `/api/events/${event.slug}/sessions`;
      const added = await addSession(event.slug, organizer, {
        title: 'Late addition',
        startsAt: '2030-11-21T09:00:00+08:00',
        endsAt: '2030-11-21T10:00:00+08:00',
        roomId: room.id,
      });
      const moved = await t.http
        .patch(`${base}/${before.id}`)
        .set(organizer.auth)
        .send({ startsAt: '2030-11-20T10:00:00+08:00', endsAt: '2030-11-20T11:00:00+08:00' })
        .expect(200);
      expect(moved.body.sequence).toBe(1);
      const roomChanged = await t.http
        .patch(`${base}/${before.id}`)
        .set(organizer.auth)
        .send({ roomId: roomB.id })
        .expect(200);
      expect(roomChanged.body.sequence).toBe(2);
      const updated = await t.http
        .patch(`${base}/${before.id}`)
        .set(organizer.auth)
        .send({ capacity: 50 })
        .expect(200);
      expect(updated.body.sequence).toBe(2);
      await t.http.delete(`${base}/${added.id}`).set(organizer.auth).expect(204);

      const changes = await t.http.get(`/api/events/${event.slug}/changes`).expect(200);
      expect(changes.body.nextCursor).toBeNull();
      expect(
        changes.body.items.map((item: { kind: string; sessionId: string }) => [item.kind, item.sessionId]),
      ).toEqual([
        ['cancelled', added.id],
        ['updated', before.id],
        ['room-changed', before.id],
        ['moved', before.id],
        ['added', added.id],
      ]);
      const [cancelled, capacity, roomChange, move, addition] = changes.body.items;
      expect(move).toMatchObject({
        before: { startsAt: '2030-11-20T01:00:00.000Z', endsAt: '2030-11-20T02:00:00.000Z' },
        after: { startsAt: '2030-11-20T02:00:00.000Z', endsAt: '2030-11-20T03:00:00.000Z' },
        summary:
          '"Planned before" moved from 2030-11-20 09:00–10:00 to 2030-11-20 10:00–11:00 (Asia/Shanghai)',
        createdAt: expect.any(String),
      });
      expect(roomChange).toMatchObject({
        before: { roomId: room.id },
        after: { roomId: roomB.id },
        summary: '"Planned before" moved from Main Stage to Room B',
      });
      expect(capacity).toMatchObject({ before: { capacity: null }, after: { capacity: 50 } });
      expect(cancelled).toMatchObject({
        before: { status: 'scheduled' },
        after: { status: 'cancelled' },
        summary: expect.stringContaining('was cancelled'),
      });
      expect(addition).toMatchObject({
        before: null,
        summary: expect.stringContaining('Added "Late addition"'),
      });
      const times = changes.body.items.map((item: { createdAt: string }) => item.createdAt);
      expect([...times].sort().reverse()).toEqual(times);
    });

    it('should page through the change log with limit and nextCursor', async () => {
      const { event, organizer, room } = await stage();
      const session = await addSession(event.slug, organizer, {
        title: 'Moving target',
        startsAt: '2030-11-20T09:00:00+08:00',
        endsAt: '2030-11-20T10:00:00+08:00',
        roomId: room.id,
      });
      for (const hour of [10, 11, 12, 13]) {
        await t.http
          .patch(`/api/events/${event.slug}/sessions/${session.id}`)
          .set(organizer.auth)
          .send({ startsAt: `2030-11-20T${hour}:00:00+08:00`, endsAt: `2030-11-20T${hour}:30:00+08:00` })
          .expect(200);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const response: { body: { limit: number; items: { kind: string }[]; nextCursor: string | null } } =
          await t.http
            .get(`/api/events/${event.slug}/changes`)
            .query(cursor ? { limit: 2, cursor } : { limit: 2 })
            .expect(200);
        expect(response.body.limit).toBe(2);
        seen.push(...response.body.items.map((item: { kind: string }) => item.kind));
        cursor = response.body.nextCursor;
        pages += 1;
      } while (cursor && pages < 10);
      expect(seen).toEqual(['moved', 'moved', 'moved', 'moved', 'added']);
      expect(pages).toBe(3);

      const bad = await t.http.get(`/api/events/${event.slug}/changes?limit=500`).expect(400);
      expect(bad.body.details.fields).toHaveProperty('limit');
      const badCursor = await t.http.get(`/api/events/${event.slug}/changes?cursor=nonsense`).expect(400);
      expect(badCursor.body.details.fields).toHaveProperty('cursor');
    });
  });
});
