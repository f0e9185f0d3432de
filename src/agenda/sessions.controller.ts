import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { ContentLanguage, RequestedLanguage } from '../common/i18n';
import { CurrentUser, OptionalUser, RequireUser } from '../auth/current-user.decorator';
import { Principal } from '../auth/principal';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { CreateSessionDto, UpdateSessionDto } from './dto/session-input.dto';
import {
  EventSlugParamsDto,
  ListSessionsQueryDto,
  SessionParamsDto,
  TimeZoneQueryDto,
} from './dto/session-query.dto';
import { SessionListResponseDto, SessionResponseDto } from './dto/session-response.dto';
import { SessionReadsService } from './session-reads.service';
import { SessionsService } from './sessions.service';

@ApiTags('programme')
@Controller('events/:slug/sessions')
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly reads: SessionReadsService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List the sessions of an event, ordered by start',
    description:
      'Anyone who can see the event. Times in UTC unless `tz` is given; `day` is a date in `tz` (default: the event time zone).',
  })
  @ApiOkResponse({ type: SessionListResponseDto })
  @ApiErrors(400, 404)
  async list(
    @Param() { slug }: EventSlugParamsDto,
    @Query() query: ListSessionsQueryDto,
    @RequestedLanguage() content: ContentLanguage,
    @OptionalUser() user?: Principal,
  ): Promise<SessionListResponseDto> {
    return { items: await this.reads.list(slug, user, query, content) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One session of an event' })
  @ApiOkResponse({ type: SessionResponseDto })
  @ApiErrors(400, 404)
  get(
    @Param() { slug, id }: SessionParamsDto,
    @Query() { tz }: TimeZoneQueryDto,
    @RequestedLanguage() content: ContentLanguage,
    @OptionalUser() user?: Principal,
  ): Promise<SessionResponseDto> {
    return this.reads.get(slug, id, user, tz, content);
  }

  @Post()
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Add a session (organizers)',
    description:
      'Enforces the scheduling rules: inside the event days (event time zone), no room overlap, no speaker in two overlapping sessions; every violation is listed in one 409 SCHEDULE_CONFLICT (`details.conflicts`).',
  })
  @ApiCreatedResponse({ type: SessionResponseDto })
  @ApiErrors(400, 401, 403, 404, 409)
  create(
    @Param() { slug }: EventSlugParamsDto,
    @Body() body: CreateSessionDto,
    @CurrentUser() user: Principal,
  ): Promise<SessionResponseDto> {
    return this.sessions.create(slug, user, body);
  }

  @Patch(':id')
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Change a session (organizers)',
    description:
      'Same rules as creating. On a published event the change is recorded in the change log; changes to time, room, title, abstract or status raise `sequence`.',
  })
  @ApiOkResponse({ type: SessionResponseDto })
  @ApiErrors(400, 401, 403, 404, 409)
  update(
    @Param() { slug, id }: SessionParamsDto,
    @Body() body: UpdateSessionDto,
    @CurrentUser() user: Principal,
  ): Promise<SessionResponseDto> {
    return this.sessions.update(slug, id, user, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireUser()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Remove a session (organizers)',
    description:
      'On a published event the session is kept as `cancelled` (and logged); on a draft it is deleted.',
  })
  @ApiNoContentResponse({ description: 'Cancelled or deleted' })
  @ApiErrors(400, 401, 403, 404)
  remove(@Param() { slug, id }: SessionParamsDto, @CurrentUser() user: Principal): Promise<void> {
    return this.sessions.remove(slug, id, user);
  }
}
