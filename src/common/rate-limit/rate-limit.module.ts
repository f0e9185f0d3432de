import { Global, Module } from '@nestjs/common';

import { RedisModule } from '../redis/redis.module';
import { RedisService } from '../redis/redis.service';
import { MemoryRateLimitStore, RATE_LIMIT_STORE, RateLimiter } from './rate-limiter';
import { RedisRateLimitStore } from './redis-rate-limit-store';

@Global()
@Module({
  imports: [RedisModule],
  providers: [
    {
      provide: RATE_LIMIT_STORE,
      inject: [RedisService],
      // With REDIS_URL every node counts in the same windows (docs/architecture.md, "Several nodes").
      useFactory: (redis: RedisService) =>
        redis.enabled ? new RedisRateLimitStore(redis) : new MemoryRateLimitStore(),
    },
    RateLimiter,
  ],
  exports: [RateLimiter, RATE_LIMIT_STORE],
})
export class RateLimitModule {}
