import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

import { IsTranslations, Localizer, LocalizedResponseDto, TranslationsPatch } from '../../common/i18n';
import { TrimmedString } from '../../common/validation/decorators';
import { HttpUrl, OptionalNotNull, PatchString } from '../../events/dto/dto-helpers';
import type { Room } from '../room.entity';
import { roomStream, Stream } from '../stream';
import { StreamDto, StreamInput } from './stream.dto';

const MAX_CAPACITY = 1_000_000;
const MAX_POSITION = 10_000;
export const ROOM_TRANSLATABLE = { name: { max: 120 } };

export class CreateRoomDto {
  @TrimmedString({ max: 120, example: 'Main Stage' })
  name!: string;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, maximum: MAX_CAPACITY })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_CAPACITY)
  capacity?: number | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 500,
    example: 'https://live.example.org/main',
  })
  @IsOptional()
  @HttpUrl('streamUrl')
  streamUrl?: string | null;

  @StreamInput('What the stage plays; null clears it (a streamUrl is then played as an embed)')
  stream?: StreamDto | null;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_POSITION,
    description: 'Display order (left to right); new rooms go after the existing ones',
  })
  @OptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(MAX_POSITION)
  position?: number;

  @IsTranslations(ROOM_TRANSLATABLE)
  translations?: TranslationsPatch;
}

export class UpdateRoomDto {
  @PatchString({ max: 120 })
  name?: string;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, maximum: MAX_CAPACITY })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_CAPACITY)
  capacity?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500 })
  @IsOptional()
  @HttpUrl('streamUrl')
  streamUrl?: string | null;

  @StreamInput('What the stage plays; null clears it (a streamUrl is then played as an embed)')
  stream?: StreamDto | null;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_POSITION })
  @OptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(MAX_POSITION)
  position?: number;

  @IsTranslations(ROOM_TRANSLATABLE)
  translations?: TranslationsPatch;
}

export class RoomResponseDto extends LocalizedResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: Number, nullable: true }) capacity!: number | null;
  @ApiProperty({ type: String, nullable: true }) streamUrl!: string | null;
  @ApiProperty({
    type: StreamDto,
    nullable: true,
    description: 'What the stage plays (a streamUrl alone is shown as an embed)',
  })
  stream!: Stream | null;
  @ApiProperty() position!: number;
  @ApiPropertyOptional({ description: 'Key of the production overlay page (organizers only)' })
  overlayKey?: string;
}

export class RoomListResponseDto {
  @ApiProperty({ type: [RoomResponseDto] }) items!: RoomResponseDto[];
}

export const toRoomResponse = (
  room: Room,
  localizer = Localizer.ORIGINAL,
  withOverlayKey = false,
): RoomResponseDto => ({
  id: room.id,
  ...localizer.fields(room, ['name']),
  capacity: room.capacity,
  streamUrl: room.streamUrl,
  stream: roomStream(room),
  position: room.position,
  ...(withOverlayKey && room.overlayKey ? { overlayKey: room.overlayKey } : {}),
});
