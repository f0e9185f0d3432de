import { DomainError } from '../errors/domain-error';
import type { AppConfig } from '../../config/app-config';
import { MemoryRateLimitStore, RateLimiter, RateLimitStore } from './rate-limiter';

const RULE = { name: 'test', limit: 2, windowMs: 10_000 };
const enabled = { rateLimitsEnabled: true } as AppConfig;

/** A store that answers later, as the Redis store does. */
class LaterStore implements RateLimitStore {
  private readonly memory = new MemoryRateLimitStore();
  hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }> {
    return Promise.resolve(this.memory.hit(key, windowMs));
  }
}

describe('RateLimiter', () => {
  it('should check without a promise when the store answers at once, and refuse past the limit', () => {
    const limiter = new RateLimiter(enabled, new MemoryRateLimitStore());
    expect(limiter.check(RULE, 'a')).toBeUndefined();
    expect(limiter.check(RULE, 'a')).toBeUndefined();
    expect(() => limiter.check(RULE, 'a')).toThrow(DomainError);
    // Another subject has its own window.
    expect(limiter.check(RULE, 'b')).toBeUndefined();
  });

  it('should return the promise of a store that answers later, rejected past the limit', async () => {
    const limiter = new RateLimiter(enabled, new LaterStore());
    await expect(limiter.check(RULE, 'a')).resolves.toBeUndefined();
    await expect(limiter.check(RULE, 'a')).resolves.toBeUndefined();
    await expect(limiter.check(RULE, 'a')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('should refuse through consume as through check, and count nothing when limits are off', async () => {
    const limiter = new RateLimiter(enabled, new MemoryRateLimitStore());
    await limiter.consume(RULE, 'a');
    await limiter.consume(RULE, 'a');
    await expect(limiter.consume(RULE, 'a')).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      details: { retryAfterMs: expect.any(Number) as number },
    });
    const off = new RateLimiter({ rateLimitsEnabled: false } as AppConfig, new MemoryRateLimitStore());
    for (let index = 0; index < 5; index++) {
      expect(off.check(RULE, 'a')).toBeUndefined();
    }
  });
});
