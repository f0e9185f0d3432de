import { DomainEvents, DomainEventMap } from '../../src/common/domain-events/domain-events';
import { Event } from '../../src/events/event.entity';
import { Registration } from '../../src/registrations/registration.entity';
import { dataSourceOf, grantStaff, makeEvent } from '../factories/event.factory';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { Attendee, makeAttendees } from '../factories/attendee.factory';

describe('Registrations (e2e)', () => {
  let t: TestApp;
  let organizer: Attendee;
  const changes: DomainEventMap['registration.changed'][] = [];

  beforeAll(async () => {
    t = await createTestApp();
    [organizer] = await makeAttendees(t, 1, ['Olga Organizer']);
    t.app.get(DomainEvents).on('registration.changed', (change) => {
      changes.push(change);
    });
  });
  afterAll(async () => {
    await t.close();
  });

  async function eventWith(overrides: Partial<Event> = {}): Promise<Event> {
    const event = await makeEvent(t, overrides);
    await grantStaff(t, event.id, organizer.id, 'organizer');
    return event;
  }

  const register = (event: Event, who: Attendee, answers?: unknown) =>
    t.http
      .post(`/api/events/${event.slug}/registrations`)
      .set(who.auth)
      .send(answers === undefined ? {} : { answers });

  const mine = (event: Event, who: Attendee) =>
    t.http.get(`/api/events/${event.slug}/registrations/me`).set(who.auth);

  it('should never exceed the capacity and keep waitlist positions distinct when 40 register at once', async () => {
    const event = await eventWith({ registrationCapacity: 10 });
    const attendees = await makeAttendees(t, 40);
    const responses = await Promise.all(attendees.map((attendee) => register(event, attendee)));
    expect(responses.map((response) => response.status)).toEqual(attendees.map(() => 201));
    const confirmed = responses.filter((response) => response.body.status === 'confirmed');
    const waitlisted = responses.filter((response) => response.body.status === 'waitlisted');
    expect(confirmed).toHaveLength(10);
    expect(waitlisted).toHaveLength(30);
    expect(confirmed.every((response) => response.body.position === undefined)).toBe(true);
    expect(waitlisted.map((response) => response.body.position as number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 1),
    );

    const list = await t.http
      .get(`/api/events/${event.slug}/registrations?limit=200`)
      .set(organizer.auth)
      .expect(200);
    expect(list.body.counts).toEqual({
      pending: 0,
      confirmed: 10,
      waitlisted: 30,
      rejected: 0,
      cancelled: 0,
    });
    expect(list.body.capacity).toBe(10);
    const queueNumbers = list.body.items.map((item: { queueNumber: number }) => item.queueNumber);
    expect(new Set(queueNumbers).size).toBe(40);
  });

  it('should return the existing registration with 200 and never create two', async () => {
    const event = await eventWith();
    const [ana] = await makeAttendees(t, 1);
    const first = await register(event, ana).expect(201);
    const again = await register(event, ana).expect(200);
    expect(again.body).toMatchObject({ id: first.body.id, status: 'confirmed' });
    const burst = await Promise.all(Array.from({ length: 6 }, () => register(event, ana)));
    expect(burst.every((response) => response.status === 200 && response.body.id === first.body.id)).toBe(
      true,
    );
    const stored = await dataSourceOf(t)
      .getRepository(Registration)
      .countBy({ eventId: event.id, userId: ana.id });
    expect(stored).toBe(1);
  });

  it('should register once when the same user fires several first registrations at once', async () => {
    const event = await eventWith({ registrationCapacity: 3 });
    const [ana] = await makeAttendees(t, 1);
    const responses = await Promise.all(Array.from({ length: 5 }, () => register(event, ana)));
    expect(responses.filter((response) => response.status === 201)).toHaveLength(1);
    expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
    const stored = await dataSourceOf(t).getRepository(Registration).countBy({ eventId: event.id });
    expect(stored).toBe(1);
  });

  it('should answer 404 for drafts and unknown events, and 401 without a login', async () => {
    const draft = await makeEvent(t, { status: 'draft', publishedAt: null });
    const [ana] = await makeAttendees(t, 1);
    const response = await register(draft, ana).expect(404);
    expect(response.body.code).toBe('EVENT_NOT_FOUND');
    await t.http.post('/api/events/no-such-event/registrations').set(ana.auth).send({}).expect(404);
    const anonymous = await t.http.post(`/api/events/${draft.slug}/registrations`).send({}).expect(401);
    expect(anonymous.body.code).toBe('UNAUTHENTICATED');
  });

  it('should promote the first waitlisted in arrival order when a confirmed attendee cancels', async () => {
    const event = await eventWith({ registrationCapacity: 2 });
    const [a, b, c, d] = await makeAttendees(t, 4);
    for (const who of [a, b, c, d]) {
      await register(event, who).expect(201);
    }
    expect((await mine(event, c).expect(200)).body).toMatchObject({ status: 'waitlisted', position: 1 });
    expect((await mine(event, d).expect(200)).body).toMatchObject({ status: 'waitlisted', position: 2 });

    changes.length = 0;
    const cancelled = await t.http
      .delete(`/api/events/${event.slug}/registrations/me`)
      .set(a.auth)
      .expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await mine(event, c).expect(200)).body.status).toBe('confirmed');
    expect((await mine(event, d).expect(200)).body).toMatchObject({ status: 'waitlisted', position: 1 });
    expect(changes).toEqual(
      expect.arrayContaining([
        { eventId: event.id, userId: a.id, status: 'cancelled' },
        { eventId: event.id, userId: c.id, status: 'confirmed' },
      ]),
    );

    // Cancelling twice is harmless; registering again joins the end of the queue.
    await t.http.delete(`/api/events/${event.slug}/registrations/me`).set(a.auth).expect(200);
    const back = await register(event, a).expect(201);
    expect(back.body).toMatchObject({ id: cancelled.body.id, status: 'waitlisted', position: 2 });
  });

  it('should promote waiting attendees when the capacity is raised', async () => {
    const event = await eventWith({ registrationCapacity: 1 });
    const [a, b, c, d] = await makeAttendees(t, 4);
    for (const who of [a, b, c, d]) {
      await register(event, who).expect(201);
    }
    const settings = await t.http
      .patch(`/api/events/${event.slug}/registration-settings`)
      .set(organizer.auth)
      .send({ capacity: 3 })
      .expect(200);
    expect(settings.body).toMatchObject({ capacity: 3, open: true, requiresApproval: false, seatsLeft: 0 });
    expect(settings.body.counts).toMatchObject({ confirmed: 3, waitlisted: 1 });
    expect((await mine(event, b).expect(200)).body.status).toBe('confirmed');
    expect((await mine(event, c).expect(200)).body.status).toBe('confirmed');
    expect((await mine(event, d).expect(200)).body).toMatchObject({ status: 'waitlisted', position: 1 });

    // Raised through the events feature's own PATCH: the waitlist follows without anyone asking.
    changes.length = 0;
    await t.http
      .patch(`/api/events/${event.slug}`)
      .set(organizer.auth)
      .send({ registration: { capacity: 4 } })
      .expect(200);
    await waitFor(() => changes.some((change) => change.userId === d.id && change.status === 'confirmed'));
    const stored = await dataSourceOf(t)
      .getRepository(Registration)
      .findOneByOrFail({ eventId: event.id, userId: d.id });
    expect(stored.status).toBe('confirmed');

    await t.http
      .patch(`/api/events/${event.slug}/registration-settings`)
      .set(a.auth)
      .send({ capacity: 10 })
      .expect(403);
    const bad = await t.http
      .patch(`/api/events/${event.slug}/registration-settings`)
      .set(organizer.auth)
      .send({ capacity: -1, extra: true })
      .expect(400);
    expect(Object.keys(bad.body.details.fields).sort()).toEqual(['capacity', 'extra']);
  });

  it('should refuse new registrations while registration is closed', async () => {
    const event = await eventWith();
    const [a, b] = await makeAttendees(t, 2);
    await register(event, a).expect(201);
    await t.http
      .patch(`/api/events/${event.slug}/registration-settings`)
      .set(organizer.auth)
      .send({ open: false })
      .expect(200);
    const closed = await register(event, b).expect(409);
    expect(closed.body.code).toBe('REGISTRATION_CLOSED');
    // Those already in keep their registration.
    await register(event, a).expect(200);
    const publicSettings = await t.http.get(`/api/events/${event.slug}/registration-settings`).expect(200);
    expect(publicSettings.body).toMatchObject({ open: false, capacity: null, seatsLeft: null });
    expect(publicSettings.body.counts).toBeUndefined();
    const staffSettings = await t.http
      .get(`/api/events/${event.slug}/registration-settings`)
      .set(organizer.auth)
      .expect(200);
    expect(staffSettings.body.counts).toMatchObject({ confirmed: 1 });
  });

  it('should hold approvals as pending, then confirm or waitlist them, and promote after a rejection', async () => {
    const event = await eventWith({ registrationCapacity: 1, registrationRequiresApproval: true });
    const [a, b, c] = await makeAttendees(t, 3);
    const ra = (await register(event, a).expect(201)).body;
    const rb = (await register(event, b).expect(201)).body;
    const rc = (await register(event, c).expect(201)).body;
    expect([ra.status, rb.status, rc.status]).toEqual(['pending', 'pending', 'pending']);

    const approve = (id: string, who: Attendee = organizer) =>
      t.http.post(`/api/events/${event.slug}/registrations/${id}/approve`).set(who.auth);
    const reject = (id: string) =>
      t.http.post(`/api/events/${event.slug}/registrations/${id}/reject`).set(organizer.auth);

    await approve(ra.id, a).expect(403);
    expect((await approve(ra.id).expect(200)).body.status).toBe('confirmed');
    expect((await approve(ra.id).expect(200)).body.status).toBe('confirmed');
    expect((await approve(rb.id).expect(200)).body).toMatchObject({ status: 'waitlisted', position: 1 });
    expect((await reject(rc.id).expect(200)).body.status).toBe('rejected');
    // A rejected attendee cannot sneak back in by registering again.
    expect((await register(event, c).expect(200)).body.status).toBe('rejected');

    // Rejecting the confirmed one frees the seat for the first waitlisted.
    expect((await reject(ra.id).expect(200)).body.status).toBe('rejected');
    expect((await mine(event, b).expect(200)).body.status).toBe('confirmed');

    // Ids of another event's registrations are not found here.
    const other = await eventWith();
    const [d] = await makeAttendees(t, 1);
    const foreign = (await register(other, d).expect(201)).body;
    expect((await approve(foreign.id).expect(404)).body.code).toBe('REGISTRATION_NOT_FOUND');
    await approve('not-a-uuid').expect(400);

    // The attendee cancelled: an organizer cannot approve them back in.
    await t.http.delete(`/api/events/${event.slug}/registrations/me`).set(b.auth).expect(200);
    expect((await approve(rb.id).expect(409)).body.code).toBe('INVALID_STATE');

    const audit = await t.http
      .get(`/api/events/${event.slug}/registrations?status=rejected`)
      .set(organizer.auth);
    expect(audit.body.items.map((item: { id: string }) => item.id).sort()).toEqual([ra.id, rc.id].sort());
  });
});

/** Domain-event listeners finish after the HTTP answer; poll for their effect instead of sleeping. */
async function waitFor(condition: () => boolean, attempts = 100): Promise<void> {
  for (let i = 0; i < attempts; i += 1) {
    if (condition()) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('condition not met in time');
}
