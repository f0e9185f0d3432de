import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, MaxLength } from 'class-validator';

import { IsTranslations, LocalizedResponseDto, TranslationsPatch } from '../../common/i18n';
import { IsEntityId, TrimmedString } from '../../common/validation/decorators';
import { HttpUrl, PatchString } from '../../events/dto/dto-helpers';
import { OrganizationSummaryDto } from '../../organizations/dto/organization.dto';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** `name` too, for names written in another script (陶平生 for Tao Pingsheng). */
export const SPEAKER_TRANSLATABLE = { name: { max: 120 }, position: { max: 300 }, bio: { max: 5000 } };

export class CreateSpeakerDto {
  @TrimmedString({ max: 120, example: 'Ana Lima' })
  name!: string;

  @TrimmedString({
    max: 300,
    optional: true,
    example: 'Director General, Department of International Cooperation',
  })
  position?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'From /organizations' })
  @IsOptional()
  @IsEntityId({ message: 'organizationId must be a UUID' })
  organizationId?: string | null;

  @TrimmedString({ max: 5000, optional: true })
  bio?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500 })
  @IsOptional()
  @HttpUrl('photoUrl')
  photoUrl?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 254, description: 'Shown to staff only' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  email?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: "The speaker's account, so their sessions appear in their own agenda",
  })
  @IsOptional()
  @IsEntityId({ message: 'userId must be a UUID' })
  userId?: string | null;

  @IsTranslations(SPEAKER_TRANSLATABLE)
  translations?: TranslationsPatch;
}

/** Partial; null clears an optional field. */
export class UpdateSpeakerDto {
  @PatchString({ max: 120 })
  name?: string;

  @TrimmedString({ max: 300, optional: true })
  position?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsEntityId({ message: 'organizationId must be a UUID' })
  organizationId?: string | null;

  @TrimmedString({ max: 5000, optional: true })
  bio?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500 })
  @IsOptional()
  @HttpUrl('photoUrl')
  photoUrl?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 254 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  email?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsEntityId({ message: 'userId must be a UUID' })
  userId?: string | null;

  @IsTranslations(SPEAKER_TRANSLATABLE)
  translations?: TranslationsPatch;
}

export class SpeakerResponseDto extends LocalizedResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) position!: string | null;
  @ApiProperty({ type: OrganizationSummaryDto, nullable: true }) organization!: OrganizationSummaryDto | null;
  @ApiProperty({ type: String, nullable: true }) bio!: string | null;
  @ApiProperty({ type: String, nullable: true }) photoUrl!: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: "Contact address; present only in the event staff's view",
  })
  email?: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) userId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class SpeakerListResponseDto {
  @ApiProperty({ type: [SpeakerResponseDto] }) items!: SpeakerResponseDto[];
}
