import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import {
  IsBoolean,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';

import { IsEntityId, OptionalNullable } from '../../common/validation/decorators';
import type { RegistrationFieldType } from '../../events/event.entity';
import type { RegistrationStatus } from '../registration.entity';
import {
  REGISTRATION_STATUSES,
  RegistrationListRow,
  RegistrationSettings,
  RegistrationView,
} from '../registration-views';

export class EventSlugParams {
  @ApiProperty({ example: 'silks-2020', maxLength: 64 })
  @IsString()
  @MaxLength(64)
  slug!: string;
}

export class EventRegistrationParams extends EventSlugParams {
  @ApiProperty({ format: 'uuid' })
  @IsEntityId({ message: 'id must be a UUID' })
  id!: string;
}

export class EventSessionParams extends EventSlugParams {
  @ApiProperty({ format: 'uuid', description: 'The session id' })
  @IsEntityId({ message: 'id must be a UUID' })
  id!: string;
}

export class CreateRegistrationDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: {
      oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }, { type: 'boolean' }],
    },
    description:
      "Answers to the event's registration questions keyed by question key: text and choice take a string, " +
      'multi a list of options, checkbox a boolean. Errors are reported as `answers.<key>`.',
    example: { country: 'China', organisation: 'Chinese Academy of Sciences', consent: true },
  })
  @IsOptional()
  @IsObject()
  answers?: Record<string, unknown>;
}

/** Absent leaves the setting unchanged; null is refused (these settings cannot be cleared). */
const NotNullWhenPresent = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);

export class UpdateRegistrationSettingsDto {
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    maximum: 1_000_000,
    description: 'Seats; null = unlimited. Raising it promotes the waitlist; lowering it removes no one.',
  })
  @OptionalNullable()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  capacity?: number | null;

  @ApiPropertyOptional({ description: 'New registrations wait for an organizer as `pending`' })
  @NotNullWhenPresent()
  @IsBoolean()
  requiresApproval?: boolean;

  @ApiPropertyOptional({ description: 'false refuses new registrations with 409 REGISTRATION_CLOSED' })
  @NotNullWhenPresent()
  @IsBoolean()
  open?: boolean;
}

export class RegistrationResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ enum: REGISTRATION_STATUSES }) status!: RegistrationStatus;
  @ApiPropertyOptional({ description: '1-based place in the waitlist (only while waitlisted)', minimum: 1 })
  position?: number;
  @ApiProperty({ type: 'object', additionalProperties: true }) answers!: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export function toRegistrationResponse({
  registration,
  position,
}: RegistrationView): RegistrationResponseDto {
  return {
    id: registration.id,
    eventId: registration.eventId,
    status: registration.status,
    ...(position !== null ? { position } : {}),
    answers: registration.answers,
    createdAt: registration.createdAt,
    updatedAt: registration.updatedAt,
  };
}

export class RegistrationUserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
}

export class RegistrationListItemDto extends RegistrationResponseDto {
  @ApiProperty({ type: RegistrationUserDto }) user!: RegistrationUserDto;
  @ApiProperty({ description: 'Order of arrival in the queue' }) queueNumber!: number;
}

export function toRegistrationListItem(row: RegistrationListRow): RegistrationListItemDto {
  return { ...toRegistrationResponse(row), user: row.user, queueNumber: row.registration.queueNumber };
}

export class StatusCountsDto {
  @ApiProperty() pending!: number;
  @ApiProperty() confirmed!: number;
  @ApiProperty() waitlisted!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty() cancelled!: number;
}

export class RegistrationListResponseDto {
  @ApiProperty({ type: [RegistrationListItemDto] }) items!: RegistrationListItemDto[];
  @ApiProperty({ type: StatusCountsDto, description: 'All registrations of the event, unfiltered' })
  counts!: StatusCountsDto;
  @ApiProperty({ type: Number, nullable: true }) capacity!: number | null;
  @ApiPropertyOptional({ description: 'Pass back as ?cursor= for the next page' }) nextCursor?: string;
}

export class RegistrationQuestionDto {
  @ApiProperty({ example: 'country' }) key!: string;
  @ApiProperty({ example: 'Country' }) label!: string;
  @ApiProperty({ enum: ['text', 'choice', 'multi', 'checkbox'] }) type!: RegistrationFieldType;
  @ApiPropertyOptional({ type: [String] }) options?: string[];
  @ApiProperty() required!: boolean;
}

// Named apart in OpenAPI: events' input RegistrationSettingsDto has the same class name, and the document
// kept only one of the two, so CreateEventDto.registration showed this response's required fields.
@ApiSchema({ name: 'RegistrationSettingsStateDto' })
export class RegistrationSettingsDto {
  @ApiProperty({ type: Number, nullable: true }) capacity!: number | null;
  @ApiProperty() requiresApproval!: boolean;
  @ApiProperty() open!: boolean;
  @ApiProperty({ type: [RegistrationQuestionDto] }) fields!: RegistrationQuestionDto[];
  @ApiProperty({ type: Number, nullable: true, description: 'Free seats now (null: unlimited)' })
  seatsLeft!: number | null;
  @ApiPropertyOptional({
    type: StatusCountsDto,
    description: "Registrations per status (the event's staff only)",
  })
  counts?: StatusCountsDto;
}

export const toSettingsResponse = (
  { counts, ...settings }: RegistrationSettings,
  isStaff: boolean,
): RegistrationSettingsDto => ({
  ...settings,
  fields: settings.fields.map((field) => ({ ...field })),
  ...(isStaff ? { counts } : {}),
});
