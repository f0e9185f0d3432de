import { Module } from '@nestjs/common';

import { AgendaCache } from './agenda-cache';
import { AgendaFastPath } from './agenda-fast-path';
import { AgendaController } from './agenda.controller';
import { AgendaService } from './agenda.service';
import { ProgrammeChangeLog } from './programme-change-log';
import { SessionReadsService } from './session-reads.service';
import { SessionViewLoader } from './session-views';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';

/** Sessions, the scheduling rules, the time-zone agenda and the programme change log. */
@Module({
  controllers: [SessionsController, AgendaController],
  providers: [
    SessionsService,
    SessionReadsService,
    ProgrammeChangeLog,
    AgendaService,
    SessionViewLoader,
    AgendaCache,
    AgendaFastPath,
  ],
  exports: [SessionsService, SessionViewLoader, AgendaCache, AgendaFastPath],
})
export class AgendaModule {}
