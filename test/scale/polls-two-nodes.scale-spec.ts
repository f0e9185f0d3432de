import { randomUUID } from 'node:crypto';

import Redis from 'ioredis';

import type { Event } from '../../src/events/event.entity';
import type { Poll, PollTally, ReactionBurstPayload } from '../../src/realtime/realtime.contract';
import { grantStaff, makeEvent, makeRegistration, makeSession } from '../factories/event.factory';
import { registerUser, TestUser } from '../utils/accounts';
import type { TestApp } from '../utils/create-test-app';
import { command, connectLive, LiveClient, ok, record, waitFor } from '../utils/socket-client';
import { createClusterDatabase, PlenaryNode, runPrefix, SHARED_REDIS_URL } from './cluster';

/** Polls and reactions over two real nodes on one PostgreSQL database and the shared Redis. */
describe('Polls and reactions on two nodes (scale)', () => {
  const prefix = runPrefix();
  let database: Awaited<ReturnType<typeof createClusterDatabase>>;
  let nodeA: PlenaryNode;
  let nodeB: PlenaryNode;
  let a: TestApp;
  let b: TestApp;
  let event: Event;
  let moderator: TestUser;
  const sockets: LiveClient[] = [];

  async function attendee(): Promise<TestUser> {
    const user = await registerUser(a);
    await makeRegistration(a, event.id, user.id);
    return user;
  }
  async function live(t: TestApp, user: TestUser, sessionId: string): Promise<LiveClient> {
    const socket = await connectLive(t, user.token);
    sockets.push(socket);
    await ok(socket, 'session:join', { sessionId });
    return socket;
  }

  beforeAll(async () => {
    database = await createClusterDatabase();
    const env = { DATABASE_URL: database.url, REDIS_URL: SHARED_REDIS_URL, REDIS_PREFIX: prefix };
    [nodeA, nodeB] = await Promise.all([PlenaryNode.start('node-a', env), PlenaryNode.start('node-b', env)]);
    a = nodeA.asTestApp(database.dataSource);
    b = nodeB.asTestApp(database.dataSource);
    event = await makeEvent(a);
    moderator = await registerUser(a);
    await grantStaff(a, event.id, moderator.id, 'moderator');
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

  it('should move the tally a moderator sees on node A when someone votes on node B, and show it only to voters', async () => {
    const session = await makeSession(a, event.id);
    const poll = (
      await a.http
        .post(`/api/events/${event.slug}/sessions/${session.id}/polls`)
        .set(moderator.auth)
        .send({
          question: 'Next venue?',
          kind: 'single',
          options: ['Almaty', 'Baku'],
          showResults: 'after-vote',
        })
        .expect(201)
    ).body as Poll;
    const moderatorOnA = await live(a, moderator, session.id);
    const voter = await attendee();
    const voterOnB = await live(b, voter, session.id);
    const voterTabOnA = await live(a, voter, session.id);
    const watcherOnA = await live(a, await attendee(), session.id);
    const watcherSaw = record(watcherOnA);
    const opened = waitFor(voterOnB, 'poll:opened');
    await ok(moderatorOnA, 'poll:open', { pollId: poll.id });
    await opened;

    const moderatorTally = waitFor<PollTally>(moderatorOnA, 'poll:results', (tally) => tally.voters === 1);
    const voterTabTally = waitFor<PollTally>(voterTabOnA, 'poll:results', (tally) => tally.voters === 1);
    await ok(voterOnB, 'poll:vote', { pollId: poll.id, choices: [1], clientId: randomUUID() });
    await expect(moderatorTally).resolves.toMatchObject({
      pollId: poll.id,
      voters: 1,
      options: [{ votes: 0 }, { votes: 1 }],
    });
    // The voter's other socket, on the other node, joined the voters' room too.
    await expect(voterTabTally).resolves.toMatchObject({ voters: 1 });
    await command(watcherOnA, 'session:leave', { sessionId: randomUUID() });
    expect(watcherSaw.filter((received) => received.event === 'poll:results')).toEqual([]);
  });

  it('should sum reactions from both nodes into bursts that reach every node', async () => {
    const session = await makeSession(a, event.id);
    const onA = await live(a, await attendee(), session.id);
    const onB = await live(b, await attendee(), session.id);
    const bursts: ReactionBurstPayload[] = [];
    onA.on('reaction:burst', (burst) => bursts.push(burst));
    await ok(onA, 'reaction:send', { sessionId: session.id, emoji: '👏' });
    await ok(onB, 'reaction:send', { sessionId: session.id, emoji: '👏' });
    await ok(onB, 'reaction:send', { sessionId: session.id, emoji: '🎉' });
    const total = () =>
      bursts.reduce((sum, burst) => sum + (burst.counts['👏'] ?? 0) + (burst.counts['🎉'] ?? 0), 0);
    for (let waited = 0; total() < 3 && waited < 5000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(bursts.reduce((sum, burst) => sum + (burst.counts['👏'] ?? 0), 0)).toBe(2);
    expect(bursts.reduce((sum, burst) => sum + (burst.counts['🎉'] ?? 0), 0)).toBe(1);
  });
});
