import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

import { TrimmedString } from '../../common/validation/decorators';
import { HttpUrl } from '../../events/dto/dto-helpers';
import { STREAM_KINDS, StreamKind } from '../stream';

const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/;
/** More caption files than this is a mistake, not an interpretation booth. */
const MAX_CAPTIONS = 20;

export class StreamCaptionDto {
  @ApiProperty({ example: 'en', description: 'BCP 47 tag of the captions' })
  @Matches(LANGUAGE_TAG, { message: 'captions.lang must be a BCP 47 tag such as en or zh' })
  lang!: string;

  @TrimmedString({ max: 80, example: 'English' })
  label!: string;

  @ApiProperty({
    maxLength: 500,
    example: 'https://live.example.org/main/en.vtt',
    description: 'A WebVTT file',
  })
  @HttpUrl('captions.url')
  url!: string;
}

export class StreamDto {
  @ApiProperty({
    enum: STREAM_KINDS,
    description: 'hls: Plenary plays the playlist; embed: an iframe; link: a "Join the meeting" button',
  })
  @IsIn(STREAM_KINDS, { message: `kind must be one of ${STREAM_KINDS.join(', ')}` })
  kind!: StreamKind;

  @ApiProperty({
    maxLength: 500,
    example: 'https://live.example.org/main/master.m3u8',
    description: 'http(s), or a path on this server (e.g. the demo clip /demo-stage/master.m3u8)',
  })
  @StreamUrl('url')
  url!: string;

  @ApiPropertyOptional({
    maxLength: 500,
    description: 'Played when url fails (hls only); the player tries url again later',
  })
  @IsOptional()
  @HttpUrl('backupUrl')
  backupUrl?: string;

  @ApiPropertyOptional({
    type: [StreamCaptionDto],
    maxItems: MAX_CAPTIONS,
    description: 'WebVTT captions besides the subtitles the playlist carries',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_CAPTIONS)
  @ValidateNested({ each: true })
  @Type(() => StreamCaptionDto)
  captions?: StreamCaptionDto[];
}

/** A path on Plenary's own origin, such as the demo clip `/demo-stage/master.m3u8` (not `//host`, not `/\\`). */
const SAME_ORIGIN_PATH = /^\/(?![/\\])\S{0,499}$/;

/**
 * An http(s) URL, or a path on Plenary's own origin (a clip served with the client, like the demo's):
 * both are http(s) for the browser. Other schemes (`javascript:`, `data:`, `rtmp:`) are refused.
 */
function StreamUrl(property: string) {
  // ValidateIf skips every check of the property for such a path: the pattern itself bounds its length.
  return applyDecorators(
    ValidateIf(
      (_object: object, value: unknown) =>
        !(typeof value === 'string' && SAME_ORIGIN_PATH.test(value.trim())),
    ),
    HttpUrl(property),
  );
}
/** An optional `stream` in a create or PATCH body; null clears it. */
export const StreamInput = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ type: StreamDto, nullable: true, description }),
    IsOptional(),
    IsObject({ message: 'stream must be an object' }),
    ValidateNested(),
    Type(() => StreamDto),
  );
