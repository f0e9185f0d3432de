import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

import {
  ContentLanguageQueryDto,
  IsTranslations,
  Localizer,
  LocalizedResponseDto,
  TranslationsPatch,
} from '../../common/i18n';
import { IsEntityId, PageLimit, TrimmedString } from '../../common/validation/decorators';
import { HttpUrl, PatchString } from '../../events/dto/dto-helpers';
import type { Organization } from '../organization.entity';

/** The directory belongs to no event, so any BCP 47 tag is accepted (zh for 国务院发展研究中心). */
export const ORGANIZATION_TRANSLATABLE = { name: { max: 200 }, shortName: { max: 40 } };

export class CreateOrganizationDto {
  @TrimmedString({ max: 200, example: 'Development Research Center of the State Council' })
  name!: string;

  @TrimmedString({ max: 40, optional: true, example: 'DRC' })
  shortName?: string | null;

  @TrimmedString({ max: 80, optional: true, example: 'China' })
  country?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500, example: 'https://www.drc.gov.cn' })
  @IsOptional()
  @HttpUrl('url')
  url?: string | null;

  @IsTranslations(ORGANIZATION_TRANSLATABLE)
  translations?: TranslationsPatch;
}

/** Partial; null clears an optional field. The name stays unique ignoring case. */
export class UpdateOrganizationDto {
  @PatchString({ max: 200 })
  name?: string;

  @TrimmedString({ max: 40, optional: true })
  shortName?: string | null;

  @TrimmedString({ max: 80, optional: true })
  country?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500 })
  @IsOptional()
  @HttpUrl('url')
  url?: string | null;

  @IsTranslations(ORGANIZATION_TRANSLATABLE)
  translations?: TranslationsPatch;
}

export class OrganizationIdParamDto {
  @ApiProperty({ format: 'uuid' })
  @IsEntityId({ message: 'id must be a UUID' })
  id!: string;
}

export class ListOrganizationsQueryDto extends ContentLanguageQueryDto {
  @ApiPropertyOptional({ maxLength: 200, description: 'Case-insensitive part of the name or short name' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @PageLimit()
  limit?: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(400)
  cursor?: string;
}

export class OrganizationResponseDto extends LocalizedResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) shortName!: string | null;
  @ApiProperty({ type: String, nullable: true }) country!: string | null;
  @ApiProperty({ type: String, nullable: true }) url!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class OrganizationListResponseDto {
  @ApiProperty({ type: [OrganizationResponseDto] }) items!: OrganizationResponseDto[];
  @ApiPropertyOptional({ description: 'Pass back as `?cursor=` for the next page; absent on the last page' })
  nextCursor?: string;
}

/** The short form embedded in speakers. */
export class OrganizationSummaryDto extends LocalizedResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) shortName!: string | null;
  @ApiProperty({ type: String, nullable: true }) country!: string | null;
}

export function toOrganizationResponse(
  organization: Organization,
  localizer = Localizer.ORIGINAL,
): OrganizationResponseDto {
  return {
    id: organization.id,
    ...localizer.fields(organization, ['name', 'shortName']),
    country: organization.country,
    url: organization.url,
    createdAt: organization.createdAt,
    updatedAt: organization.updatedAt,
  };
}

export function toOrganizationSummary(
  organization: Organization,
  localizer = Localizer.ORIGINAL,
): OrganizationSummaryDto {
  return {
    id: organization.id,
    ...localizer.fields(organization, ['name', 'shortName']),
    country: organization.country,
  };
}
