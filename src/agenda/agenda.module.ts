import { Module } from '@nestjs/common';

import { ProgrammeModule } from '../programme/programme.module';
import { AgendaCache } from './agenda-cache';
import { AgendaReferences } from './agenda-references';
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
  imports: [ProgrammeModule],
  controllers: [SessionsController, AgendaController],
  providers: [
    SessionsService,
    SessionReadsService,
    ProgrammeChangeLog,
    AgendaService,
    SessionViewLoader,
    AgendaCache,
    AgendaFastPath,
    AgendaReferences,
  ],
  exports: [SessionsService, SessionViewLoader, AgendaCache, AgendaFastPath],
})
export class AgendaModule {}
