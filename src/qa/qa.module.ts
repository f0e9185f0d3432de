import { Module } from '@nestjs/common';

import { LiveCoreModule } from '../realtime/live-core.module';
import { QaGateway } from './qa.gateway';
import { QuestionsController } from './questions.controller';
import { QuestionsService } from './questions.service';

@Module({
  imports: [LiveCoreModule],
  controllers: [QuestionsController],
  providers: [QuestionsService, QaGateway],
  exports: [QuestionsService],
})
export class QaModule {}
