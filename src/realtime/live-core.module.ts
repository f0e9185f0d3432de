import { Module } from '@nestjs/common';

import { AgendaModule } from '../agenda/agenda.module';
import { RedisModule } from '../common/redis/redis.module';
import { LiveCluster } from './live-cluster';
import { LiveDb } from './live-db';
import { LiveHub } from './live-hub';
import { LiveJoinParts } from './join-parts';
import { LiveCommands } from './live-commands';
import { LiveMetrics } from './live-metrics';
import { LiveSessionsService } from './live-sessions.service';
import { PresenceTracker } from './presence';
import { RoomMembership } from './room-membership';
import { VoteCoalescer } from './vote-coalescer';

/** What every live feature shares: the group-commit database path, the namespace holder, presence, votes. */
@Module({
  imports: [AgendaModule, RedisModule],
  providers: [
    LiveCluster,
    LiveCommands,
    LiveDb,
    LiveHub,
    LiveMetrics,
    LiveSessionsService,
    PresenceTracker,
    VoteCoalescer,
    RoomMembership,
    LiveJoinParts,
  ],
  exports: [
    LiveCluster,
    LiveCommands,
    LiveDb,
    LiveHub,
    LiveMetrics,
    LiveSessionsService,
    PresenceTracker,
    VoteCoalescer,
    RoomMembership,
    LiveJoinParts,
  ],
})
export class LiveCoreModule {}
