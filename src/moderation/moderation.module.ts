import { Module } from '@nestjs/common';

import { LiveCoreModule } from '../realtime/live-core.module';
import { ModerationGateway } from './moderation.gateway';
import { ModerationService } from './moderation.service';

@Module({
  imports: [LiveCoreModule],
  providers: [ModerationService, ModerationGateway],
  exports: [ModerationService],
})
export class ModerationModule {}
