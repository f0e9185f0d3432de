import { Injectable } from '@nestjs/common';

import { logger } from '../common/logging/json-logger';
import { RedisService, ScriptRunner } from '../common/redis/redis.service';

/** A node's presence entries live this long without a heartbeat (a crashed node drops out after it). */
export const PRESENCE_TTL_MS = 30_000;
/** Pending vote ids not claimed by any node within this are dropped (their nodes are gone). */
const VOTES_PENDING_TTL_MS = 60_000;

/**
 * Distinct users in a session over every live node: the union of the nodes' user sets. Nodes whose set
 * expired are forgotten. SUNIONSTORE counts without copying thousands of ids into Lua.
 */
const COUNT_LUA = `
local function count(nodesKey, nodePrefix, scratch)
  local keys = {}
  for _, node in ipairs(redis.call('SMEMBERS', nodesKey)) do
    local key = nodePrefix .. node
    if redis.call('EXISTS', key) == 1 then
      keys[#keys + 1] = key
    else
      redis.call('SREM', nodesKey, node)
    end
  end
  if #keys == 0 then
    return 0
  end
  if #keys == 1 then
    return redis.call('SCARD', keys[1])
  end
  local n = redis.call('SUNIONSTORE', scratch, unpack(keys))
  redis.call('DEL', scratch)
  return n
end
`;

/** KEYS: nodes, scratch. ARGV: node key prefix. */
const PRESENCE_COUNT_LUA = `${COUNT_LUA}
return count(KEYS[1], ARGV[1], KEYS[2])
`;

/**
 * One announcement per session per interval over all nodes. KEYS: nodes, scratch, lock, last.
 * ARGV: node key prefix, interval ms. Returns {count, 0} to announce, {-1, pttl} when another node announced
 * less than an interval ago (retry later), {-2, 0} when the count did not change since the last announcement.
 */
const PRESENCE_FLUSH_LUA = `${COUNT_LUA}
if not redis.call('SET', KEYS[3], '1', 'NX', 'PX', ARGV[2]) then
  return { -1, redis.call('PTTL', KEYS[3]) }
end
local n = count(KEYS[1], ARGV[1], KEYS[2])
if redis.call('GET', KEYS[4]) == tostring(n) then
  redis.call('DEL', KEYS[3])
  return { -2, 0 }
end
redis.call('SET', KEYS[4], n, 'PX', 3600000)
return { n, 0 }
`;

/**
 * Adds this node's changed question ids to the session's shared pending set, then claims the whole set if no
 * node flushed the session during the last interval. KEYS: pending, lock. ARGV: interval ms, pending ttl,
 * ids… Returns {'claimed', ids…}, {'wait'} (another node flushes; ours are in its next batch or a retry's)
 * or {'idle'} (nothing pending).
 */
const VOTES_CLAIM_LUA = `
if #ARGV > 2 then
  redis.call('SADD', KEYS[1], unpack(ARGV, 3))
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
if redis.call('SCARD', KEYS[1]) == 0 then
  return { 'idle' }
end
if not redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[1]) then
  return { 'wait' }
end
local ids = redis.call('SMEMBERS', KEYS[1])
redis.call('DEL', KEYS[1])
table.insert(ids, 1, 'claimed')
return ids
`;

export type PresenceFlush = { announce: number } | { retry: true } | { unchanged: true };
export type VotesClaim = { questionIds: string[] } | { retry: true } | { idle: true };

/**
 * The live room's shared state across nodes (only with REDIS_URL; `enabled` is false otherwise and nothing
 * here is called). Presence: each node keeps the set of users it holds per session under
 * `<prefix>:presence:{<session>}:node:<nodeId>` (TTL, rewritten by a heartbeat) and lists itself in
 * `…:nodes`; the count is their union. Votes: nodes pool changed question ids per session and one node per
 * interval claims and announces them. Every method throws when Redis is unreachable: callers fall back to
 * this node's own view.
 */
@Injectable()
export class LiveCluster {
  private readonly countScript: ScriptRunner | null = null;
  private readonly flushScript: ScriptRunner | null = null;
  private readonly claimScript: ScriptRunner | null = null;

  constructor(private readonly redis: RedisService) {
    if (redis.enabled) {
      this.countScript = redis.script('plenaryPresenceCount', 2, PRESENCE_COUNT_LUA);
      this.flushScript = redis.script('plenaryPresenceFlush', 4, PRESENCE_FLUSH_LUA);
      this.claimScript = redis.script('plenaryVotesClaim', 2, VOTES_CLAIM_LUA);
    }
  }

