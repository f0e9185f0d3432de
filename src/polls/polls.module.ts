import { Module } from '@nestjs/common';

import { EventsModule } from '../events/events.module';
import { LiveCoreModule } from '../realtime/live-core.module';
import { PollCommands } from './poll-commands.service';
import { PollResultsCoalescer } from './poll-results.coalescer';
import { PollTallies } from './poll-tallies';
import { PollsBroadcaster } from './polls.broadcaster';
import { PollsController } from './polls.controller';
import { PollsGateway } from './polls.gateway';
import { PollsService } from './polls.service';

/** Live polls: drafts, one open poll per session, one vote per user, results shown by each poll's rule. */
@Module({
  imports: [LiveCoreModule, EventsModule],
  controllers: [PollsController],
  providers: [PollsService, PollCommands, PollResultsCoalescer, PollTallies, PollsBroadcaster, PollsGateway],
  exports: [PollsService],
})
export class PollsModule {}
