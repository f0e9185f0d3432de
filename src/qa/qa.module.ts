import { Module } from '@nestjs/common';

import { LiveCoreModule } from '../realtime/live-core.module';
import { QaGateway } from './qa.gateway';
import { QuestionsController } from './questions.controller';
import { QuestionsService } from './questions.service';
import { VoteCoalescer } from './vote-coalescer';

@Module({
  imports: [LiveCoreModule],
  controllers: [QuestionsController],
  providers: [QuestionsService, QaGateway, VoteCoalescer],
  exports: [QuestionsService, VoteCoalescer],
})
export class QaModule {}
