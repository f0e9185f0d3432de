import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

import { IsTranslations, TranslationsPatch } from '../../common/i18n';
import { IsIanaTimeZone, IsLocalDate, SLUG, TrimmedString } from '../../common/validation/decorators';
import type { RegistrationFieldType } from '../event.entity';
import { OptionalNotNull, PatchString } from './dto-helpers';

export const REGISTRATION_FIELD_TYPES: readonly RegistrationFieldType[] = [
  'text',
  'choice',
  'multi',
  'checkbox',
];
export const FIELD_KEY = /^[a-z][a-z0-9_]{0,39}$/;
/** Short BCP 47 tags: a language subtag with optional script/region (`en`, `zh`, `zh-Hans`, `pt-BR`). */
export const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Z]{2}|\d{3}))?$/;
export const MAX_EVENT_DAYS = 31;
export const EVENT_TRANSLATABLE = { title: { max: 200 }, description: { max: 10_000 } };
export const REGISTRATION_FIELD_TRANSLATABLE = {
  label: { max: 200 },
  options: { max: 200, list: true },
};
const MAX_CAPACITY = 1_000_000;

const trimEach = ({ value }: { value: unknown }): unknown =>
  Array.isArray(value)
    ? value.map((item: unknown) => (typeof item === 'string' ? item.trim() : item))
    : value;

/** One custom registration question; answers are stored under `key`. */
export class RegistrationFieldDto {
  @ApiProperty({ pattern: FIELD_KEY.source, example: 'organisation' })
  @IsString()
  @Matches(FIELD_KEY, {
    message: 'key must start with a lower-case letter and hold only a-z, 0-9 and _ (at most 40)',
  })
  key!: string;

  @TrimmedString({ max: 200, example: 'Your organisation' })
  label!: string;

  @ApiProperty({ enum: REGISTRATION_FIELD_TYPES })
  @IsIn(REGISTRATION_FIELD_TYPES)
  type!: RegistrationFieldType;

  @ApiPropertyOptional({
    type: [String],
    minItems: 1,
    maxItems: 50,
    description: 'Required for `choice` and `multi`, not allowed otherwise',
  })
  @IsOptional()
  @Transform(trimEach)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(200, { each: true })
  options?: string[];

  @ApiPropertyOptional({ default: false })
  @OptionalNotNull()
  @IsBoolean()
  required?: boolean;

  /** Answers always use the original options; translated options are shown in their place, one for one. */
  @IsTranslations(REGISTRATION_FIELD_TRANSLATABLE)
  translations?: TranslationsPatch;
}

export class RegistrationSettingsDto {
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    maximum: MAX_CAPACITY,
    description: 'Seats; null or absent means unlimited',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_CAPACITY)
  capacity?: number | null;

  @ApiPropertyOptional({ default: false, description: 'Registrations wait for an organizer to approve them' })
  @OptionalNotNull()
  @IsBoolean()
  requiresApproval?: boolean;

  @ApiPropertyOptional({ type: [RegistrationFieldDto], maxItems: 50 })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => RegistrationFieldDto)
  fields?: RegistrationFieldDto[];
}

export class CreateEventDto {
  @ApiProperty({ pattern: SLUG.source, maxLength: 64, example: 'silks-2020' })
  @IsString()
  @Matches(SLUG, { message: 'slug must be lower-case letters, digits and inner hyphens (at most 64)' })
  slug!: string;

  @TrimmedString({ max: 200, example: 'SiLKS Online Annual Meeting 2020' })
  title!: string;

  @TrimmedString({ max: 10_000, optional: true })
  description?: string | null;

  @ApiProperty({
    example: 'Asia/Shanghai',
    description: 'IANA time zone; the event days are days in this zone',
  })
  @IsString()
  @IsIanaTimeZone()
  timezone!: string;

  @ApiProperty({ example: '2020-11-20', description: 'First day (YYYY-MM-DD, in the event time zone)' })
  @IsLocalDate()
  startsOn!: string;

  @ApiProperty({ example: '2020-11-21', description: `Last day; at most ${MAX_EVENT_DAYS} days in all` })
  @IsLocalDate()
  endsOn!: string;

  @ApiPropertyOptional({ type: [String], example: ['en', 'zh'], maxItems: 20 })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(LANGUAGE_TAG, { each: true, message: 'languages must be short BCP 47 tags such as en or zh-Hans' })
  languages?: string[];

  @ApiPropertyOptional({ type: RegistrationSettingsDto })
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => RegistrationSettingsDto)
  registration?: RegistrationSettingsDto;

  @IsTranslations(EVENT_TRANSLATABLE)
  translations?: TranslationsPatch;
}

/** Every field optional; `slug` cannot change (links and calendar feeds use it). */
export class UpdateEventDto {
  @PatchString({ max: 200 })
  title?: string;

  @TrimmedString({ max: 10_000, optional: true, description: 'null clears it' })
  description?: string | null;

  @ApiPropertyOptional({ example: 'Asia/Shanghai' })
  @OptionalNotNull()
  @IsString()
  @IsIanaTimeZone()
  timezone?: string;

  @ApiPropertyOptional({ example: '2020-11-20' })
  @OptionalNotNull()
  @IsLocalDate()
  startsOn?: string;

  @ApiPropertyOptional({ example: '2020-11-21' })
  @OptionalNotNull()
  @IsLocalDate()
  endsOn?: string;

  @ApiPropertyOptional({ type: [String], example: ['en', 'zh'], maxItems: 20 })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(LANGUAGE_TAG, { each: true, message: 'languages must be short BCP 47 tags such as en or zh-Hans' })
  languages?: string[];

  @ApiPropertyOptional({
    type: RegistrationSettingsDto,
    description: 'Partial: absent keys stay; `fields` replaces the whole list',
  })
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => RegistrationSettingsDto)
  registration?: RegistrationSettingsDto;

  @IsTranslations(EVENT_TRANSLATABLE)
  translations?: TranslationsPatch;
}

export class CloneEventDto {
  @ApiProperty({ pattern: SLUG.source, maxLength: 64, example: 'silks-2021' })
  @IsString()
  @Matches(SLUG, { message: 'slug must be lower-case letters, digits and inner hyphens (at most 64)' })
  slug!: string;

  @TrimmedString({ max: 200, example: 'SiLKS Online Annual Meeting 2021' })
  title!: string;

  @ApiProperty({ example: '2021-11-19', description: 'First day of the new edition' })
  @IsLocalDate()
  startsOn!: string;
}

export class RegistrationFieldResponseDto {
  @ApiProperty() key!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ enum: REGISTRATION_FIELD_TYPES }) type!: RegistrationFieldType;
  @ApiPropertyOptional({ type: [String] }) options?: string[];
  @ApiProperty() required!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Language served for label and options' })
  lang!: string | null;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Staff, with `?translations=all`',
  })
  translations?: Record<string, Record<string, string | string[]>>;
}

export class RegistrationSettingsResponseDto {
  @ApiProperty({ type: Number, nullable: true }) capacity!: number | null;
  @ApiProperty() requiresApproval!: boolean;
  @ApiProperty({ type: [RegistrationFieldResponseDto] }) fields!: RegistrationFieldResponseDto[];
}
