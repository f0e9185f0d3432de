import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { ContentLanguage, Localizer } from '../../common/i18n';
import { STAFF_ROLES, StaffRole } from '../event-staff.entity';
import type { Event, EventStatus } from '../event.entity';
import { RegistrationSettingsResponseDto } from './event.dto';

export class EventResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'silks-2020' }) slug!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ example: 'Asia/Shanghai' }) timezone!: string;
  @ApiProperty({ example: '2020-11-20' }) startsOn!: string;
  @ApiProperty({ example: '2020-11-21' }) endsOn!: string;
  @ApiProperty({
    type: [String],
    example: ['en', 'zh'],
    description: 'Languages the content is written in; the first is the original',
  })
  languages!: string[];
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'zh',
    description: 'Language served for title and description (`?lang=` or `Accept-Language`)',
  })
  lang!: string | null;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'Every translation, `{ zh: { title } }`: staff with `?translations=all`, and write responses',
  })
  translations?: Record<string, Record<string, string | string[]>>;
  @ApiProperty({ enum: ['draft', 'published'] }) status!: EventStatus;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) publishedAt!: string | null;
  @ApiProperty({ type: RegistrationSettingsResponseDto }) registration!: RegistrationSettingsResponseDto;
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

export { EDITOR_VIEW } from '../../common/i18n';

export function toEventResponse(
  event: Event,
  role: StaffRole | null,
  content?: ContentLanguage,
): EventResponseDto {
  const localizer = Localizer.forEvent(content, event.languages, role !== null);
  const { translations, lang, ...texts } = localizer.fields(event, ['title', 'description']);
  return {
    id: event.id,
    slug: event.slug,
    ...texts,
    lang,
    timezone: event.timezone,
    startsOn: event.startsOn,
    endsOn: event.endsOn,
    languages: [...event.languages],
    status: event.status,
    publishedAt: event.publishedAt,
    registration: {
      capacity: event.registrationCapacity,
      requiresApproval: event.registrationRequiresApproval,
      fields: event.registrationFields.map((field) => {
        const { options, ...texts } = localizer.fields(field, ['label', 'options']);
        return {
          key: field.key,
          type: field.type,
          ...(options ? { options: [...options] } : {}),
          required: field.required,
          ...texts,
        };
      }),
    },
    ...(translations ? { translations } : {}),
    role,
    createdAt: event.createdAt,
    updatedAt: event.updatedAt,
  };
}
