import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, Min } from 'class-validator';

import { IsEntityId } from '../../common/validation/decorators';

export class JoinSessionDto {
  @ApiProperty() @IsEntityId() sessionId!: string;
  @ApiPropertyOptional({ description: 'The last seq the client saw', minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  after?: number;
}

export class SessionRefDto {
  @ApiProperty() @IsEntityId() sessionId!: string;
}

export class SetSessionStatusDto {
  @ApiProperty() @IsEntityId() sessionId!: string;
  @ApiProperty({ enum: ['live', 'ended'] }) @IsIn(['live', 'ended']) status!: 'live' | 'ended';
  @ApiPropertyOptional() @IsOptional() @IsBoolean() qaOpen?: boolean;
}
