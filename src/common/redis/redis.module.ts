import { Module } from '@nestjs/common';

import { RedisService } from './redis.service';

/** The node's Redis connections (REDIS_URL); imported by the features that share state across nodes. */
@Module({
  providers: [RedisService],
  exports: [RedisService],
})
export class RedisModule {}
