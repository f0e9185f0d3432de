import { Controller, Get, Header, Param, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';

import { OptionalUser } from '../auth/current-user.decorator';
import { Principal } from '../auth/principal';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { ApiContentLanguage, ContentLanguage, RequestedLanguage } from '../common/i18n';
import { C3vocSchedule } from './c3voc-schedule';
import { ExportsService } from './exports.service';

/** Absolute links in exports point back to where the request came (behind a trusted proxy, its host). */
const originOf = (req: Request): string => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

@ApiTags('exports')
@ApiBearerAuth()
@Controller('events/:slug')
@ApiParam({ name: 'slug', description: 'The event slug, e.g. `silks-2020`' })
export class ExportsController {
  constructor(private readonly exportsService: ExportsService) {}

  @Get('schedule.json')
  @ApiOperation({
    summary: 'The programme as c3voc schedule JSON',
    description:
      'Validates against https://c3voc.de/schedule/schema.json. Cancelled sessions and breaks without a room ' +
      'are left out; `guid` is the session id, times are in the event time zone. Drafts: staff only.',
  })
  @ApiProduces('application/json')
  @ApiOkResponse({ description: 'c3voc schedule JSON', schema: { type: 'object' } })
  @ApiContentLanguage()
  @ApiErrors(400, 404)
  async scheduleJson(
    @Param('slug') slug: string,
    @OptionalUser() user: Principal | undefined,
    @Req() req: Request,
    @RequestedLanguage() content: ContentLanguage,
  ): Promise<C3vocSchedule> {
    return this.exportsService.c3vocJson(slug, user, originOf(req), content);
  }

  @Get('schedule.xml')
  @Header('Content-Type', 'application/xml; charset=utf-8')
  @ApiOperation({
    summary: 'The programme as frab schedule XML',
    description:
      'Validates against https://c3voc.de/schedule/schema.xsd; the same programme as schedule.json. Drafts: staff only.',
  })
  @ApiProduces('application/xml')
  @ApiOkResponse({ description: 'frab schedule XML', schema: { type: 'string' } })
  @ApiContentLanguage()
  @ApiErrors(400, 404)
  async scheduleXml(
    @Param('slug') slug: string,
    @OptionalUser() user: Principal | undefined,
    @Req() req: Request,
    @RequestedLanguage() content: ContentLanguage,
  ): Promise<string> {
    return this.exportsService.frabXml(slug, user, originOf(req), content);
  }

  @Get('schedule.ics')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @ApiOperation({
    summary: 'The whole programme as an iCalendar feed',
    description:
      'RFC 5545, times with TZID = the event time zone and a VTIMEZONE built from its real transitions. UIDs ' +
      'are stable (`<sessionId>@plenary`), SEQUENCE rises when a session changes, cancelled sessions stay as ' +
      'STATUS:CANCELLED. Drafts: staff only.',
  })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'iCalendar', schema: { type: 'string' } })
  @ApiContentLanguage()
  @ApiErrors(400, 404)
  async scheduleIcs(
    @Param('slug') slug: string,
    @OptionalUser() user: Principal | undefined,
    @Req() req: Request,
    @RequestedLanguage() content: ContentLanguage,
  ): Promise<string> {
    return this.exportsService.icalendar(slug, user, originOf(req), content);
  }
}
