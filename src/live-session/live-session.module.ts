import { Module } from '@nestjs/common';

import { AgendaModule } from '../agenda/agenda.module';
import { QaModule } from '../qa/qa.module';
import { LiveCoreModule } from '../realtime/live-core.module';
import { BroadcastListener } from './broadcast.listener';
import { LiveSessionsService } from './live-sessions.service';
import { RealtimeGateway } from './realtime.gateway';
import { RevokedSocketsListener } from './revoked-sockets.listener';
import { RoomMembership } from './room-membership';

/**
 * A live session as a whole, above chat and Q&A: joining it (who may, and the snapshot of both), its rooms,
 * its status, and the broadcasts of every live feature.
 */
@Module({
  imports: [LiveCoreModule, AgendaModule, QaModule],
  providers: [
    LiveSessionsService,
    RoomMembership,
    RealtimeGateway,
    BroadcastListener,
    RevokedSocketsListener,
  ],
  exports: [LiveSessionsService],
})
export class LiveSessionModule {}
