import { Inject, Injectable } from '@nestjs/common';

import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { DomainError } from '../errors/domain-error';

export interface RateLimitRule {
  /** Distinguishes limits sharing a key space, e.g. `login:ip`. */
  name: string;
  limit: number;
  windowMs: number;
}

export interface RateLimitStore {
  /** Counts one hit and answers how many hits the window holds and when it resets. */
  hit(
    key: string,
    windowMs: number,
  ): Promise<{ count: number; resetInMs: number }> | { count: number; resetInMs: number };
}

/** Fixed windows in process memory: the single-node default (a Redis store shares them across nodes). */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, { count: number; resetsAt: number }>();
  private lastSweep = 0;

  hit(key: string, windowMs: number): { count: number; resetInMs: number } {
    const now = Date.now();
    if (now - this.lastSweep > 60_000) {
      this.sweep(now);
    }
    let window = this.windows.get(key);
    if (!window || window.resetsAt <= now) {
      window = { count: 0, resetsAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    return { count: window.count, resetInMs: window.resetsAt - now };
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [key, window] of this.windows) {
      if (window.resetsAt <= now) {
        this.windows.delete(key);
      }
    }
  }
}

export const RATE_LIMIT_STORE = Symbol('RATE_LIMIT_STORE');

@Injectable()
export class RateLimiter {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RATE_LIMIT_STORE) private readonly store: RateLimitStore,
  ) {}

  /** Throws RATE_LIMITED (with `retryAfterMs`) once `subject` exceeds the rule in the current window. */
  async consume(rule: RateLimitRule, subject: string): Promise<void> {
    await this.check(rule, subject);
  }

  /**
   * `consume` for hot paths: when the store answers at once (the in-memory store of a single node) it
   * returns nothing and throws RATE_LIMITED itself, so a vote storm creates no promise per check; with a
   * store that answers later (Redis) it returns the promise to await.
   */
  check(rule: RateLimitRule, subject: string): Promise<void> | undefined {
    if (!this.config.rateLimitsEnabled) {
      return undefined;
    }
    const hit = this.store.hit(`${rule.name}:${subject}`, rule.windowMs);
    if (hit instanceof Promise) {
      return hit.then((answer) => judge(rule, answer));
    }
    judge(rule, hit);
    return undefined;
  }
}

function judge(rule: RateLimitRule, { count, resetInMs }: { count: number; resetInMs: number }): void {
  if (count > rule.limit) {
    throw new DomainError('RATE_LIMITED', 'Too many requests; try again later', {
      retryAfterMs: Math.max(1, resetInMs),
    });
  }
}
