import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';

import { validationFailed } from '../common/errors/domain-error';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { isLanguageTag } from '../common/i18n';
import { PersonalAgendaService } from './personal-agenda.service';

/** The personal iCalendar feed: no login, the secret token in the URL is the credential. */
@ApiTags('personal agenda')
@Controller('calendar')
export class CalendarFeedController {
  constructor(private readonly agenda: PersonalAgendaService) {}

  @Get(':token.ics')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'private, no-cache')
  @Header('Referrer-Policy', 'no-referrer')
  @ApiOperation({
    summary: 'Personal calendar feed (iCalendar)',
    description:
      'The URL comes from GET /me/calendar. Changed sessions carry a raised SEQUENCE; cancelled ones stay ' +
      'with STATUS:CANCELLED. An unknown or rotated token answers 404.',
  })
  @ApiParam({ name: 'token', description: 'The secret feed token' })
  @ApiProduces('text/calendar')
  @ApiResponse({ status: 200, description: 'text/calendar' })
  @ApiQuery({
    name: 'lang',
    required: false,
    example: 'zh',
    description: "Language of the texts where translated (default: the owner's locale, else the originals)",
  })
  @ApiErrors(400, 404)
  feed(@Param('token') token: string, @Query('lang') lang?: string): Promise<string> {
    if (lang !== undefined && !isLanguageTag(lang)) {
      throw validationFailed({ lang: ['lang must be a BCP 47 tag such as en, zh or ru'] });
    }
    return this.agenda.renderFeed(token, lang);
  }
}
