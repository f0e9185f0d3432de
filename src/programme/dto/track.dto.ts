import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString } from 'class-validator';

import { IsTranslations, Localizer, LocalizedResponseDto, TranslationsPatch } from '../../common/i18n';
import { IsHexColor, TrimmedString } from '../../common/validation/decorators';
import { OptionalNotNull, PatchString } from '../../events/dto/dto-helpers';
import type { Track } from '../track.entity';

export const TRACK_TRANSLATABLE = { name: { max: 120 } };

export class CreateTrackDto {
  @TrimmedString({ max: 120, example: 'Green Development' })
  name!: string;

  @ApiProperty({ example: '#2E7D32', pattern: '^#[0-9A-Fa-f]{6}$' })
  @IsString()
  @IsHexColor()
  color!: string;

  @IsTranslations(TRACK_TRANSLATABLE)
  translations?: TranslationsPatch;
}

export class UpdateTrackDto {
  @PatchString({ max: 120 })
  name?: string;

  @ApiPropertyOptional({ example: '#2E7D32', pattern: '^#[0-9A-Fa-f]{6}$' })
  @OptionalNotNull()
  @IsString()
  @IsHexColor()
  color?: string;

  @IsTranslations(TRACK_TRANSLATABLE)
  translations?: TranslationsPatch;
}

export class TrackResponseDto extends LocalizedResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: '#2E7D32' }) color!: string;
}

export class TrackListResponseDto {
  @ApiProperty({ type: [TrackResponseDto] }) items!: TrackResponseDto[];
}

export const toTrackResponse = (track: Track, localizer = Localizer.ORIGINAL): TrackResponseDto => ({
  id: track.id,
  ...localizer.fields(track, ['name']),
  color: track.color,
});
