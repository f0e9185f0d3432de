import { Global, Module } from '@nestjs/common';

import { MemoryRateLimitStore, RATE_LIMIT_STORE, RateLimiter } from './rate-limiter';

@Global()
@Module({
  providers: [{ provide: RATE_LIMIT_STORE, useClass: MemoryRateLimitStore }, RateLimiter],
  exports: [RateLimiter, RATE_LIMIT_STORE],
})
export class RateLimitModule {}
