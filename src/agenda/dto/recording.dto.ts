import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';

import { HttpUrl, OptionalNotNull } from '../../events/dto/dto-helpers';
import type { SessionRecording } from '../agenda-session.entity';

/** A recording of a session (HLS or MP4), one per language where the interpretation was recorded. */
export class RecordingDto {
  @ApiPropertyOptional({ example: 'zh', description: 'BCP 47 tag; absent for the floor language' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, {
    message: 'lang must be a BCP 47 tag such as en or zh-Hans',
  })
  lang?: string;

  @ApiProperty({ example: 'https://media.example.org/silks/opening.m3u8', description: 'http or https' })
  @HttpUrl('url')
  url!: string;
}

/** `recordings` on a session's create and update bodies: the whole list, replaced. */
export const RecordingsProperty = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({
      type: [RecordingDto],
      description: 'Shown on the session page once it ended and carried into the exports; replaces the list',
    }),
    OptionalNotNull(),
    IsArray(),
    ArrayMaxSize(20),
    ValidateNested({ each: true }),
    Type(() => RecordingDto),
  );

/** The stored form of an input list (no `lang` key when absent); undefined when the body left it out. */
export function recordingsOf(input: RecordingDto[] | undefined): SessionRecording[] | undefined {
  return input?.map(({ lang, url }) => (lang ? { lang, url } : { url }));
}
