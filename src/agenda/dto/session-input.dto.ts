import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  ValidationArguments,
} from 'class-validator';

import { IsTranslations, TranslationsPatch } from '../../common/i18n';
import { IsEntityId, IsOffsetDateTime, OptionalNullable } from '../../common/validation/decorators';
import { StreamDto, StreamInput } from '../../programme/dto/stream.dto';
import { SESSION_KINDS, SessionKind } from '../agenda-session.entity';
import { PARTICIPANT_ROLES, ParticipantRole } from '../session-participant.entity';
import { RecordingDto, RecordingsProperty } from './recording.dto';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** Absent leaves the field unchanged; null is refused (the field cannot be cleared). */
const OptionalNotNull = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);

/** BCP 47 language tag such as `en`, `zh` or `zh-Hans`. */
export const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/;

/** Cross-field rule: this instant must come after the one in `property` (when both are present and valid). */
export function IsAfter(property: string): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isAfter',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [property],
      options: { message: `${String(propertyName)} must be later than ${property}` },
      validator: {
        validate(value: unknown, args: ValidationArguments): boolean {
          const other = (args.object as Record<string, unknown>)[property];
          if (typeof value !== 'string' || typeof other !== 'string') {
            return true;
          }
          const end = Date.parse(value);
          const start = Date.parse(other);
          return Number.isNaN(end) || Number.isNaN(start) || end > start;
        },
      },
    });
  };
}

const titleDoc = { minLength: 1, maxLength: 300, example: 'Opening ceremony' };
const abstractDoc = { maxLength: 10000, nullable: true, description: 'Plain text; null clears it' };
const kindDoc = { enum: SESSION_KINDS, example: 'talk' };
const timeDoc = (example: string) => ({
  example,
  description: 'ISO 8601 with an offset (or Z); stored in UTC',
});
const roomDoc = {
  format: 'uuid',
  nullable: true,
  description:
    'A room of this event; required unless kind is `break` (a break without a room is for all rooms)',
};
const trackDoc = { format: 'uuid', nullable: true, description: 'A track of this event; null clears it' };
const languageDoc = {
  example: 'en',
  maxLength: 16,
  nullable: true,
  description: 'BCP 47 tag of the spoken language',
};
export const SESSION_TRANSLATABLE = { title: { max: 300 }, abstract: { max: 10000 } };
const interpretationDoc: ApiPropertyOptions = {
  type: [String],
  example: ['en', 'ru'],
  maxItems: 10,
  nullable: true,
  description: 'BCP 47 tags of the languages offered as simultaneous interpretation; null clears them',
};
const Interpretation = (): PropertyDecorator =>
  applyDecorators(
    OptionalNullable(),
    IsArray(),
    ArrayMaxSize(10),
    ArrayUnique(),
    IsString({ each: true }),
    MaxLength(16, { each: true }),
    Matches(LANGUAGE_TAG, { each: true, message: 'interpretation must list BCP 47 tags such as en or ru' }),
  );
const capacityDoc = {
  minimum: 1,
  maximum: 1000000,
  nullable: true,
  description: 'Seats that must be reserved; null needs no reservation',
};

const Title = (): PropertyDecorator =>
  applyDecorators(Transform(trim), IsString(), MinLength(1), MaxLength(300));
const Abstract = (): PropertyDecorator =>
  applyDecorators(Transform(trim), OptionalNullable(), IsString(), MaxLength(10000));
const Kind = (): PropertyDecorator =>
  IsIn(SESSION_KINDS, { message: `kind must be one of ${SESSION_KINDS.join(', ')}` });
const Language = (): PropertyDecorator =>
  applyDecorators(
    OptionalNullable(),
    IsString(),
    MaxLength(16),
    Matches(LANGUAGE_TAG, { message: 'language must be a BCP 47 tag such as en or zh' }),
  );
const Capacity = (): PropertyDecorator => applyDecorators(OptionalNullable(), IsInt(), Min(1), Max(1000000));
const Participants = (): PropertyDecorator =>
  applyDecorators(
    IsArray(),
    ArrayMaxSize(50),
    ArrayUnique((participant: ParticipantInputDto | null) => participant?.speakerId, {
      message: 'participants must not list a speaker twice',
    }),
    ValidateNested({ each: true }),
    Type(() => ParticipantInputDto),
  );

export class ParticipantInputDto {
  @ApiProperty({ format: 'uuid', description: 'A speaker of this event' })
  @IsEntityId()
  speakerId!: string;

  @ApiProperty({ enum: PARTICIPANT_ROLES, example: 'speaker' })
  @IsIn(PARTICIPANT_ROLES, { message: `role must be one of ${PARTICIPANT_ROLES.join(', ')}` })
  role!: ParticipantRole;
}

