import { randomUUID } from 'node:crypto';

import Redis from 'ioredis';

import type { AgendaSession } from '../../src/agenda/agenda-session.entity';
import type { Event } from '../../src/events/event.entity';
import type {
  ChatMessage,
  JoinSessionResult,
  PresencePayload,
  Question,
  VotesChangedPayload,
} from '../../src/realtime/realtime.contract';
import { grantStaff, makeEvent, makeRegistration, makeSession } from '../factories/event.factory';
import { registerUser, TestUser } from '../utils/accounts';
import type { TestApp } from '../utils/create-test-app';
import { command, connectLive, LiveClient, ok, record, settle, waitFor } from '../utils/socket-client';
import {
  createClusterDatabase,
  eventually,
  PlenaryNode,
  runPrefix,
  SHARED_REDIS_URL,
  sleep,
} from './cluster';

/**
 * Two real Plenary nodes (child processes of the built server) on one fresh PostgreSQL database and the
 * shared Redis, with a key prefix of this run: what one node does reaches the sockets of the other.
 */
describe('Two nodes on PostgreSQL and Redis (scale)', () => {
  const prefix = runPrefix();
  let database: Awaited<ReturnType<typeof createClusterDatabase>>;
  let nodeA: PlenaryNode;
  let nodeB: PlenaryNode;
  let a: TestApp;
  let b: TestApp;
  let event: Event;
  let open: AgendaSession;
  let moderated: AgendaSession;
  let organizer: TestUser;
  const sockets: LiveClient[] = [];
  const stopped = new Set<PlenaryNode>();

  async function attendee(): Promise<TestUser> {
    const user = await registerUser(a);
    await makeRegistration(a, event.id, user.id);
    return user;
  }

  async function live(t: TestApp, user: TestUser, session: AgendaSession): Promise<LiveClient> {
    const socket = await connectLive(t, user.token);
    sockets.push(socket);
    await ok(socket, 'session:join', { sessionId: session.id });
    return socket;
  }

  beforeAll(async () => {
    database = await createClusterDatabase();
    const env = { DATABASE_URL: database.url, REDIS_URL: SHARED_REDIS_URL, REDIS_PREFIX: prefix };
    [nodeA, nodeB] = await Promise.all([PlenaryNode.start('node-a', env), PlenaryNode.start('node-b', env)]);
    a = nodeA.asTestApp(database.dataSource);
    b = nodeB.asTestApp(database.dataSource);
    event = await makeEvent(a);
    open = await makeSession(a, event.id, { title: 'Open session' });
    moderated = await makeSession(a, event.id, { title: 'Moderated session', qaModerated: true });
    organizer = await registerUser(a);
    await grantStaff(a, event.id, organizer.id, 'organizer');
  });

  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await Promise.all([nodeA?.stop(), nodeB?.stop()]);
    await database?.drop();
    const redis = new Redis(SHARED_REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) {
      await redis.del(...keys);
    }
    await redis.quit();
  });

  afterEach(() => {
    const dead = [nodeA, nodeB].filter((node) => !node.running && !stopped.has(node));
    if (dead.length > 0) {
      throw new Error(`a node died:\n${dead.map((node) => node.tail()).join('\n')}`);
    }
  });

  it('should deliver chat and questions from node A to sockets on node B and back', async () => {
    const alice = await live(a, await attendee(), open);
    const bob = await live(b, await attendee(), open);

    const onB = waitFor<{ message: ChatMessage }>(
      bob,
      'chat:message-posted',
      (p) => p.message.text === 'hi B',
    );
    const sent = await ok<{ message: ChatMessage }>(alice, 'chat:send', {
      sessionId: open.id,
      text: 'hi B',
      clientId: randomUUID(),
    });
    expect((await onB).message).toEqual(sent.message);

    const onA = waitFor<{ question: Question }>(
      alice,
      'qa:question-asked',
      (p) => p.question.text === 'Q from B',
    );
    const asked = await ok<{ question: Question }>(bob, 'qa:ask', {
      sessionId: open.id,
      text: 'Q from B',
      clientId: randomUUID(),
    });
    expect((await onA).question.id).toBe(asked.question.id);

    // Votes on both nodes: every client ends with the count of both, announced once per interval.
    const carol = await live(b, await attendee(), open);
    const tallies: number[] = [];
    alice.on('qa:votes-changed', (payload: VotesChangedPayload) =>
      tallies.push(...payload.votes.filter((v) => v.questionId === asked.question.id).map((v) => v.votes)),
    );
    const bothOnB = waitFor<VotesChangedPayload>(bob, 'qa:votes-changed', (p) =>
      p.votes.some((v) => v.questionId === asked.question.id && v.votes === 2),
    );
    await Promise.all([
      ok(alice, 'qa:upvote', { questionId: asked.question.id }),
      ok(carol, 'qa:upvote', { questionId: asked.question.id }),
    ]);
    await bothOnB;
    await eventually('node A announces the final tally', () => tallies.at(-1) === 2);
  });

  it('should send a pending question to a moderator on the other node and to no attendee', async () => {
    const asker = await live(a, await attendee(), moderated);
    const attendeeOnA = await live(a, await attendee(), moderated);
    const attendeeOnB = await live(b, await attendee(), moderated);
    const moderator = await registerUser(a);
    await grantStaff(a, event.id, moderator.id, 'moderator');
    const moderatorOnB = await live(b, moderator, moderated);
    const leaks = [record(attendeeOnA), record(attendeeOnB)];

    const toModerator = waitFor<{ question: Question }>(moderatorOnB, 'qa:question-asked');
    const asked = await ok<{ question: Question }>(asker, 'qa:ask', {
      sessionId: moderated.id,
      text: 'Pending, please',
      clientId: randomUUID(),
      anonymous: true,
    });
    expect(asked.question.status).toBe('pending');
    const seen = (await toModerator).question;
    expect(seen).toMatchObject({ id: asked.question.id, status: 'pending', text: 'Pending, please' });
    expect(seen.author).not.toBeNull();

    await settle(attendeeOnA, attendeeOnB, moderatorOnB);
    for (const received of leaks) {
      expect(received.filter((r) => r.event.startsWith('qa:'))).toEqual([]);
    }
  });

  it('should count presence over every node, a user on both nodes once', async () => {
    const session = await makeSession(a, event.id, { title: 'Presence' });
    const [u1, u2, u3] = [await attendee(), await attendee(), await attendee()];
    const first = await connectLive(a, u1.token);
    sockets.push(first);
    const joinedA = await ok<JoinSessionResult>(first, 'session:join', { sessionId: session.id });
    expect(joinedA.presence).toEqual({ sessionId: session.id, count: 1 });

    // Listen before acting: the count may be announced before the last join below is acknowledged.
    const three = waitFor<PresencePayload>(first, 'session:presence', (p) => p.count === 3);
    const u2OnB = await live(b, u2, session);
    await live(a, u3, session);
    const u3Again = await connectLive(b, u3.token);
    sockets.push(u3Again);
    const joinedB = await ok<JoinSessionResult>(u3Again, 'session:join', { sessionId: session.id });
    expect(joinedB.presence.count).toBe(3);
    await three;

    // u3 stays on node A when its node-B socket goes; u2 leaving node B brings the count to 2.
    const two = waitFor<PresencePayload>(first, 'session:presence', (p) => p.count === 2);
    u3Again.close();
    await ok(u2OnB, 'session:leave', { sessionId: session.id });
    await two;
  });

  it('should disconnect on node B a user banned on node A', async () => {
    const target = await attendee();
    const onB = await live(b, target, open);
    const moderator = await registerUser(a);
    await grantStaff(a, event.id, moderator.id, 'moderator');
    const modOnA = await live(a, moderator, open);

    const banned = waitFor(onB, 'moderation:banned');
    const gone = new Promise<string>((resolve) => onB.once('disconnect', resolve));
    await ok(modOnA, 'moderation:ban', { eventSlug: event.slug, userId: target.id });
    await expect(banned).resolves.toEqual({ eventId: event.id, eventSlug: event.slug });
    await expect(gone).resolves.toBe('io server disconnect');

    const again = await connectLive(b, target.token);
    sockets.push(again);
    const ack = await command(again, 'session:join', { sessionId: open.id });
    expect(ack).toMatchObject({ error: { code: 'BANNED' } });
  });

  it('should share rate limits between the nodes', async () => {
    const user = await attendee();
    const onA = await live(a, user, open);
    const onB = await live(b, user, open);
    const send = (socket: LiveClient) =>
      command(socket, 'chat:send', { sessionId: open.id, text: 'flood', clientId: randomUUID() });
    // 10 per 10 s per user: five on each node pass, the eleventh fails whichever node it reaches.
    for (let i = 0; i < 5; i += 1) {
      expect(await send(onA)).toHaveProperty('data');
      expect(await send(onB)).toHaveProperty('data');
    }
    const refused = await send(onA);
    expect(refused).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect(await send(onB)).toMatchObject({ error: { code: 'RATE_LIMITED' } });
  });

  it('should re-check on node B the sockets of a user whose role or registration changed on node A', async () => {
    const user = await attendee();
    const onB = await live(b, user, moderated);
    const asker = await live(a, await attendee(), moderated);

    const granted = await a.http
      .put(`/api/events/${event.slug}/staff/${user.id}`)
      .set('Authorization', `Bearer ${organizer.token}`)
      .send({ role: 'moderator' });
    expect(granted.status).toBeLessThan(300);
    // The promotion reaches node B through Redis: pending questions then reach the socket there.
    await eventually(
      'the new moderator receives pending questions on node B',
      async () => {
        const arrived = waitFor<{ question: Question }>(
          onB,
          'qa:question-asked',
          (p) => p.question.status === 'pending',
        );
        await ok(asker, 'qa:ask', { sessionId: moderated.id, text: 'Pending?', clientId: randomUUID() });
        return arrived.then(() => true);
      },
      3,
      0,
    );

    const revoked = await a.http
      .delete(`/api/events/${event.slug}/staff/${user.id}`)
      .set('Authorization', `Bearer ${organizer.token}`);
    expect(revoked.status).toBeLessThan(300);
    const cancelled = await a.http
      .delete(`/api/events/${event.slug}/registrations/me`)
      .set('Authorization', `Bearer ${user.token}`);
    expect(cancelled.status).toBeLessThan(300);
    // Without a role or a registration the socket on node B leaves the session: chat no longer reaches it.
    await eventually('the socket on node B left the session', async () => {
      const ack = await command(onB, 'chat:send', {
        sessionId: moderated.id,
        text: 'still here?',
        clientId: randomUUID(),
      });
      return 'error' in ack && ack.error.code === 'SESSION_NOT_JOINED';
    });
  });

  it('should expose per-node metrics with a node label', async () => {
    const [metricsA, metricsB] = await Promise.all([nodeA.metrics(), nodeB.metrics()]);
    for (const [text, node] of [
      [metricsA, 'node-a'],
      [metricsB, 'node-b'],
    ] as const) {
      expect(sample(text, 'plenary_node_info', { node, database: 'postgres', redis: 'on' })).toBe(1);
      expect(sample(text, 'plenary_redis_connected', { node })).toBe(1);
      expect(sample(text, 'plenary_live_sockets', { node })).toBeGreaterThan(0);
      expect(sample(text, 'plenary_live_joins_total', { node })).toBeGreaterThan(0);
      expect(sample(text, 'plenary_nodejs_eventloop_lag_p99_seconds', { node })).toBeGreaterThanOrEqual(0);
    }
    expect(sample(metricsA, 'plenary_live_messages_total', { node: 'node-a' })).toBeGreaterThan(0);
    expect(
      sample(metricsA, 'plenary_live_broadcast_latency_seconds_count', {
        node: 'node-a',
        event: 'chat:message-posted',
      }),
    ).toBeGreaterThan(0);
  });

  it('should send only its own clients away when a node shuts down', async () => {
    const stays = await live(a, await attendee(), open);
    const goes = await live(b, await attendee(), open);
    const received = record(stays);
    const notice = waitFor(goes, 'server:shutdown');
    stopped.add(nodeB);
    await nodeB.stop();
    await expect(notice).resolves.toEqual({ reconnectAfterMs: expect.any(Number) });
    // Let anything node B published on its way out reach node A before looking.
    await sleep(500);
    await settle(stays);
    expect(stays.connected).toBe(true);
    expect(received.map((r) => r.event)).not.toContain('server:shutdown');
  });
});

/** The value of the series `name` whose labels include `labels` (in any order), or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z0-9_:]+)\{(.*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) {
      continue;
    }
    const present = new Map([...match[2].matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => present.get(key) === value)) {
      return Number(match[3]);
    }
  }
  return undefined;
}
