import { RedisService, ScriptRunner } from '../redis/redis.service';
import { MemoryRateLimitStore, RateLimitStore } from './rate-limiter';

/** One hit of a fixed window: INCR, and arm the expiry when the window is new (or lost its TTL). Atomic. */
const HIT_LUA = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { count, ttl }
`;

/**
 * Fixed windows shared by every node through Redis (chosen when REDIS_URL is set). While Redis is unreachable
 * the limits do not fail open: each node falls back to its own in-memory windows (so a user could get up to
 * N× the limit across N nodes for the few seconds of the outage) and returns to the shared windows as soon as
 * Redis answers again.
 */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly fallback = new MemoryRateLimitStore();
  private readonly hitScript: ScriptRunner;

  constructor(private readonly redis: RedisService) {
    this.hitScript = redis.script('plenaryRateLimitHit', 1, HIT_LUA);
  }

  async hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }> {
    if (!this.redis.ready) {
      return this.fallback.hit(key, windowMs);
    }
    try {
      const [count, ttl] = (await this.hitScript([this.redis.key('rl', key)], [windowMs])) as [
        number,
        number,
      ];
      return { count: Number(count), resetInMs: Number(ttl) };
    } catch {
      return this.fallback.hit(key, windowMs);
    }
  }
}
