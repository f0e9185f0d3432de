import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';

import { IsEntityId, SLUG } from '../../common/validation/decorators';

export const MAX_MUTE_MINUTES = 1440;

export class MuteDto {
  @ApiProperty() @IsEntityId() sessionId!: string;
  @ApiProperty() @IsEntityId() userId!: string;
  @ApiProperty({ minimum: 1, maximum: MAX_MUTE_MINUTES })
  @IsInt()
  @Min(1)
  @Max(MAX_MUTE_MINUTES)
  minutes!: number;
}

export class UnmuteDto {
  @ApiProperty() @IsEntityId() sessionId!: string;
  @ApiProperty() @IsEntityId() userId!: string;
}

export class BanDto {
  @ApiProperty() @IsString() @Matches(SLUG) eventSlug!: string;
  @ApiProperty() @IsEntityId() userId!: string;
}