export class QaSettingsInputDto {
  @ApiPropertyOptional({ default: true, description: 'Attendees may ask questions' })
  @OptionalNotNull()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({
    default: false,
    description: 'Questions wait for a moderator before they are shown',
  })
  @OptionalNotNull()
  @IsBoolean()
  moderated?: boolean;
}

export class CreateSessionDto {
  @ApiProperty(titleDoc)
  @Title()
  title!: string;

  @ApiPropertyOptional(abstractDoc)
  @Abstract()
  abstract?: string | null;

  @ApiProperty(kindDoc)
  @Kind()
  kind!: SessionKind;

  @ApiProperty(timeDoc('2030-11-20T09:00:00+08:00'))
  @IsOffsetDateTime()
  startsAt!: string;

  @ApiProperty({ ...timeDoc('2030-11-20T10:00:00+08:00'), description: 'Must be later than startsAt' })
  @IsOffsetDateTime()
  @IsAfter('startsAt')
  endsAt!: string;

  @ApiPropertyOptional(roomDoc)
  @ValidateIf(
    (dto: CreateSessionDto, value) => dto.kind !== 'break' || (value !== null && value !== undefined),
  )
  @IsEntityId({ message: 'roomId must be the id of a room (required unless kind is break)' })
  roomId?: string | null;

  @ApiPropertyOptional(trackDoc)
  @OptionalNullable()
  @IsEntityId()
  trackId?: string | null;

  @ApiPropertyOptional(languageDoc)
  @Language()
  language?: string | null;

  @ApiPropertyOptional(interpretationDoc)
  @Interpretation()
  interpretation?: string[] | null;

  @IsTranslations(SESSION_TRANSLATABLE)
  translations?: TranslationsPatch;

  @ApiPropertyOptional({ type: [ParticipantInputDto], maxItems: 50, description: 'In order of appearance' })
  @OptionalNotNull()
  @Participants()
  participants?: ParticipantInputDto[];

  @ApiPropertyOptional(capacityDoc)
  @Capacity()
  capacity?: number | null;

  @StreamInput("Overrides the room's stream for this session; null goes back to the room's")
  stream?: StreamDto | null;

  @ApiPropertyOptional({ type: QaSettingsInputDto })
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => QaSettingsInputDto)
  qa?: QaSettingsInputDto;

  @ApiPropertyOptional({ default: true })
  @OptionalNotNull()
  @IsBoolean()
  chatEnabled?: boolean;

  @RecordingsProperty()
  recordings?: RecordingDto[];
}

/** Every field optional; `participants` replaces the whole list; nullable fields are cleared with null. */
export class UpdateSessionDto {
  @ApiPropertyOptional(titleDoc)
  @OptionalNotNull()
  @Title()
  title?: string;

  @ApiPropertyOptional(abstractDoc)
  @Abstract()
  abstract?: string | null;

  @ApiPropertyOptional(kindDoc)
  @OptionalNotNull()
  @Kind()
  kind?: SessionKind;

  @ApiPropertyOptional(timeDoc('2030-11-20T09:00:00+08:00'))
  @OptionalNotNull()
  @IsOffsetDateTime()
  startsAt?: string;

  @ApiPropertyOptional({
    ...timeDoc('2030-11-20T10:00:00+08:00'),
    description: 'Must be later than startsAt',
  })
  @OptionalNotNull()
  @IsOffsetDateTime()
  @IsAfter('startsAt')
  endsAt?: string;

  @ApiPropertyOptional(roomDoc)
  @OptionalNullable()
  @IsEntityId()
  roomId?: string | null;

  @ApiPropertyOptional(trackDoc)
  @OptionalNullable()
  @IsEntityId()
  trackId?: string | null;

  @ApiPropertyOptional(languageDoc)
  @Language()
  language?: string | null;

  @ApiPropertyOptional(interpretationDoc)
  @Interpretation()
  interpretation?: string[] | null;

  @IsTranslations(SESSION_TRANSLATABLE)
  translations?: TranslationsPatch;

  @ApiPropertyOptional({
    type: [ParticipantInputDto],
    maxItems: 50,
    description: 'Replaces the whole list, in order of appearance',
  })
  @OptionalNotNull()
  @Participants()
  participants?: ParticipantInputDto[];

  @ApiPropertyOptional(capacityDoc)
  @Capacity()
  capacity?: number | null;

  @StreamInput("Overrides the room's stream for this session; null goes back to the room's")
  stream?: StreamDto | null;

  @ApiPropertyOptional({ type: QaSettingsInputDto })
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => QaSettingsInputDto)
  qa?: QaSettingsInputDto;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsBoolean()
  chatEnabled?: boolean;

  @RecordingsProperty()
  recordings?: RecordingDto[];
}
