import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString } from 'class-validator';

import { IsHexColor, TrimmedString } from '../../common/validation/decorators';
import { OptionalNotNull, PatchString } from '../../events/dto/dto-helpers';
import type { Track } from '../track.entity';

export class CreateTrackDto {
  @TrimmedString({ max: 120, example: 'Green Development' })
  name!: string;

  @ApiProperty({ example: '#2E7D32', pattern: '^#[0-9A-Fa-f]{6}$' })
  @IsString()
  @IsHexColor()
  color!: string;
}

export class UpdateTrackDto {
  @PatchString({ max: 120 })
  name?: string;

  @ApiPropertyOptional({ example: '#2E7D32', pattern: '^#[0-9A-Fa-f]{6}$' })
  @OptionalNotNull()
  @IsString()
  @IsHexColor()
  color?: string;
}

export class TrackResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: '#2E7D32' }) color!: string;
}

export class TrackListResponseDto {
  @ApiProperty({ type: [TrackResponseDto] }) items!: TrackResponseDto[];
}

export const toTrackResponse = (track: Track): TrackResponseDto => ({
  id: track.id,
  name: track.name,
  color: track.color,
});
