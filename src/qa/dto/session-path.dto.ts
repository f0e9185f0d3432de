import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

import { IsEntityId, SLUG } from '../../common/validation/decorators';

/** `/events/:slug/sessions/:id` */
export class SessionPathDto {
  @ApiProperty() @IsString() @Matches(SLUG) slug!: string;
  @ApiProperty({ format: 'uuid' }) @IsEntityId() id!: string;
}
