import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { CurrentUser, RequireUser } from '../auth/current-user.decorator';
import { Principal } from '../auth/principal';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { EventSlugParamDto } from '../events/dto/event-params.dto';
import { EventAccessService } from '../events/event-access.service';
import { SessionPathDto } from '../qa/dto/session-path.dto';
import { eventAnalyticsCsv, sessionAnalyticsCsv } from './analytics-csv';
import { AnalyticsService } from './analytics.service';
import { AnalyticsQueryDto } from './dto/analytics-query.dto';
import { EventAnalyticsDto, SessionAnalyticsDetailDto } from './dto/analytics-response.dto';

const sendCsv = (res: Response, filename: string, csv: string): string => {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.setHeader('Cache-Control', 'no-store');
  return csv;
};

@ApiTags('analytics')
@ApiBearerAuth()
@RequireUser()
@Controller('events/:slug')
export class AnalyticsController {
  constructor(
    private readonly analytics: AnalyticsService,
    private readonly access: EventAccessService,
  ) {}

  @Get('analytics')
  @ApiOperation({
    summary: 'Attendance, engagement and registrations of the event (organizers)',
    description:
      'Per session: unique viewers, merged visits, peak concurrency, average minutes per viewer, chat ' +
      'messages, questions, poll votes, reactions; registrations by status and by answer. `format=csv`: ' +
      'UTF-8 with BOM, the sessions table, an empty line, then `field,answer,count`.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiResponse({ status: 200, type: EventAnalyticsDto })
  @ApiErrors(400, 401, 403, 404)
  async event(
    @Param() { slug }: EventSlugParamDto,
    @Query() query: AnalyticsQueryDto,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<EventAnalyticsDto | string> {
    const { event } = await this.access.requireOrganizer(slug, user);
    const analytics = await this.analytics.forEvent(event);
    return query.format === 'csv'
      ? sendCsv(res, `${event.slug}-analytics.csv`, eventAnalyticsCsv(analytics))
      : analytics;
  }

  @Get('sessions/:id/analytics')
  @ApiOperation({
    summary: 'One session’s figures and its concurrency per minute (organizers)',
    description:
      '`concurrency`: distinct users present in each minute from the first viewer to the last. ' +
      '`format=csv`: the session row, an empty line, then `minute,count`.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiResponse({ status: 200, type: SessionAnalyticsDetailDto })
  @ApiErrors(400, 401, 403, 404)
  async session(
    @Param() { slug, id }: SessionPathDto,
    @Query() query: AnalyticsQueryDto,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionAnalyticsDetailDto | string> {
    const { event } = await this.access.requireOrganizer(slug, user);
    const analytics = await this.analytics.forSession(event, id);
    return query.format === 'csv'
      ? sendCsv(res, `${event.slug}-session-${id}-analytics.csv`, sessionAnalyticsCsv(analytics))
      : analytics;
  }
}
