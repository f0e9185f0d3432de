import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

import { ContentLanguageQueryDto } from '../../common/i18n';
import { canonicalTimeZone } from '../../common/time/zoned-time';
import { IsIanaTimeZone, PageLimit } from '../../common/validation/decorators';
import { NotificationView } from '../notifications.service';
import { AgendaItem, zonedTimes } from '../personal-agenda.service';
import { SeatView } from '../session-seats.service';

export class SeatResponseDto {
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty({ enum: ['confirmed', 'waitlisted', 'none'] }) status!: 'confirmed' | 'waitlisted' | 'none';
  @ApiPropertyOptional({ minimum: 1, description: '1-based place in the waitlist (only while waitlisted)' })
  position?: number;
  @ApiProperty({ type: Number, nullable: true }) capacity!: number | null;
  @ApiProperty({ description: 'Seats taken' }) taken!: number;
  @ApiProperty({ description: 'People on the waitlist' }) waiting!: number;
}

export function toSeatResponse(view: SeatView): SeatResponseDto {
  const { position, ...rest } = view;
  return { ...rest, ...(position !== null ? { position } : {}) };
}

/** `?lang=` (else `Accept-Language`, else the saved locale) picks the language of the texts. */
export class AgendaQueryDto extends PickType(ContentLanguageQueryDto, ['lang'] as const) {
  @ApiPropertyOptional({
    example: 'Europe/Moscow',
    description: "IANA zone for the times (default: each session's event zone)",
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @IsIanaTimeZone()
  tz?: string;
}

export class AgendaEventDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() title!: string;
  @ApiProperty() timezone!: string;
}

export class AgendaRoomDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class AgendaItemDto {
  @ApiProperty({ format: 'uuid', description: 'The session id' }) id!: string;
  @ApiProperty({ type: AgendaEventDto }) event!: AgendaEventDto;
  @ApiProperty() title!: string;
  @ApiProperty() kind!: string;
  @ApiProperty({ enum: ['scheduled', 'cancelled'] }) status!: string;
  @ApiProperty({ example: '2020-11-20T09:00:00+08:00' }) startsAt!: string;
  @ApiProperty({ example: '2020-11-20T10:00:00+08:00' }) endsAt!: string;
  @ApiProperty({ description: 'The zone startsAt/endsAt are shown in' }) timezone!: string;
  @ApiProperty({ type: AgendaRoomDto, nullable: true }) room!: AgendaRoomDto | null;
  @ApiProperty({
    type: [String],
    enum: ['speaker', 'moderator', 'panelist', 'host', 'seat', 'waitlisted', 'bookmarked'],
    description: 'Why the session is on the agenda',
  })
  reasons!: string[];
  @ApiProperty({ description: 'Bookmarked by the user' }) bookmarked!: boolean;
  @ApiProperty({ type: String, nullable: true, enum: ['confirmed', 'waitlisted'] }) seat!: string | null;
  @ApiProperty({ type: [String], description: 'Ids of other agenda items at overlapping times' })
  overlapsWith!: string[];
  @ApiProperty({ description: 'Raised on every change a calendar must notice' }) sequence!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'zh',
    description:
      "The language of the session's texts (title, event title, room name): the one asked for where translated, else its event's original",
  })
  lang!: string | null;
}

export class AgendaResponseDto {
  @ApiProperty({ type: String, nullable: true, description: "The zone asked for (null: each event's own)" })
  timezone!: string | null;
  @ApiProperty({ type: [AgendaItemDto] }) items!: AgendaItemDto[];
}

export function toAgendaItem(item: AgendaItem): AgendaItemDto {
  return {
    id: item.session.id,
    event: {
      id: item.event.id,
      slug: item.event.slug,
      title: item.event.title,
      timezone: item.event.timezone,
    },
    title: item.session.title,
    kind: item.session.kind,
    status: item.session.status,
    ...zonedTimes(item),
    timezone: item.timezone,
    room: item.room ? { id: item.room.id, name: item.room.name } : null,
    reasons: item.reasons,
    bookmarked: item.reasons.includes('bookmarked'),
    seat: item.seat?.status ?? null,
    overlapsWith: item.overlapsWith,
    sequence: item.session.sequence,
    lang: item.lang,
  };
}

export const normaliseZone = (tz: string | undefined): string | undefined =>
  tz === undefined ? undefined : canonicalTimeZone(tz);

export class CalendarUrlDto {
  @ApiProperty({
    example: 'https://plenary.example.org/api/calendar/3q2-7wPL….ics',
    description: 'Secret: anyone with the URL can read the agenda. Rotate it if it leaked.',
  })
  url!: string;
}

export class NotificationsQueryDto {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @PageLimit()
  limit?: number;
}

export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ type: String, nullable: true }) eventSlug!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) sessionId!: string | null;
  @ApiProperty() sessionTitle!: string;
  @ApiProperty({ enum: ['moved', 'room-changed', 'updated', 'cancelled'] }) kind!: string;
  @ApiProperty({ example: 'Moved to 20 Nov 14:00' }) summary!: string;
  @ApiProperty() read!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export function toNotificationResponse({ notification, eventSlug }: NotificationView): NotificationDto {
  return {
    id: notification.id,
    eventId: notification.eventId,
    eventSlug,
    sessionId: notification.sessionId,
    sessionTitle: notification.sessionTitle,
    kind: notification.kind,
    summary: notification.summary,
    read: notification.readAt !== null,
    createdAt: notification.createdAt,
  };
}

export class NotificationListDto {
  @ApiProperty({ type: [NotificationDto] }) items!: NotificationDto[];
  @ApiProperty() unreadCount!: number;
  @ApiPropertyOptional() nextCursor?: string;
}

export class UnreadCountDto {
  @ApiProperty() unreadCount!: number;
}
