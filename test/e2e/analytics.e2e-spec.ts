import { randomUUID } from 'node:crypto';

import type { AgendaSession } from '../../src/agenda/agenda-session.entity';
import { AttendanceClock } from '../../src/analytics/attendance-clock';
import { AttendanceRecorder } from '../../src/analytics/attendance-recorder';
import type { Event } from '../../src/events/event.entity';
import { PresenceTracker } from '../../src/realtime/presence';
import { ReactionBursts } from '../../src/reactions/reaction-bursts';
import { Registration } from '../../src/registrations/registration.entity';
import {
  dataSourceOf,
  grantStaff,
  makeEvent,
  makeRegistration,
  makeSession,
} from '../factories/event.factory';
import { registerUser, TestUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { eventually } from '../utils/eventually';
import { insertPoll } from '../utils/world';
import { connectLive, LiveClient, ok } from '../utils/socket-client';

const T0 = Date.parse('2030-11-20T01:00:00.000Z');
const at = (minutes: number): number => T0 + minutes * 60_000;

/**
 * A scripted live session with known answers. The attendance clock is set before each step, and each step
 * waits until the server has seen it (presence), so every figure below is exact:
 *
 *   A: joins 0, leaves 20 (session:leave); joins again 40 (a new visit, > 2 min later), leaves 45  → 25 min
 *   B: joins 0, disconnects 10, reconnects 11 (same visit), disconnects 30                          → 30 min
 *   C: joins 5 with two tabs, closes one at 10, the other at 15                                      → 10 min
 *   Per minute: 0–4: 2 · 5–14: 3 · 15–19: 2 · 20–29: 1 · 30–39: 0 · 40–44: 1
 */
describe('Analytics: attendance and engagement figures (e2e)', () => {
  let t: TestApp;
  let event: Event;
  let session: AgendaSession;
  let quiet: AgendaSession;
  let organizer: TestUser;
  let users: Record<'a' | 'b' | 'c' | 'd', TestUser>;
  const sockets: LiveClient[] = [];

  const setClock = (minutes: number): void => {
    t.app.get(AttendanceClock).now = () => at(minutes);
  };
  const present = (count: number) =>
    eventually(`${count} users present`, () => t.app.get(PresenceTracker).count(session.id) === count);
  const join = async (user: TestUser): Promise<LiveClient> => {
    const socket = await connectLive(t, user.token);
    sockets.push(socket);
    await ok(socket, 'session:join', { sessionId: session.id });
    return socket;
  };
  const register = async (user: TestUser, country: string, status: Registration['status']) => {
    const registration = await makeRegistration(t, event.id, user.id, status);
    await dataSourceOf(t)
      .getRepository(Registration)
      .update(registration.id, { answers: { country, topics: ['health', 'trade'], consent: true } });
  };

  beforeAll(async () => {
    t = await createTestApp();
    organizer = await registerUser(t, { name: 'Organizer' });
    event = await makeEvent(t, {
      registrationFields: [
        {
          key: 'country',
          label: 'Country',
          type: 'choice',
          options: ['China', 'Russia', 'Kazakhstan'],
          required: true,
        },
        {
          key: 'topics',
          label: 'Topics',
          type: 'multi',
          options: ['health', 'trade', 'culture'],
          required: false,
        },
        { key: 'consent', label: 'Consent', type: 'checkbox', required: false },
      ],
    });
    await grantStaff(t, event.id, organizer.id, 'organizer');
    session = await makeSession(t, event.id, { title: 'Opening plenary' });
    quiet = await makeSession(t, event.id, {
      title: 'Quiet room',
      startsAt: '2030-11-20T05:00:00.000Z',
      endsAt: '2030-11-20T06:00:00.000Z',
    });
    users = {
      a: await registerUser(t, { name: 'Анна' }),
      b: await registerUser(t, { name: '王伟' }),
      c: await registerUser(t, { name: 'Chen' }),
      d: await registerUser(t, { name: 'Pending' }),
    };
    await register(users.a, 'Russia', 'confirmed');
    await register(users.b, 'China', 'confirmed');
    await register(users.c, 'China', 'confirmed');
    await register(users.d, 'Kazakhstan', 'pending');

    setClock(0);
    const a1 = await join(users.a);
    let b1 = await join(users.b);
    await present(2);
    await ok(a1, 'chat:send', { sessionId: session.id, text: 'Hello', clientId: randomUUID() });
    await ok(a1, 'chat:send', { sessionId: session.id, text: 'Again', clientId: randomUUID() });
    await ok(b1, 'chat:send', { sessionId: session.id, text: '你好', clientId: randomUUID() });
    // Two voters; A changes their vote, which replaces it (2 votes). Three reactions, summed per minute.
    const pollId = await insertPoll(t, session, 'open');
    await ok(a1, 'poll:vote', { pollId, choices: [0], clientId: randomUUID() });
    await ok(b1, 'poll:vote', { pollId, choices: [1], clientId: randomUUID() });
    await ok(a1, 'poll:vote', { pollId, choices: [1], clientId: randomUUID() });
    await ok(a1, 'reaction:send', { sessionId: session.id, emoji: '👏' });
    await ok(a1, 'reaction:send', { sessionId: session.id, emoji: '🎉' });
    await ok(b1, 'reaction:send', { sessionId: session.id, emoji: '👏' });
    await t.app.get(ReactionBursts).flush();

    setClock(5);
    const c1 = await join(users.c);
    const c2 = await join(users.c);
    await present(3);
    await ok(c1, 'qa:ask', { sessionId: session.id, text: 'A question?', clientId: randomUUID() });

    setClock(10);
    b1.close();
    c1.close();
    await present(2); // B gone; C still there through the second tab
    setClock(11);
    b1 = await join(users.b);
    await present(3);

    setClock(15);
    c2.close();
    await present(2);

    setClock(20);
    await ok(a1, 'session:leave', { sessionId: session.id });
    await present(1);

    setClock(30);
    b1.close();
    await present(0);

    setClock(40);
    await ok(a1, 'session:join', { sessionId: session.id });
    await present(1);
    setClock(45);
    a1.close();
    await present(0);

    await t.app.get(AttendanceRecorder).flush();
  });

  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await t.close();
  });

  it('should give every session figure of the scripted scenario', async () => {
    const response = await t.http
      .get(`/api/events/${event.slug}/analytics`)
      .set({ Authorization: `Bearer ${organizer.token}` });
    expect(response.status).toBe(200);
    expect(response.body.sessions).toEqual([
      {
        sessionId: session.id,
        title: 'Opening plenary',
        startsAt: session.startsAt,
        endsAt: session.endsAt,
        uniqueViewers: 3,
        visits: 4,
        peakConcurrent: 3,
        averageMinutes: 21.7,
        messages: 3,
        questions: 1,
        pollVotes: 2,
        reactions: 3,
      },
      {
        sessionId: quiet.id,
        title: 'Quiet room',
        startsAt: quiet.startsAt,
        endsAt: quiet.endsAt,
        uniqueViewers: 0,
        visits: 0,
        peakConcurrent: 0,
        averageMinutes: 0,
        messages: 0,
        questions: 0,
        pollVotes: 0,
        reactions: 0,
      },
    ]);
  });

  it('should count registrations by status and confirmed ones by each answer', async () => {
    const response = await t.http
      .get(`/api/events/${event.slug}/analytics`)
      .set({ Authorization: `Bearer ${organizer.token}` });
    expect(response.body.registrations).toEqual({
      total: 4,
      confirmed: 3,
      byStatus: { confirmed: 3, pending: 1 },
      byAnswer: {
        country: { China: 2, Russia: 1, Kazakhstan: 0 },
        topics: { health: 3, trade: 3, culture: 0 },
        consent: { true: 3 },
      },
    });
  });

  it('should give the per-minute concurrency of one session', async () => {
    const response = await t.http
      .get(`/api/events/${event.slug}/sessions/${session.id}/analytics`)
      .set({ Authorization: `Bearer ${organizer.token}` });
    expect(response.status).toBe(200);
    const expected = [
      ...Array<number>(5).fill(2),
      ...Array<number>(10).fill(3),
      ...Array<number>(5).fill(2),
      ...Array<number>(10).fill(1),
      ...Array<number>(10).fill(0),
      ...Array<number>(5).fill(1),
    ].map((count, minute) => ({ minute: new Date(at(minute)).toISOString(), count }));
    expect(response.body.concurrency).toEqual(expected);
    expect(response.body).toMatchObject({ uniqueViewers: 3, peakConcurrent: 3, averageMinutes: 21.7 });
  });

  it('should answer both as CSV', async () => {
    const auth = { Authorization: `Bearer ${organizer.token}` };
    const eventCsv = await t.http.get(`/api/events/${event.slug}/analytics?format=csv`).set(auth);
    expect(eventCsv.status).toBe(200);
    expect(eventCsv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = eventCsv.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe(
      'sessionId,title,startsAt,endsAt,uniqueViewers,visits,peakConcurrent,averageMinutes,messages,questions,pollVotes,reactions',
    );
    expect(lines[1]).toBe(
      `${session.id},Opening plenary,${session.startsAt},${session.endsAt},3,4,3,21.7,3,1,2,3`,
    );
    expect(lines).toEqual(
      expect.arrayContaining(['field,answer,count', 'total,,4', 'answers.country,China,2']),
    );

    const sessionCsv = await t.http
      .get(`/api/events/${event.slug}/sessions/${session.id}/analytics?format=csv`)
      .set(auth);
    const sessionLines = sessionCsv.text.split('\r\n');
    expect(sessionLines).toEqual(
      expect.arrayContaining(['minute,count', `${new Date(at(5)).toISOString()},3`]),
    );
  });

  it('should refuse attendees, anonymous callers, unknown formats and sessions of another event', async () => {
    const path = `/api/events/${event.slug}/analytics`;
    expect((await t.http.get(path)).status).toBe(401);
    const attendee = await t.http.get(path).set({ Authorization: `Bearer ${users.a.token}` });
    expect(attendee.status).toBe(403);
    expect(attendee.body.code).toBe('FORBIDDEN');
    const auth = { Authorization: `Bearer ${organizer.token}` };
    const badFormat = await t.http.get(`${path}?format=xlsx`).set(auth);
    expect(badFormat.status).toBe(400);
    expect(badFormat.body.details.fields.format).toBeDefined();
    const other = await makeEvent(t);
    const foreign = await makeSession(t, other.id);
    const idor = await t.http.get(`/api/events/${event.slug}/sessions/${foreign.id}/analytics`).set(auth);
    expect(idor.status).toBe(404);
    expect(idor.body.code).toBe('SESSION_NOT_FOUND');
  });

  // Runs last: it changes the scenario. The figures above were read (and kept) while nobody watched.
  it('should not answer kept figures after a visit reopened within the grace, a new visit and a new message', async () => {
    const figures = async () =>
      (
        await t.http
          .get(`/api/events/${event.slug}/analytics`)
          .set({ Authorization: `Bearer ${organizer.token}` })
      ).body.sessions[0];
    await expect(figures()).resolves.toMatchObject({ visits: 4, averageMinutes: 21.7, messages: 3 });

    // A comes back at 46 (within 2 minutes of leaving at 45: the same visit, now ending at 47). The rows
    // keep their number and all are ended again when the figures are next read.
    setClock(46);
    const a2 = await join(users.a);
    await present(1);
    await ok(a2, 'chat:send', { sessionId: session.id, text: 'Back', clientId: randomUUID() });
    setClock(47);
    a2.close();
    await present(0);
    await t.app.get(AttendanceRecorder).flush();
    // (20 + 7) + 30 + 10 = 67 minutes over 3 viewers.
    await expect(figures()).resolves.toMatchObject({ visits: 4, averageMinutes: 22.3, messages: 4 });

    // D (registration pending) cannot join; a new visit of C from 60 to 62 adds a row.
    setClock(60);
    const c3 = await join(users.c);
    await present(1);
    setClock(62);
    c3.close();
    await present(0);
    await t.app.get(AttendanceRecorder).flush();
    // 69 minutes over 3 viewers; C's visit is a fifth one.
    await expect(figures()).resolves.toMatchObject({ uniqueViewers: 3, visits: 5, averageMinutes: 23 });
  });
});

