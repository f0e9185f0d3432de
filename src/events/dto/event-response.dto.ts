import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { STAFF_ROLES, StaffRole } from '../event-staff.entity';
import type { Event, EventStatus } from '../event.entity';
import { CertificateRuleDto, RegistrationSettingsResponseDto } from './event.dto';

export class EventResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'silks-2020' }) slug!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ example: 'Asia/Shanghai' }) timezone!: string;
  @ApiProperty({ example: '2020-11-20' }) startsOn!: string;
  @ApiProperty({ example: '2020-11-21' }) endsOn!: string;
  @ApiProperty({ type: [String], example: ['en', 'zh'] }) languages!: string[];
  @ApiProperty({ enum: ['draft', 'published'] }) status!: EventStatus;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) publishedAt!: string | null;
  @ApiProperty({ type: RegistrationSettingsResponseDto }) registration!: RegistrationSettingsResponseDto;
  @ApiProperty({
    type: CertificateRuleDto,
    nullable: true,
    description: 'Certificates of attendance: null when the event issues none',
  })
  certificates!: CertificateRuleDto | null;
  @ApiPropertyOptional({
    enum: STAFF_ROLES,
    nullable: true,
    description: "The caller's staff role for this event (null when none)",
  })
  role!: StaffRole | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class EventListResponseDto {
  @ApiProperty({ type: [EventResponseDto] }) items!: EventResponseDto[];
}

export function toEventResponse(event: Event, role: StaffRole | null): EventResponseDto {
  return {
    id: event.id,
    slug: event.slug,
    title: event.title,
    description: event.description,
    timezone: event.timezone,
    startsOn: event.startsOn,
    endsOn: event.endsOn,
    languages: [...event.languages],
    status: event.status,
    publishedAt: event.publishedAt,
    registration: {
      capacity: event.registrationCapacity,
      requiresApproval: event.registrationRequiresApproval,
      fields: event.registrationFields.map((field) => ({
        key: field.key,
        label: field.label,
        type: field.type,
        ...(field.options ? { options: [...field.options] } : {}),
        required: field.required,
      })),
    },
    certificates:
      event.certificateMinMinutes !== null && event.certificateMinMinutes !== undefined
        ? { minMinutes: event.certificateMinMinutes }
        : null,
    role,
    createdAt: event.createdAt,
    updatedAt: event.updatedAt,
  };
}
