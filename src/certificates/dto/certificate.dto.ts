import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

import type { CertificateVerification } from '../certificates.service';

const CODE = /^[0-9A-Za-z]{12}$/;

export class CertificateCodeParamDto {
  @ApiProperty({ example: '7K3QW9ZC2M4P', description: '12 letters and digits' })
  @IsString()
  @Matches(CODE, { message: 'code must be 12 letters and digits' })
  code!: string;
}

export class EventCertificateParamDto extends CertificateCodeParamDto {
  @ApiProperty({ example: 'silks-2020' }) @IsString() @MaxLength(64) slug!: string;
}

class CertificateEventDto {
  @ApiProperty() slug!: string;
  @ApiProperty() title!: string;
}

export class CertificateVerificationDto implements CertificateVerification {
  @ApiProperty() code!: string;
  @ApiProperty({ description: 'The attendee’s name as printed' }) name!: string;
  @ApiProperty({ type: CertificateEventDto }) event!: CertificateEventDto;
  @ApiProperty({ description: 'Minutes attended over the event’s live sessions' }) minutes!: number;
  @ApiProperty({ format: 'date-time' }) issuedAt!: string;
  @ApiProperty({ description: 'False once an organizer revoked it' }) valid!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
}

export class CertificateListDto {
  @ApiProperty({ type: [CertificateVerificationDto] }) items!: CertificateVerificationDto[];
}
