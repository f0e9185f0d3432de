import { createHash } from 'node:crypto';

import { SessionParticipant } from '../../src/agenda/session-participant.entity';
import { TokenService } from '../../src/auth/token.service';
import { User } from '../../src/auth/user.entity';
import { DomainEventMap, DomainEvents } from '../../src/common/domain-events/domain-events';
import { newId } from '../../src/common/ids';
import { Event } from '../../src/events/event.entity';
import { Speaker } from '../../src/programme/speaker.entity';
import { CalendarFeed } from '../../src/registrations/calendar-feed.entity';
import {
  dataSourceOf,
  grantStaff,
  makeEvent,
  makeRegistration,
  makeRoom,
  makeSession,
} from '../factories/event.factory';
import { createTestApp, TestApp } from '../utils/create-test-app';

interface Person {
  id: string;
  name: string;
  auth: { Authorization: string };
}

async function makePeople(t: TestApp, count: number): Promise<Person[]> {
  const tokens = t.app.get(TokenService);
  const people: Person[] = [];
  for (let i = 0; i < count; i += 1) {
    const id = newId();
    const email = `person-${id.slice(0, 8)}@example.test`;
    const name = `Person ${id.slice(0, 6)}`;
    await dataSourceOf(t)
      .getRepository(User)
      .insert({ id, email, emailKey: email, name, passwordHash: 'x', createdAt: new Date().toISOString() });
    people.push({ id, name, auth: { Authorization: `Bearer ${tokens.issue({ id, email, name })}` } });
  }
  return people;
}

async function linkSpeaker(
  t: TestApp,
  event: Event,
  userId: string,
  sessionId: string,
  role: SessionParticipant['role'],
): Promise<void> {
  const now = new Date().toISOString();
  const speaker: Speaker = {
    id: newId(),
    eventId: event.id,
    name: 'Linked speaker',
    position: null,
    organizationId: null,
    bio: null,
    photoUrl: null,
    email: null,
    userId,
    createdAt: now,
    updatedAt: now,
  };
  await dataSourceOf(t).getRepository(Speaker).insert(speaker);
  await dataSourceOf(t)
    .getRepository(SessionParticipant)
    .insert({ sessionId, speakerId: speaker.id, role, position: 0 });
}

const feedPath = (url: string): string => new URL(url).pathname;

