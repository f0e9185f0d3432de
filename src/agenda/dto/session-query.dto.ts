import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

import { ContentLanguageQueryDto } from '../../common/i18n';
import { IsEntityId, IsIanaTimeZone, IsLocalDate, PageLimit } from '../../common/validation/decorators';
import { SESSION_KINDS, SessionKind } from '../agenda-session.entity';
import { LANGUAGE_TAG } from './session-input.dto';

function SpokenLanguageFilter(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      example: 'ru',
      description: 'Only sessions spoken in this language or offering interpretation into it',
    }),
    IsOptional(),
    IsString(),
    MaxLength(16),
    Matches(LANGUAGE_TAG, { message: 'language must be a BCP 47 tag such as en or zh' }),
  );
}

export class EventSlugParamsDto {
  @ApiProperty({ example: 'silks-2020' })
  @IsString()
  @MaxLength(200)
  slug!: string;
}

export class SessionParamsDto extends EventSlugParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsEntityId({ message: 'id must be a session id' })
  id!: string;
}

export class TimeZoneQueryDto extends ContentLanguageQueryDto {
  @ApiPropertyOptional({
    example: 'Europe/Moscow',
    description:
      "IANA time zone for the returned times and days (default: UTC for sessions, the event's for the agenda)",
  })
  @IsOptional()
  @IsIanaTimeZone()
  tz?: string;
}

export class ListSessionsQueryDto extends TimeZoneQueryDto {
  @ApiPropertyOptional({
    example: '2030-11-20',
    description: "Only sessions starting on this date, in `tz` (default: the event's time zone)",
  })
  @IsOptional()
  @IsLocalDate()
  day?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Sessions in this room (breaks for all rooms included)',
  })
  @IsOptional()
  @IsEntityId()
  roomId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsEntityId()
  trackId?: string;

  @SpokenLanguageFilter()
  language?: string;

  @ApiPropertyOptional({ enum: SESSION_KINDS })
  @IsOptional()
  @IsIn(SESSION_KINDS, { message: `kind must be one of ${SESSION_KINDS.join(', ')}` })
  kind?: SessionKind;
}

/** The agenda: times in `tz`, texts in `lang`, optionally only sessions held in or interpreted into `language`. */
export class AgendaQueryDto extends TimeZoneQueryDto {
  @SpokenLanguageFilter()
  language?: string;
}

export class ListChangesQueryDto {
  @PageLimit()
  limit?: number;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}