  get enabled(): boolean {
    return this.redis.enabled;
  }

  get ready(): boolean {
    return this.redis.ready;
  }

  /** Runs after every (re)connection to Redis. */
  onReady(listener: () => void): void {
    this.redis.onReady(listener);
  }

  private presenceKey(sessionId: string, suffix: string): string {
    return this.redis.key('presence', `{${sessionId}}`, suffix);
  }

  private nodeSetPrefix(sessionId: string): string {
    return this.presenceKey(sessionId, 'node:');
  }

  /** The first socket of `userId` on this node entered the session (fire and forget; the heartbeat repairs). */
  userArrived(sessionId: string, userId: string): void {
    if (!this.redis.ready) {
      return;
    }
    const mine = this.nodeSetPrefix(sessionId) + this.redis.nodeId;
    const nodes = this.presenceKey(sessionId, 'nodes');
    this.redis.commands
      .multi()
      .sadd(mine, userId)
      .pexpire(mine, PRESENCE_TTL_MS)
      .sadd(nodes, this.redis.nodeId)
      .pexpire(nodes, PRESENCE_TTL_MS)
      .exec()
      .catch(ignore);
  }

  /** The last socket of `userId` on this node left the session. */
  userLeft(sessionId: string, userId: string): void {
    if (!this.redis.ready) {
      return;
    }
    this.redis.commands.srem(this.nodeSetPrefix(sessionId) + this.redis.nodeId, userId).catch(ignore);
  }

  /**
   * Rewrites this node's presence sets from its own state (heartbeat, and after Redis came back empty):
   * each in a MULTI so a concurrent count never sees a half-written set.
   */
  async refresh(sessions: Map<string, Iterable<string>>): Promise<void> {
    if (!this.redis.ready || sessions.size === 0) {
      return;
    }
    // One MULTI per session, all written at once on the connection (ioredis pipelines them).
    const results = await Promise.allSettled(
      [...sessions].map(([sessionId, users]) => {
        const mine = this.nodeSetPrefix(sessionId) + this.redis.nodeId;
        const nodes = this.presenceKey(sessionId, 'nodes');
        const ids = [...users];
        const transaction = this.redis.commands.multi().del(mine);
        if (ids.length > 0) {
          transaction.sadd(mine, ...ids).pexpire(mine, PRESENCE_TTL_MS);
        }
        return transaction.sadd(nodes, this.redis.nodeId).pexpire(nodes, PRESENCE_TTL_MS).exec();
      }),
    );
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) {
      logger.warn('presence heartbeat failed', { error: String(failed.reason) });
    }
  }

  /** Distinct users in the session on every node. */
  async presenceCount(sessionId: string): Promise<number> {
    const result = await this.countScript!(
      [this.presenceKey(sessionId, 'nodes'), this.presenceKey(sessionId, 'scratch')],
      [this.nodeSetPrefix(sessionId)],
    );
    return Number(result);
  }

  /** Decides whether this node announces the session's count now (at most one node per interval does). */
  async presenceFlush(sessionId: string, intervalMs: number): Promise<PresenceFlush> {
    const [count] = (await this.flushScript!(
      [
        this.presenceKey(sessionId, 'nodes'),
        this.presenceKey(sessionId, 'scratch'),
        this.presenceKey(sessionId, 'lock'),
        this.presenceKey(sessionId, 'last'),
      ],
      [this.nodeSetPrefix(sessionId), intervalMs],
    )) as [number, number];
    if (count === -1) {
      return { retry: true };
    }
    return count === -2 ? { unchanged: true } : { announce: Number(count) };
  }

  /** Pools `questionIds` with the other nodes' and claims the session's batch when it is this node's turn. */
  async claimVotes(sessionId: string, questionIds: string[], intervalMs: number): Promise<VotesClaim> {
    const key = (suffix: string) => this.redis.key('votes', `{${sessionId}}`, suffix);
    const [status, ...ids] = (await this.claimScript!(
      [key('pending'), key('lock')],
      [intervalMs, VOTES_PENDING_TTL_MS, ...questionIds],
    )) as string[];
    if (status === 'claimed') {
      return { questionIds: ids };
    }
    return status === 'wait' ? { retry: true } : { idle: true };
  }
}

function ignore(): void {
  // Redis went away between the readiness check and the reply: the heartbeat rewrites the state.
}
