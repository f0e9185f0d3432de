import { randomUUID } from 'node:crypto';

import Redis from 'ioredis';

import { RedisRateLimitStore } from '../../src/common/rate-limit/redis-rate-limit-store';
import { RedisService } from '../../src/common/redis/redis.service';
import { loadConfig } from '../../src/config/app-config';
import { LiveCluster } from '../../src/realtime/live-cluster';
import type { LiveDb } from '../../src/realtime/live-db';
import type { VotesChangedPayload } from '../../src/realtime/realtime.contract';
import { VOTES_INTERVAL_MS, VoteCoalescer } from '../../src/qa/vote-coalescer';
import { eventually, runPrefix, SHARED_REDIS_URL, sleep } from './cluster';

/**
 * The shared state of several nodes, two "nodes" in one process on the shared Redis (own key prefix):
 * presence as a union, one announcement per interval, votes claimed by one node, rate-limit windows shared.
 */
describe('Live state shared through Redis (scale)', () => {
  const prefix = runPrefix();
  const nodes: RedisService[] = [];

  async function node(name: string): Promise<RedisService> {
    const redis = new RedisService(
      loadConfig({
        DATABASE_URL: 'sqlite::memory:',
        REDIS_URL: SHARED_REDIS_URL,
        REDIS_PREFIX: prefix,
        NODE_NAME: name,
      }),
    );
    nodes.push(redis);
    redis.onReady(() => undefined);
    await eventually(`${name} connects`, () => redis.ready);
    return redis;
  }

  afterAll(async () => {
    await Promise.all(nodes.map((redis) => redis.onApplicationShutdown()));
    const client = new Redis(SHARED_REDIS_URL);
    const keys = await client.keys(`${prefix}:*`);
    if (keys.length > 0) {
      await client.del(...keys);
    }
    await client.quit();
  });

  it('should count distinct users over every node and let one node announce per interval', async () => {
    const a = new LiveCluster(await node('a'));
    const b = new LiveCluster(await node('b'));
    const session = randomUUID();
    a.userArrived(session, 'u1');
    b.userArrived(session, 'u1');
    b.userArrived(session, 'u2');
    // Each node writes on its own connection: wait until both writes landed.
    await eventually('both nodes wrote their users', async () => (await a.presenceCount(session)) === 2);

    // Intervals are long so a loaded machine cannot make the lock expire between two calls.
    expect(await a.presenceFlush(session, 2000)).toEqual({ announce: 2 });
    expect(await b.presenceFlush(session, 2000)).toEqual({ retry: true });
    let later: Awaited<ReturnType<LiveCluster['presenceFlush']>> = { retry: true };
    await eventually('the interval ends', async () => {
      later = await b.presenceFlush(session, 2000);
      return !('retry' in later);
    });
    // Nothing changed since node A announced 2: node B stays silent.
    expect(later).toEqual({ unchanged: true });

    a.userLeft(session, 'u1');
    await eventually('node A dropped u1', async () => (await a.presenceCount(session)) === 2);
    b.userLeft(session, 'u1');
    await eventually('node B dropped u1', async () => (await b.presenceCount(session)) === 1);

    // A heartbeat rewrites a node's set from its own state (e.g. after Redis came back empty).
    await a.refresh(new Map([[session, ['u7', 'u8']]]));
    expect(await b.presenceCount(session)).toBe(3);
  });

  it('should pool changed votes and let one node claim them per interval', async () => {
    const a = new LiveCluster(await node('a'));
    const b = new LiveCluster(await node('b'));
    const session = randomUUID();
    expect(await a.claimVotes(session, ['q1'], 2000)).toEqual({ questionIds: ['q1'] });
    expect(await b.claimVotes(session, ['q2'], 2000)).toEqual({ retry: true });
    let claim: Awaited<ReturnType<LiveCluster['claimVotes']>> = { retry: true };
    await eventually('the interval ends', async () => {
      claim = await b.claimVotes(session, [], 2000);
      return !('retry' in claim);
    });
    expect(claim).toEqual({ questionIds: ['q2'] });
    expect(await a.claimVotes(session, [], 2000)).toEqual({ idle: true });
  });

  it('should let one node, not every node, broadcast the tally of a session in an interval', async () => {
    const session = randomUUID();
    const db = { read: () => Promise.resolve([{ questionId: 'q1', votes: 2 }]) } as unknown as LiveDb;
    const coalescers = [
      new VoteCoalescer(db, new LiveCluster(await node('a'))),
      new VoteCoalescer(db, new LiveCluster(await node('b'))),
    ];
    const broadcasts: VotesChangedPayload[] = [];
    coalescers.forEach((coalescer) => coalescer.onFlush((payload) => broadcasts.push(payload)));
    coalescers.forEach((coalescer) => coalescer.changed(session, 'q1'));
    await Promise.all(coalescers.map((coalescer) => coalescer.flush()));
    // Both nodes flushed in the same tick: one announced, the other's change waits for the next interval.
    expect(broadcasts).toEqual([{ sessionId: session, votes: [{ questionId: 'q1', votes: 2 }] }]);
    await eventually('the waiting change is announced in a later interval', () => broadcasts.length === 2);
    await sleep(VOTES_INTERVAL_MS * 2);
    expect(broadcasts).toHaveLength(2);
    coalescers.forEach((coalescer) => coalescer.onModuleDestroy());
  });

  it('should count rate-limit hits of every node in one window', async () => {
    const a = new RedisRateLimitStore(await node('a'));
    const b = new RedisRateLimitStore(await node('b'));
    const key = `chat:${randomUUID()}`;
    expect((await a.hit(key, 10_000)).count).toBe(1);
    expect((await b.hit(key, 10_000)).count).toBe(2);
    const third = await a.hit(key, 10_000);
    expect(third.count).toBe(3);
    expect(third.resetInMs).toBeGreaterThan(0);
    expect(third.resetInMs).toBeLessThanOrEqual(10_000);
  });
});
