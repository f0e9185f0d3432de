import { Module } from '@nestjs/common';

import { AgendaCache } from './agenda-cache';
import { AgendaController } from './agenda.controller';
import { AgendaService } from './agenda.service';
import { SessionViewLoader } from './session-views';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';

/** Sessions, the scheduling rules, the time-zone agenda and the programme change log. */
@Module({
  controllers: [SessionsController, AgendaController],
  providers: [SessionsService, AgendaService, SessionViewLoader, AgendaCache],
  exports: [SessionsService, SessionViewLoader, AgendaCache],
})
export class AgendaModule {}
