import { Module } from '@nestjs/common';

import { RedisModule } from '../common/redis/redis.module';
import { LiveCoreModule } from '../realtime/live-core.module';
import { ReactionBursts } from './reaction-bursts';
import { ReactionsGateway } from './reactions.gateway';

/** Emoji reactions: counted per session, announced once a second, stored as per-minute totals. */
@Module({
  imports: [LiveCoreModule, RedisModule],
  providers: [ReactionBursts, ReactionsGateway],
})
export class ReactionsModule {}
