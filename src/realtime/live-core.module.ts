import { Module } from '@nestjs/common';

import { RedisModule } from '../common/redis/redis.module';
import { LiveCluster } from './live-cluster';
import { LiveCommands } from './live-commands';
import { LiveDb } from './live-db';
import { LiveHub } from './live-hub';
import { LiveJoinParts } from './join-parts';
import { LiveMetrics } from './live-metrics';
import { PresenceTracker } from './presence';

/** What every live feature shares: the group-commit database path, the namespace holder, the cluster, presence. */
@Module({
  imports: [RedisModule],
  providers: [LiveCluster, LiveCommands, LiveDb, LiveHub, LiveMetrics, PresenceTracker, LiveJoinParts],
  exports: [LiveCluster, LiveCommands, LiveDb, LiveHub, LiveMetrics, PresenceTracker, LiveJoinParts],
})
export class LiveCoreModule {}
