import { Injectable, OnModuleDestroy } from '@nestjs/common';

import { logger } from '../common/logging/json-logger';
import { RedisService, ScriptRunner } from '../common/redis/redis.service';
import { LiveDb } from '../realtime/live-db';
import { LiveHub } from '../realtime/live-hub';
import type { ReactionEmoji } from '../realtime/realtime.contract';
import { sessionRoom } from '../realtime/rooms';
import { addReactionMinutes } from './reactions.queries';

/** One `reaction:burst` per session per this interval at most. */
export const BURST_INTERVAL_MS = 1000;
/** Counts a node pooled in Redis and no node claimed within this are dropped (their nodes are gone). */
const POOLED_TTL_MS = 60_000;

/**
 * Adds this node's counts to the session's pooled counts, then claims the pool if no node announced the
 * session during the last interval. KEYS: pool, lock. ARGV: interval ms, pool ttl, emoji, count, emoji, count…
 * Returns {'claimed', emoji, count, …}, {'wait'} (another node announced; ours wait in the pool) or {'idle'}.
 */
const BURST_CLAIM_LUA = `
for i = 3, #ARGV, 2 do
  redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1])
end
if #ARGV > 2 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
if redis.call('EXISTS', KEYS[1]) == 0 then
  return { 'idle' }
end
if not redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[1]) then
  return { 'wait' }
end
local counts = redis.call('HGETALL', KEYS[1])
redis.call('DEL', KEYS[1])
table.insert(counts, 1, 'claimed')
return counts
`;

type Counts = Partial<Record<ReactionEmoji, number>>;

/**
 * Reactions are counted, not stored one by one. Each node sums them per session in memory; once a second it
 * adds its sums to the per-minute totals in the database (`reaction_minutes`) and announces one
 * `reaction:burst` per session with the sums since the last one. With several nodes the sums are pooled in
 * Redis and one node per second claims and announces them (a node whose pool was claimed by another retries
 * at its next tick, so nothing is lost while Redis is up; while it is away each node announces its own).
 */
@Injectable()
export class ReactionBursts implements OnModuleDestroy {
  private counts = new Map<string, Counts>();
  /** Sessions whose pooled counts another node holds the turn for: look again next tick. */
  private readonly waiting = new Set<string>();
  private readonly claim: ScriptRunner | null;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly db: LiveDb,
    private readonly hub: LiveHub,
    private readonly redis: RedisService,
  ) {
    this.claim = redis.enabled ? redis.script('plenaryReactionBurst', 2, BURST_CLAIM_LUA) : null;
  }

  add(sessionId: string, emoji: ReactionEmoji): void {
    let counts = this.counts.get(sessionId);
    if (!counts) {
      counts = {};
      this.counts.set(sessionId, counts);
    }
    counts[emoji] = (counts[emoji] ?? 0) + 1;
    if (!this.timer) {
      // A steady tick while reactions come (bursts on time), stopped once a tick finds nothing to do.
      this.timer = setInterval(() => void this.tick(), BURST_INTERVAL_MS);
      this.timer.unref();
    }
  }

  private async tick(): Promise<void> {
    if (this.flushing) {
      return;
    }
    if (this.counts.size === 0 && this.waiting.size === 0) {
      clearInterval(this.timer!);
      this.timer = null;
      return;
    }
    this.flushing = this.flush().finally(() => (this.flushing = null));
    await this.flushing;
  }

  /** Stores and announces everything counted so far. */
  async flush(): Promise<void> {
    const batch = this.counts;
    this.counts = new Map();
    const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
    const rows = [...batch].flatMap(([sessionId, counts]) =>
      Object.entries(counts).map(([emoji, count]) => ({ sessionId, minute, emoji, count: count })),
    );
    if (rows.length > 0) {
      // Not grouped: no seq, no session lock (per-minute totals only add up).
      this.db
        .write(() => addReactionMinutes(rows))
        .catch((error: unknown) => {
          logger.warn('reaction totals not stored', { error: (error as Error).message });
        });
    }
    const sessions = new Set([...batch.keys(), ...this.waiting]);
    this.waiting.clear();
    for (const sessionId of sessions) {
      const counts = await this.pooled(sessionId, batch.get(sessionId) ?? {});
      if (counts && Object.keys(counts).length > 0) {
        this.hub.server?.to(sessionRoom(sessionId)).emit('reaction:burst', { sessionId, counts });
      }
    }
  }

  /** The counts to announce now for the session (null: another node's turn). */
  private async pooled(sessionId: string, mine: Counts): Promise<Counts | null> {
    if (!this.claim || !this.redis.ready) {
      return mine;
    }
    const key = (suffix: string) => this.redis.key('reactions', `{${sessionId}}`, suffix);
    try {
      const [status, ...pairs] = (await this.claim(
        [key('pool'), key('lock')],
        [BURST_INTERVAL_MS, POOLED_TTL_MS, ...Object.entries(mine).flat()],
      )) as string[];
      if (status === 'wait') {
        this.waiting.add(sessionId);
        return null;
      }
      const counts: Counts = {};
      for (let index = 0; index < pairs.length; index += 2) {
        counts[pairs[index] as ReactionEmoji] = Number(pairs[index + 1]);
      }
      return counts;
    } catch {
      // Redis went away: announce this node's counts itself.
      return mine;
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
    await this.flushing;
    if (this.counts.size > 0) {
      await this.flush().catch(() => undefined);
    }
  }
}