describe('Session seats, personal agenda, calendar feed and change notices (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  describe('session seats', () => {
    it('should confirm seats up to the capacity, waitlist the rest and promote on release', async () => {
      const event = await makeEvent(t);
      const workshop = await makeSession(t, event.id, {
        kind: 'workshop',
        capacity: 2,
        title: 'Data workshop',
      });
      const [a, b, c, d] = await makePeople(t, 4);
      for (const who of [a, b, c, d]) {
        await makeRegistration(t, event.id, who.id, 'confirmed');
      }
      const seat = (who: Person) =>
        t.http.post(`/api/events/${event.slug}/sessions/${workshop.id}/seat`).set(who.auth);

      expect((await seat(a).expect(201)).body).toMatchObject({ status: 'confirmed', capacity: 2, taken: 1 });
      expect((await seat(b).expect(201)).body.status).toBe('confirmed');
      expect((await seat(c).expect(201)).body).toMatchObject({ status: 'waitlisted', position: 1 });
      expect((await seat(d).expect(201)).body).toMatchObject({ status: 'waitlisted', position: 2 });
      expect((await seat(c).expect(200)).body).toMatchObject({ status: 'waitlisted', position: 1 });

      await t.http.delete(`/api/events/${event.slug}/sessions/${workshop.id}/seat`).set(a.auth).expect(204);
      await t.http.delete(`/api/events/${event.slug}/sessions/${workshop.id}/seat`).set(a.auth).expect(204);
      const cSeat = await t.http.get(`/api/events/${event.slug}/sessions/${workshop.id}/seat`).set(c.auth);
      expect(cSeat.body).toMatchObject({ status: 'confirmed', taken: 2, waiting: 1 });
      const dSeat = await t.http.get(`/api/events/${event.slug}/sessions/${workshop.id}/seat`).set(d.auth);
      expect(dSeat.body).toMatchObject({ status: 'waitlisted', position: 1 });
      const aSeat = await t.http.get(`/api/events/${event.slug}/sessions/${workshop.id}/seat`).set(a.auth);
      expect(aSeat.body.status).toBe('none');

      // Leaving the event gives the session seat to the next in line as well.
      await t.http.delete(`/api/events/${event.slug}/registrations/me`).set(b.auth).expect(200);
      const dAfter = await t.http.get(`/api/events/${event.slug}/sessions/${workshop.id}/seat`).set(d.auth);
      expect(dAfter.body.status).toBe('confirmed');
    });

    it('should require a confirmed registration or a staff role, and a session with a capacity', async () => {
      const event = await makeEvent(t);
      const workshop = await makeSession(t, event.id, { kind: 'workshop', capacity: 1 });
      const plenary = await makeSession(t, event.id, { kind: 'keynote', capacity: null });
      const [waiting, stranger, staff, attendee] = await makePeople(t, 4);
      await makeRegistration(t, event.id, waiting.id, 'waitlisted');
      await makeRegistration(t, event.id, attendee.id, 'confirmed');
      await grantStaff(t, event.id, staff.id, 'moderator');
      const seat = (who: Person, sessionId = workshop.id) =>
        t.http.post(`/api/events/${event.slug}/sessions/${sessionId}/seat`).set(who.auth);

      expect((await seat(waiting).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await seat(stranger).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await seat(staff).expect(201)).body.status).toBe('confirmed');
      const noNeed = await seat(attendee, plenary.id).expect(409);
      expect(noNeed.body).toMatchObject({ code: 'INVALID_STATE' });
      expect(noNeed.body.message).toContain('no reservation needed');
      expect((await seat(attendee, newId()).expect(404)).body.code).toBe('SESSION_NOT_FOUND');
      await seat(attendee, 'nope').expect(400);
      await t.http.post(`/api/events/${event.slug}/sessions/${workshop.id}/seat`).expect(401);

      // A session of another event is not found through this one.
      const other = await makeEvent(t);
      const foreign = await makeSession(t, other.id, { capacity: 5 });
      expect((await seat(attendee, foreign.id).expect(404)).body.code).toBe('SESSION_NOT_FOUND');
    });
  });

  describe('personal agenda', () => {
    it('should list bookmarks and speaking slots with reasons, zoned times and overlaps', async () => {
      const event = await makeEvent(t, { timezone: 'Asia/Shanghai' });
      const room = await makeRoom(t, event.id, { name: 'Hall A' });
      const [ana] = await makePeople(t, 1);
      const opening = await makeSession(t, event.id, {
        title: 'Opening',
        roomId: room.id,
        startsAt: '2030-11-20T01:00:00.000Z',
        endsAt: '2030-11-20T02:00:00.000Z',
      });
      const panel = await makeSession(t, event.id, {
        title: 'Panel',
        kind: 'panel',
        startsAt: '2030-11-20T01:30:00.000Z',
        endsAt: '2030-11-20T02:30:00.000Z',
      });
      const later = await makeSession(t, event.id, {
        title: 'Later talk',
        startsAt: '2030-11-20T06:00:00.000Z',
        endsAt: '2030-11-20T07:00:00.000Z',
      });
      const dropped = await makeSession(t, event.id, {
        title: 'Dropped talk',
        status: 'cancelled',
        startsAt: '2030-11-20T01:15:00.000Z',
        endsAt: '2030-11-20T01:45:00.000Z',
      });
      const notMine = await makeSession(t, event.id, { title: 'Not on my agenda' });
      await linkSpeaker(t, event, ana.id, panel.id, 'moderator');

      const bookmark = (sessionId: string) =>
        t.http.put(`/api/events/${event.slug}/sessions/${sessionId}/bookmark`).set(ana.auth);
      await bookmark(opening.id).expect(204);
      await bookmark(opening.id).expect(204);
      await bookmark(panel.id).expect(204);
      await bookmark(later.id).expect(204);
      await bookmark(dropped.id).expect(204);
      await t.http
        .delete(`/api/events/${event.slug}/sessions/${later.id}/bookmark`)
        .set(ana.auth)
        .expect(204);
      await t.http
        .delete(`/api/events/${event.slug}/sessions/${later.id}/bookmark`)
        .set(ana.auth)
        .expect(204);
      await bookmark(newId()).expect(404);

      const agenda = await t.http.get('/api/me/agenda').set(ana.auth).expect(200);
      expect(agenda.body.timezone).toBeNull();
      const ids = agenda.body.items.map((item: { id: string }) => item.id);
      expect(ids).toEqual([opening.id, dropped.id, panel.id]);
      expect(ids).not.toContain(notMine.id);
      const [first, second, third] = agenda.body.items;
      expect(first).toMatchObject({
        title: 'Opening',
        startsAt: '2030-11-20T09:00:00+08:00',
        endsAt: '2030-11-20T10:00:00+08:00',
        timezone: 'Asia/Shanghai',
        room: { id: room.id, name: 'Hall A' },
        reasons: ['bookmarked'],
        bookmarked: true,
        overlapsWith: [panel.id],
        event: { slug: event.slug },
      });
      expect(second).toMatchObject({ status: 'cancelled', overlapsWith: [] });
      expect(third).toMatchObject({ reasons: ['moderator', 'bookmarked'], overlapsWith: [opening.id] });

      const moscow = await t.http.get('/api/me/agenda?tz=Europe/Moscow').set(ana.auth).expect(200);
      expect(moscow.body.timezone).toBe('Europe/Moscow');
      expect(moscow.body.items[0]).toMatchObject({
        startsAt: '2030-11-20T04:00:00+03:00',
        timezone: 'Europe/Moscow',
      });
      const utc = await t.http.get('/api/me/agenda?tz=UTC').set(ana.auth).expect(200);
      expect(utc.body.items[0].startsAt).toBe('2030-11-20T01:00:00Z');
      const bad = await t.http.get('/api/me/agenda?tz=Mars/Olympus').set(ana.auth).expect(400);
      expect(Object.keys(bad.body.details.fields)).toEqual(['tz']);
      await t.http.get('/api/me/agenda').expect(401);
    });

    it('should show a speaker their own slots without bookmarks, but hide drafts they are not staff of', async () => {
      const published = await makeEvent(t);
      const draft = await makeEvent(t, { status: 'draft', publishedAt: null });
      const [speaker] = await makePeople(t, 1);
      const keynote = await makeSession(t, published.id, { title: 'Keynote', kind: 'keynote' });
      const secret = await makeSession(t, draft.id, { title: 'Draft session' });
      await linkSpeaker(t, published, speaker.id, keynote.id, 'speaker');
      await linkSpeaker(t, draft, speaker.id, secret.id, 'panelist');

      const agenda = await t.http.get('/api/me/agenda').set(speaker.auth).expect(200);
      expect(agenda.body.items).toHaveLength(1);
      expect(agenda.body.items[0]).toMatchObject({ id: keynote.id, reasons: ['speaker'], bookmarked: false });
    });
  });

  describe('calendar feed', () => {
    it('should serve a secret feed without login, keep its URL, and kill the old URL on rotation', async () => {
      const event = await makeEvent(t, { title: 'SiLKS Annual Meeting' });
      const session = await makeSession(t, event.id, { title: 'Belt and Road data session' });
      const [ana, bob] = await makePeople(t, 2);
      await t.http.put(`/api/events/${event.slug}/sessions/${session.id}/bookmark`).set(ana.auth).expect(204);

      const first = await t.http.get('/api/me/calendar').set(ana.auth).expect(200);
      expect(first.body.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
      const again = await t.http.get('/api/me/calendar').set(ana.auth).expect(200);
      expect(again.body.url).toBe(first.body.url);
      const bobs = await t.http.get('/api/me/calendar').set(bob.auth).expect(200);
      expect(bobs.body.url).not.toBe(first.body.url);

      const feed = await t.http.get(feedPath(first.body.url)).expect(200);
      expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
      expect(feed.text).toContain('BEGIN:VCALENDAR');
      expect(feed.text).toContain(`UID:${session.id}@plenary`);
      expect(feed.text).toContain('SUMMARY:Belt and Road data session');
      expect(feed.text).toContain('DTSTART;TZID=Asia/Shanghai:20301120T090000');
      expect(feed.text).toContain('BEGIN:VTIMEZONE');

      // Only a SHA-256 of the token is stored.
      const token = feedPath(first.body.url)
        .split('/')
        .pop()!
        .replace(/\.ics$/, '');
      const stored = await dataSourceOf(t).getRepository(CalendarFeed).findOneByOrFail({ userId: ana.id });
      expect(stored.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
      expect(JSON.stringify(stored)).not.toContain(token);

      const rotated = await t.http.post('/api/me/calendar/rotate').set(ana.auth).expect(200);
      expect(rotated.body.url).not.toBe(first.body.url);
      const gone = await t.http.get(feedPath(first.body.url)).expect(404);
      expect(gone.body.code).toBe('NOT_FOUND');
      await t.http.get(feedPath(rotated.body.url)).expect(200);
      expect((await t.http.get('/api/me/calendar').set(ana.auth)).body.url).toBe(rotated.body.url);

      await t.http.get(`/api/calendar/${'A'.repeat(43)}.ics`).expect(404);
      await t.http.get('/api/calendar/short.ics').expect(404);
      await t.http.get('/api/me/calendar').expect(401);
      await t.http.post('/api/me/calendar/rotate').expect(401);
    });
  });

  describe('change notices', () => {
    it('should notify bookmarkers and seat holders when a published session moves or is cancelled', async () => {
      const event = await makeEvent(t);
      const room = await makeRoom(t, event.id);
      const [organizer, fan, holder, waiter, bystander] = await makePeople(t, 5);
      await grantStaff(t, event.id, organizer.id, 'organizer');
      for (const who of [holder, waiter, bystander]) {
        await makeRegistration(t, event.id, who.id, 'confirmed');
      }
      const workshop = await makeSession(t, event.id, {
        title: 'Open data workshop',
        kind: 'workshop',
        capacity: 1,
        roomId: room.id,
      });
      await t.http
        .put(`/api/events/${event.slug}/sessions/${workshop.id}/bookmark`)
        .set(fan.auth)
        .expect(204);
      await t.http
        .put(`/api/events/${event.slug}/sessions/${workshop.id}/bookmark`)
        .set(holder.auth)
        .expect(204);
      await t.http
        .post(`/api/events/${event.slug}/sessions/${workshop.id}/seat`)
        .set(holder.auth)
        .expect(201);
      await t.http
        .post(`/api/events/${event.slug}/sessions/${workshop.id}/seat`)
        .set(waiter.auth)
        .expect(201);
      const feedUrl = (await t.http.get('/api/me/calendar').set(fan.auth)).body.url as string;

      const created: DomainEventMap['notification.created'][] = [];
      const off = t.app.get(DomainEvents).on('notification.created', (payload) => {
        created.push(payload);
      });

      await t.http
        .patch(`/api/events/${event.slug}/sessions/${workshop.id}`)
        .set(organizer.auth)
        .send({ startsAt: '2030-11-20T14:00:00+08:00', endsAt: '2030-11-20T15:00:00+08:00' })
        .expect(200);
      await waitFor(() => created.length === 3);
      expect(created.map((payload) => payload.userId).sort()).toEqual([fan.id, holder.id, waiter.id].sort());
      expect(
        created.every((payload) => payload.sessionId === workshop.id && payload.eventId === event.id),
      ).toBe(true);

      const notices = await t.http.get('/api/me/notifications').set(fan.auth).expect(200);
      expect(notices.body.unreadCount).toBe(1);
      expect(notices.body.items).toHaveLength(1);
      expect(notices.body.items[0]).toMatchObject({
        id: created.find((payload) => payload.userId === fan.id)!.notificationId,
        eventSlug: event.slug,
        sessionId: workshop.id,
        sessionTitle: 'Open data workshop',
        kind: 'moved',
        read: false,
        summary: expect.any(String),
        createdAt: expect.any(String),
      });
      const holderNotices = await t.http.get('/api/me/notifications').set(holder.auth).expect(200);
      expect(holderNotices.body.items).toHaveLength(1);
      expect((await t.http.get('/api/me/notifications').set(bystander.auth)).body).toMatchObject({
        items: [],
        unreadCount: 0,
      });

      const movedFeed = await t.http.get(feedPath(feedUrl)).expect(200);
      expect(movedFeed.text).toContain('SEQUENCE:1');
      expect(movedFeed.text).toContain('DTSTART;TZID=Asia/Shanghai:20301120T140000');

      await t.http
        .delete(`/api/events/${event.slug}/sessions/${workshop.id}`)
        .set(organizer.auth)
        .expect(204);
      await waitFor(() => created.length === 6);
      off();
      const cancelledFeed = await t.http.get(feedPath(feedUrl)).expect(200);
      expect(cancelledFeed.text).toContain('STATUS:CANCELLED');
      expect(cancelledFeed.text).toContain('SEQUENCE:2');
      const afterCancel = await t.http.get('/api/me/notifications').set(fan.auth).expect(200);
      expect(afterCancel.body.items.map((item: { kind: string }) => item.kind)).toEqual([
        'cancelled',
        'moved',
      ]);
      expect(afterCancel.body.unreadCount).toBe(2);
      const agenda = await t.http.get('/api/me/agenda').set(fan.auth).expect(200);
      expect(agenda.body.items[0]).toMatchObject({ id: workshop.id, status: 'cancelled' });

      const read = await t.http.post('/api/me/notifications/read').set(fan.auth).expect(200);
      expect(read.body).toEqual({ unreadCount: 0 });
      const afterRead = await t.http.get('/api/me/notifications?limit=1').set(fan.auth).expect(200);
      expect(afterRead.body).toMatchObject({ unreadCount: 0, items: [{ kind: 'cancelled', read: true }] });
      const page2 = await t.http
        .get(`/api/me/notifications?limit=1&cursor=${afterRead.body.nextCursor}`)
        .set(fan.auth)
        .expect(200);
      expect(page2.body.items).toMatchObject([{ kind: 'moved' }]);
      expect(page2.body.nextCursor).toBeUndefined();
      await t.http.get('/api/me/notifications?limit=500').set(fan.auth).expect(400);
      await t.http.get('/api/me/notifications?cursor=bogus').set(fan.auth).expect(400);
    });

    it('should not notify about unpublished programmes or changes calendars need not hear about', async () => {
      const event = await makeEvent(t);
      const session = await makeSession(t, event.id, { title: 'Quiet session' });
      const [fan] = await makePeople(t, 1);
      await t.http.put(`/api/events/${event.slug}/sessions/${session.id}/bookmark`).set(fan.auth).expect(204);
      const domainEvents = t.app.get(DomainEvents);
      const changes: DomainEventMap['programme.session-changed'][] = [
        {
          eventId: event.id,
          sessionId: session.id,
          kind: 'moved',
          summary: 'Moved while still a draft',
          published: false,
        },
        {
          eventId: event.id,
          sessionId: session.id,
          kind: 'live-status',
          summary: 'Went live',
          published: true,
        },
        {
          eventId: event.id,
          sessionId: session.id,
          kind: 'room-changed',
          summary: 'Now in Hall B',
          published: true,
        },
      ];
      // Notices are written inside the programme change's transaction, as SessionsService does.
      await dataSourceOf(t).transaction(async (manager) => {
        for (const change of changes) {
          await domainEvents.emitWithin(manager, 'programme.session-changed', change);
        }
      });
      const notices = await t.http.get('/api/me/notifications').set(fan.auth).expect(200);
      expect(notices.body.items).toMatchObject([{ kind: 'room-changed', summary: 'Now in Hall B' }]);
    });

    /** A workshop of one seat, taken; `b` waits for it; then the organizer changes the capacity. */
    const waitlistThenChangeCapacity = async (capacity: number | null) => {
      const event = await makeEvent(t);
      const room = await makeRoom(t, event.id);
      const [organizer, a, b] = await makePeople(t, 3);
      await grantStaff(t, event.id, organizer.id, 'organizer');
      await makeRegistration(t, event.id, a.id, 'confirmed');
      await makeRegistration(t, event.id, b.id, 'confirmed');
      const workshop = await makeSession(t, event.id, { kind: 'workshop', capacity: 1, roomId: room.id });
      await t.http.post(`/api/events/${event.slug}/sessions/${workshop.id}/seat`).set(a.auth).expect(201);
      await t.http.post(`/api/events/${event.slug}/sessions/${workshop.id}/seat`).set(b.auth).expect(201);
      await t.http
        .patch(`/api/events/${event.slug}/sessions/${workshop.id}`)
        .set(organizer.auth)
        .send({ capacity })
        .expect(200);
      return { event, workshop, b };
    };

    it('should promote a session waitlist when the session capacity is raised', async () => {
      const { event, workshop, b } = await waitlistThenChangeCapacity(2);
      const seat = await t.http.get(`/api/events/${event.slug}/sessions/${workshop.id}/seat`).set(b.auth);
      expect(seat.body).toMatchObject({ status: 'confirmed', capacity: 2, taken: 2 });
    });

    it('should seat the whole waitlist when the session capacity is removed', async () => {
      const { workshop, b } = await waitlistThenChangeCapacity(null);
      // Read through the personal agenda, which shows the stored seat (GET …/seat would promote first).
      const seatOnAgenda = async (): Promise<unknown> => {
        const agenda = await t.http.get('/api/me/agenda').set(b.auth).expect(200);
        return agenda.body.items.find((item: { id: string }) => item.id === workshop.id)?.seat;
      };
      await waitFor(async () => (await seatOnAgenda()) !== 'waitlisted');
      expect(await seatOnAgenda()).toBe('confirmed');
    });
  });
});

/** Domain-event listeners finish after the HTTP answer; poll for their effect instead of sleeping. */
async function waitFor(condition: () => boolean | Promise<boolean>, attempts = 100): Promise<void> {
  for (let i = 0; i < attempts; i += 1) {
    if (await condition()) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('condition not met in time');
}
