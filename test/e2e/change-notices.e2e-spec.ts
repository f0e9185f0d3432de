import { DomainEventMap, DomainEvents } from '../../src/common/domain-events/domain-events';
import {
  dataSourceOf,
  grantStaff,
  makeEvent,
  makeRegistration,
  makeRoom,
  makeSession,
} from '../factories/event.factory';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { makeAttendees } from '../factories/attendee.factory';
import { eventually } from '../utils/eventually';

const feedPath = (url: string): string => new URL(url).pathname;

describe('Change notices to bookmarkers and seat holders (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  describe('change notices', () => {
    it('should notify bookmarkers and seat holders when a published session moves or is cancelled', async () => {
      const event = await makeEvent(t);
      const room = await makeRoom(t, event.id);
      const [organizer, fan, holder, waiter, bystander] = await makeAttendees(t, 5);
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
      await eventually('the change notice', () => created.length === 3);
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
      await eventually('the change notice', () => created.length === 6);
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
      const [fan] = await makeAttendees(t, 1);
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
      const [organizer, a, b] = await makeAttendees(t, 3);
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
      await eventually('the change notice', async () => (await seatOnAgenda()) !== 'waitlisted');
      expect(await seatOnAgenda()).toBe('confirmed');
    });
  });
});
