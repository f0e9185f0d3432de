import { Injectable } from '@nestjs/common';

import { logger } from '../common/logging/json-logger';
import { RedisService, ScriptRunner } from '../common/redis/redis.service';
import { LiveDb, LiveOp } from '../realtime/live-db';
import { selectRevokedTokenIds, selectTokenSettings } from './token-state.queries';

/** What decides whether a token of one account is still good. */
export interface TokenState {
  /** Rises with every change; a cache never replaces a state by an older one. */
  stamp: number;
  exists: boolean;
  version: number;
  /** Ids of single tokens signed out that have not expired yet. */
  revoked: string[];
  /**
   * The account's saved language (`PATCH /me`), null before it saved any settings. Kept here because this
   * state is read on every request and handshake anyway, so content can fall back to it at no extra cost.
   */
  locale: string | null;
}

/** A deleted account: newer than every state it ever had (ids are never reused). */
const GONE: TokenState = {
  stamp: Number.MAX_SAFE_INTEGER,
  exists: false,
  version: 0,
  revoked: [],
  locale: null,
};
/**
 * Cached states expire: a change written while Redis was unreachable, or straight into the database, counts
 * after this at the latest.
 */
const CACHE_TTL_MS = 60_000;
const LOCAL_LIMIT = 50_000;

/** KEYS: state. ARGV: stamp, state JSON, ttl ms. Stores the state unless a newer one is there. */
const STORE_LUA = `
local current = redis.call('GET', KEYS[1])
if current then
  local stamp = tonumber(string.match(current, '^(%d+)|'))
  if stamp and stamp > tonumber(ARGV[1]) then
    return 0
  end
end
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[2], 'PX', ARGV[3])
return 1
`;

/**
 * The token state of each account, read on every request and socket handshake. Kept in Redis (shared by
 * every node) when REDIS_URL is set, else in this process; a change stores the new state right after it
 * commits, and the stamp keeps a slower reader from putting an older state back. While Redis is unreachable
 * every check reads the database, so no node works from a state it cannot know is current.
 */
@Injectable()
export class TokenStateCache {
  private readonly local = new Map<string, { state: TokenState; until: number }>();
  private readonly storeScript: ScriptRunner | null = null;

  constructor(
    private readonly liveDb: LiveDb,
    private readonly redis: RedisService,
  ) {
    if (redis.enabled) {
      this.storeScript = redis.script('plenaryTokenState', 1, STORE_LUA);
    }
  }

  async get(userId: string): Promise<TokenState> {
    if (!this.redis.enabled) {
      const cached = this.local.get(userId);
      if (cached && cached.until > Date.now()) {
        return cached.state;
      }
      const state = await this.read(userId);
      this.storeLocal(userId, state);
      return state;
    }
    if (!this.redis.ready) {
      return this.read(userId);
    }
    try {
      const raw = await this.redis.commands.get(this.key(userId));
      if (raw) {
        return JSON.parse(raw.slice(raw.indexOf('|') + 1)) as TokenState;
      }
    } catch (error) {
      logger.debug('token state not read from Redis', { error: (error as Error).message });
      return this.read(userId);
    }
    const state = await this.read(userId);
    await this.storeShared(userId, state);
    return state;
  }

  /** Call after a change of the account's token state committed (or the account was deleted). */
  async refresh(userId: string): Promise<void> {
    const state = await this.read(userId);
    if (this.redis.enabled) {
      await this.storeShared(userId, state);
    } else {
      this.storeLocal(userId, state);
    }
  }

  private async read(userId: string): Promise<TokenState> {
    return this.liveDb.read(() => this.readOp(userId));
  }

  private *readOp(userId: string): LiveOp<TokenState> {
    const settings = yield* selectTokenSettings(userId);
    if (settings === undefined) {
      return GONE;
    }
    return {
      stamp: settings?.authStamp ?? 0,
      exists: true,
      version: settings?.tokenVersion ?? 0,
      revoked: yield* selectRevokedTokenIds(userId, new Date().toISOString()),
      locale: settings?.locale ?? null,
    };
  }

  private storeLocal(userId: string, state: TokenState): void {
    const current = this.local.get(userId);
    if (current && current.until > Date.now() && current.state.stamp > state.stamp) {
      return;
    }
    if (!current && this.local.size >= LOCAL_LIMIT) {
      this.local.clear();
    }
    this.local.set(userId, { state, until: Date.now() + CACHE_TTL_MS });
  }

  private async storeShared(userId: string, state: TokenState): Promise<void> {
    try {
      await this.storeScript!([this.key(userId)], [state.stamp, JSON.stringify(state), CACHE_TTL_MS]);
    } catch (error) {
      logger.warn('token state not stored in Redis', { userId, error: (error as Error).message });
    }
  }

  private key(userId: string): string {
    return this.redis.key('token-state', userId);
  }
}
