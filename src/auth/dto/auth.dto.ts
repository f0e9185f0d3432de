import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

import { TrimmedString } from '../../common/validation/decorators';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class RegisterDto {
  @ApiProperty({ example: 'ana@example.org', maxLength: 254 })
  @Transform(trim)
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  email!: string;

  @ApiProperty({ minLength: 10, maxLength: 200, description: 'At least 10 characters' })
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  password!: string;

  @TrimmedString({ max: 120, example: 'Ana Lima' })
  name!: string;
}

export class LoginDto {
  @ApiProperty({ example: 'organizer@silks.example' })
  @Transform(trim)
  @IsString()
  @MaxLength(254)
  email!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;
}

export class UserResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
}

export class AuthResponseDto {
  @ApiProperty({ description: 'Send as `Authorization: Bearer <accessToken>`; valid for 12 hours' })
  accessToken!: string;

  @ApiProperty({ type: UserResponseDto }) user!: UserResponseDto;
}

export class RoleGrantDto {
  @ApiProperty({ example: 'silks-2020' }) eventSlug!: string;
  @ApiProperty({ enum: ['organizer', 'moderator'] }) role!: string;
}

export class MeResponseDto extends UserResponseDto {
  @ApiProperty({ type: [RoleGrantDto] }) roles!: RoleGrantDto[];
}
