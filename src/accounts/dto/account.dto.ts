import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsObject,
  IsString,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

import { LOCALES, Locale } from '../../auth/account-settings.entity';
import { RoleGrantDto } from '../../auth/dto/auth.dto';
import { IsIanaTimeZone, OptionalNullable } from '../../common/validation/decorators';

export class PasswordChangeDto {
  @ApiProperty({ maxLength: 200, description: 'The current password' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  current!: string;

  @ApiProperty({ minLength: 10, maxLength: 200, description: 'The new password, at least 10 characters' })
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  next!: string;
}

/** Absent leaves the value unchanged; null is refused (these settings cannot be cleared). */
const PresentUnlessAbsent = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);

export class UpdateProfileDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 120, example: 'Ana Lima' })
  @PresentUnlessAbsent()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ enum: LOCALES, description: 'Language of the interface and of mails' })
  @PresentUnlessAbsent()
  @IsIn(LOCALES)
  locale?: Locale;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 64,
    example: 'Europe/Moscow',
    description: 'IANA time zone for times in mails; null uses each event’s own zone',
  })
  @OptionalNullable()
  @IsString()
  @MaxLength(64)
  @IsIanaTimeZone()
  timezone?: string | null;

  @ApiPropertyOptional({ description: 'Mail a reminder 15 minutes before bookmarked or seated sessions' })
  @PresentUnlessAbsent()
  @IsBoolean()
  reminders?: boolean;

  @ApiPropertyOptional({
    type: PasswordChangeDto,
    description: 'Changes the password; every other token is signed out and a new `accessToken` returned',
  })
  @PresentUnlessAbsent()
  @IsObject()
  @ValidateNested()
  @Type(() => PasswordChangeDto)
  password?: PasswordChangeDto;
}

export class ProfileResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: LOCALES }) locale!: Locale;
  @ApiProperty({ type: String, nullable: true, example: 'Asia/Shanghai' }) timezone!: string | null;
  @ApiProperty() reminders!: boolean;
  @ApiProperty({ type: [RoleGrantDto] }) roles!: RoleGrantDto[];

  @ApiPropertyOptional({ description: 'Only after a password change: use it from now on' })
  accessToken?: string;
}

export class DeleteAccountDto {
  @ApiProperty({ maxLength: 200, description: 'The current password, to confirm' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;
}

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class ForgotPasswordDto {
  @ApiProperty({ example: 'ana@example.org', maxLength: 254 })
  @Transform(trim)
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  email!: string;
}

export class ResetPasswordDto {
  @ApiProperty({ description: 'From the link in the mail', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  token!: string;

  @ApiProperty({ minLength: 10, maxLength: 200 })
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  password!: string;
}

export class AcceptedDto {
  @ApiProperty({ example: 'accepted' }) status!: 'accepted';
}

export class AccountExportDto {
  @ApiProperty({ description: 'When the export was made (UTC)' }) exportedAt!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Account, settings and roles' })
  account!: Record<string, unknown>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'object' } },
    description: 'Every stored record about the account, by kind',
  })
  records!: Record<string, Record<string, unknown>[]>;
}