describe('Analytics: attendance survives a node crash and a shutdown (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('should end an open visit of a node that stopped beating at its last heartbeat, and close visits at shutdown', async () => {
    const organizer = await registerUser(t);
    const attendee = await registerUser(t);
    const event = await makeEvent(t);
    await grantStaff(t, event.id, organizer.id, 'organizer');
    const session = await makeSession(t, event.id);
    await makeRegistration(t, event.id, attendee.id);
    const clock = t.app.get(AttendanceClock);
    const recorder = t.app.get(AttendanceRecorder);

    clock.now = () => at(0);
    const socket = await connectLive(t, attendee.token);
    await ok(socket, 'session:join', { sessionId: session.id });
    await recorder.flush();
    clock.now = () => at(7);
    await recorder.heartbeat();
    // The node "crashes" here: nothing more is written. An hour later the visit ends at its last heartbeat.
    clock.now = () => at(60);
    const afterCrash = await t.http
      .get(`/api/events/${event.slug}/sessions/${session.id}/analytics`)
      .set({ Authorization: `Bearer ${organizer.token}` });
    expect(afterCrash.body).toMatchObject({ uniqueViewers: 1, averageMinutes: 7, peakConcurrent: 1 });
    expect(afterCrash.body.concurrency).toHaveLength(7);

    // A graceful stop instead ends the open visit when the node goes down.
    clock.now = () => at(9);
    await recorder.beforeApplicationShutdown();
    const rows = await dataSourceOf(t).query(`SELECT "endedAt" FROM attendance_visits`);
    expect(rows).toEqual([{ endedAt: new Date(at(9)).toISOString() }]);
    socket.close();
  });
});
