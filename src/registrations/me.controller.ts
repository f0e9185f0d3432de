import { Controller, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';

import { CurrentUser, RequireUser } from '../auth/current-user.decorator';
import { Principal } from '../auth/principal';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { ContentLanguage, RequestedLanguage } from '../common/i18n';
import {
  AgendaQueryDto,
  AgendaResponseDto,
  CalendarUrlDto,
  NotificationListDto,
  NotificationsQueryDto,
  normaliseZone,
  toAgendaItem,
  toNotificationResponse,
  UnreadCountDto,
} from './dto/personal.dto';
import { NotificationsService } from './notifications.service';
import { PersonalAgendaService } from './personal-agenda.service';

/** The signed-in user's own agenda, calendar feed and change notices. */
@ApiTags('personal agenda')
@ApiBearerAuth()
@RequireUser()
@Controller('me')
export class MeController {
  constructor(
    private readonly agenda: PersonalAgendaService,
    private readonly notifications: NotificationsService,
  ) {}

  @Get('agenda')
  @ApiOperation({
    summary: 'Personal agenda',
    description:
      'Bookmarked sessions, reserved seats and the sessions the user speaks at or moderates (as a linked ' +
      'speaker), in start order, with `reasons` and `overlapsWith`. Cancelled sessions stay, as cancelled. ' +
      'Texts in `?lang=`, else `Accept-Language`, else the saved `locale`, where translated (each item says `lang`).',
  })
  @ApiResponse({ status: 200, type: AgendaResponseDto })
  @ApiErrors(400, 401)
  async getAgenda(
    @Query() query: AgendaQueryDto,
    @CurrentUser() user: Principal,
    @RequestedLanguage() content: ContentLanguage,
  ): Promise<AgendaResponseDto> {
    const tz = normaliseZone(query.tz);
    const items = await this.agenda.agendaOf(user.id, tz, content.wanted);
    return { timezone: tz ?? null, items: items.map(toAgendaItem) };
  }

  @Get('calendar')
  @ApiOperation({
    summary: 'The secret URL of the personal calendar feed',
    description: 'Created on first call, the same afterwards. The feed needs no login: keep the URL private.',
  })
  @ApiResponse({ status: 200, type: CalendarUrlDto })
  @ApiErrors(401)
  async getCalendar(@CurrentUser() user: Principal, @Req() req: Request): Promise<CalendarUrlDto> {
    return { url: absolute(req, await this.agenda.feedPathOf(user.id)) };
  }

  @Post('calendar/rotate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replace the feed URL; the old one answers 404 from now on' })
  @ApiResponse({ status: 200, type: CalendarUrlDto })
  @ApiErrors(401)
  async rotateCalendar(@CurrentUser() user: Principal, @Req() req: Request): Promise<CalendarUrlDto> {
    return { url: absolute(req, await this.agenda.rotateFeed(user.id)) };
  }

  @Get('notifications')
  @ApiOperation({
    summary: 'Change notices',
    description:
      'Sessions the user bookmarked or holds a seat in that moved, changed or were cancelled; newest first.',
  })
  @ApiResponse({ status: 200, type: NotificationListDto })
  @ApiErrors(400, 401)
  async getNotifications(
    @Query() query: NotificationsQueryDto,
    @CurrentUser() user: Principal,
  ): Promise<NotificationListDto> {
    const page = await this.notifications.listFor(user.id, {
      cursor: query.cursor,
      limit: query.limit ?? 50,
    });
    return {
      items: page.items.map(toNotificationResponse),
      unreadCount: page.unreadCount,
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }

  @Post('notifications/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark every notice read' })
  @ApiResponse({ status: 200, type: UnreadCountDto })
  @ApiErrors(401)
  async markRead(@CurrentUser() user: Principal): Promise<UnreadCountDto> {
    return { unreadCount: await this.notifications.markAllRead(user.id) };
  }
}

/** Absolute URL on the host the request came to (behind a trusted proxy, its forwarded protocol). */
function absolute(req: Request, path: string): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}${path}`;
}
