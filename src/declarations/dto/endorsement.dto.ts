import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

import { IsEntityId, TrimmedString } from '../../common/validation/decorators';
import type { Organization } from '../../organizations/organization.entity';
import type { DeclarationEndorsement, EndorsementStatus } from '../declaration-endorsement.entity';

export class RepresentativeDto {
  @TrimmedString({ max: 200, example: 'Li Wei' })
  name!: string;

  @TrimmedString({ max: 200, example: 'President' })
  position!: string;
}

export class CreateEndorsementDto {
  @ApiProperty({
    format: 'uuid',
    description: 'From the organisations directory (`POST /organizations` adds one)',
  })
  @IsEntityId({ message: 'organizationId must be a UUID' })
  organizationId!: string;

  @ApiProperty({ type: RepresentativeDto, description: 'Who endorses on behalf of the organisation' })
  @IsObject()
  @ValidateNested()
  @Type(() => RepresentativeDto)
  representative!: RepresentativeDto;

  @TrimmedString({ max: 2000, optional: true, description: 'Shown with the endorsement once verified' })
  statement?: string;
}

export class RejectEndorsementDto {
  @TrimmedString({
    max: 1000,
    description: 'Shown to the endorser',
    example: 'We could not confirm the mandate',
  })
  reason!: string;
}

export class EndorsementParamsDto {
  @ApiProperty({ example: 'silks-2020', maxLength: 64 })
  @IsString()
  @MaxLength(64)
  slug!: string;

  @ApiProperty({ format: 'uuid' })
  @IsEntityId({ message: 'id must be a UUID' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  @IsEntityId({ message: 'eid must be a UUID' })
  eid!: string;
}

export const ENDORSEMENT_FILTERS = ['verified', 'pending', 'rejected', 'withdrawn', 'all'] as const;
export type EndorsementFilter = (typeof ENDORSEMENT_FILTERS)[number];

export class ListEndorsementsQueryDto {
  @ApiPropertyOptional({
    enum: ENDORSEMENT_FILTERS,
    default: 'verified',
    description: 'Anything but `verified` is for organizers only',
  })
  @IsOptional()
  @IsIn(ENDORSEMENT_FILTERS)
  status?: EndorsementFilter;

  @ApiPropertyOptional({
    maxLength: 200,
    description: 'Part of the organisation name, short name or country',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'csv: UTF-8 with BOM, CRLF, formula-safe' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class EndorsingOrganizationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) shortName!: string | null;
  @ApiProperty({ type: String, nullable: true }) country!: string | null;
}

export class RepresentativeResponseDto {
  @ApiProperty() name!: string;
  @ApiProperty() position!: string;
}

/** One verified endorsement as everyone sees it. */
export class PublicEndorsementDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: EndorsingOrganizationDto }) organization!: EndorsingOrganizationDto;
  @ApiProperty({ type: RepresentativeResponseDto }) representative!: RepresentativeResponseDto;
  @ApiProperty({ type: String, nullable: true }) statement!: string | null;
  @ApiProperty({ format: 'date-time', description: 'When the organisation submitted it' })
  endorsedAt!: string;
}

/** The whole record, for organizers and for the endorser themself. */
export class EndorsementResponseDto extends PublicEndorsementDto {
  @ApiProperty({ enum: ['pending', 'verified', 'rejected', 'withdrawn'] }) status!: EndorsementStatus;
  @ApiProperty({ description: 'Digest of the declaration texts this endorses' }) digest!: string;
  @ApiProperty({ type: String, nullable: true }) rejectionReason!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) verifiedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) rejectedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) withdrawnAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) endorserId!: string | null;
}

export class PublicEndorsementListDto {
  @ApiProperty({ type: [PublicEndorsementDto] }) items!: PublicEndorsementDto[];
  @ApiProperty({ description: 'Verified endorsements not withdrawn' }) total!: number;
}

export class EndorsementListDto {
  @ApiProperty({ type: [EndorsementResponseDto] }) items!: EndorsementResponseDto[];
  @ApiProperty({ description: 'Verified endorsements not withdrawn' }) total!: number;
}

export function toPublicEndorsement(
  endorsement: DeclarationEndorsement,
  organization: Organization,
): PublicEndorsementDto {
  return {
    id: endorsement.id,
    organization: {
      id: organization.id,
      name: organization.name,
      shortName: organization.shortName,
      country: organization.country,
    },
    representative: { name: endorsement.representativeName, position: endorsement.representativePosition },
    statement: endorsement.statement,
    endorsedAt: endorsement.createdAt,
  };
}

export function toEndorsementResponse(
  endorsement: DeclarationEndorsement,
  organization: Organization,
): EndorsementResponseDto {
  return {
    ...toPublicEndorsement(endorsement, organization),
    status: endorsement.status,
    digest: endorsement.digest,
    rejectionReason: endorsement.rejectionReason,
    verifiedAt: endorsement.verifiedAt,
    rejectedAt: endorsement.rejectedAt,
    withdrawnAt: endorsement.withdrawnAt,
    endorserId: endorsement.endorserId,
  };
}
