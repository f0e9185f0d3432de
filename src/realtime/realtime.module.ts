import { Module } from '@nestjs/common';

import { BroadcastListener } from './broadcast.listener';
import { LiveCoreModule } from './live-core.module';
import { RealtimeGateway } from './realtime.gateway';
import { RevokedSocketsListener } from './revoked-sockets.listener';

/** Socket.IO namespace `/live`: connections, joins and the broadcasts of every live feature. */
@Module({
  imports: [LiveCoreModule],
  providers: [RealtimeGateway, BroadcastListener, RevokedSocketsListener],
})
export class RealtimeModule {}
