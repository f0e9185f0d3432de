import { Module } from '@nestjs/common';

import { DeclarationsModule } from '../declarations/declarations.module';
import { PollsModule } from '../polls/polls.module';
import { OverlayController } from './overlay.controller';
import { OverlayService } from './overlay.service';
import { StreamOriginsService } from './stream-origins';

/** The stage around the player: the page's allowed stream origins and the production overlay. */
@Module({
  imports: [PollsModule, DeclarationsModule],
  controllers: [OverlayController],
  providers: [StreamOriginsService, OverlayService],
  exports: [StreamOriginsService],
})
export class StageModule {}
