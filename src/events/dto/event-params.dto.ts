import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

import { IsEntityId } from '../../common/validation/decorators';

/**
 * `:slug` of the event routes. Not pattern-checked: a slug that cannot exist is simply not found (404), the
 * same answer as a draft the caller may not see.
 */
export class EventSlugParamDto {
  @ApiProperty({ example: 'silks-2020', maxLength: 64 })
  @IsString()
  @MaxLength(64)
  slug!: string;
}

/** `:slug/…/:id` routes (rooms, tracks, speakers, …): the id must be a UUID (else 400). */
export class EventItemParamDto extends EventSlugParamDto {
  @ApiProperty({ format: 'uuid' })
  @IsEntityId({ message: 'id must be a UUID' })
  id!: string;
}

/** `:slug/staff/:userId` */
export class EventUserParamDto extends EventSlugParamDto {
  @ApiProperty({ format: 'uuid' })
  @IsEntityId({ message: 'userId must be a UUID' })
  userId!: string;
}
