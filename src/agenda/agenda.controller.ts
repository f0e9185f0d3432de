import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { OptionalUser } from '../auth/current-user.decorator';
import { Principal } from '../auth/principal';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { ContentLanguage, RequestedLanguage } from '../common/i18n';
import { AgendaQueryDto, EventSlugParamsDto, ListChangesQueryDto } from './dto/session-query.dto';
import { EventAgendaResponseDto, ProgrammeChangeListDto } from './dto/session-response.dto';
import { AgendaCache } from './agenda-cache';
import { AgendaFastPath } from './agenda-fast-path';
import { AgendaService } from './agenda.service';
import { ProgrammeChangeLog } from './programme-change-log';

@ApiTags('programme')
@Controller('events/:slug')
export class AgendaController {
  constructor(
    private readonly agendas: AgendaService,
    private readonly changeLog: ProgrammeChangeLog,
    private readonly cache: AgendaCache,
    private readonly fastPath: AgendaFastPath,
  ) {}

  @Get('agenda')
  @ApiOperation({
    summary: 'The programme grouped by day in a time zone',
    description:
      "Days and times in `tz` (default: the event's; `UTC` is valid). Sessions ordered by start; a session crossing local midnight is listed on the day it starts. Cancelled sessions are included with `status: cancelled`. Texts in `lang` (else `Accept-Language`) where translated, each entry saying its `lang`; `language` keeps the sessions spoken in or interpreted into that language.",
  })
  @ApiOkResponse({ type: EventAgendaResponseDto })
  @ApiErrors(400, 404)
  async agenda(
    @Param() { slug }: EventSlugParamsDto,
    @Query() { tz, language }: AgendaQueryDto,
    @RequestedLanguage() content: ContentLanguage,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @OptionalUser() user?: Principal,
  ): Promise<EventAgendaResponseDto> {
    const generation = this.cache.currentGeneration();
    const agenda = await this.agendas.agenda(slug, user, tz, content, language);
    if (!user) {
      // Anonymous reads of a published event: the next identical one is served from bytes (AgendaFastPath).
      this.fastPath.remember(req, res, generation, agenda);
    }
    return agenda;
  }

  @Get('changes')
  @ApiOperation({
    summary: 'The change log of the published programme, newest first',
    description:
      'What was added, moved, moved to another room, updated or cancelled after publication, and when.',
  })
  @ApiOkResponse({ type: ProgrammeChangeListDto })
  @ApiErrors(400, 404)
  changes(
    @Param() { slug }: EventSlugParamsDto,
    @Query() query: ListChangesQueryDto,
    @OptionalUser() user?: Principal,
  ): Promise<ProgrammeChangeListDto> {
    return this.changeLog.list(slug, user, query);
  }
}
