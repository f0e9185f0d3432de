import { Column, Entity, PrimaryColumn } from 'typeorm';

import { IdColumn, JsonColumn, UtcColumn } from '../database/columns';
import type { Translations } from '../common/i18n/translations';

export type EventStatus = 'draft' | 'published';
export type RegistrationFieldType = 'text' | 'choice' | 'multi' | 'checkbox';

export interface RegistrationField {
  key: string;
  label: string;
  type: RegistrationFieldType;
  options?: string[];
  required: boolean;
  /** `{ zh: { label, options } }`: answers always use the original options. */
  translations?: Translations;
}

/** One yearly edition of a meeting ("event" in the business sense, never a domain event). */
@Entity('events')
export class Event {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  slug!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** IANA zone the organizers plan in; the event's days are calendar days in this zone. */
  @Column({ type: 'varchar', length: 64 })
  timezone!: string;

  @Column({ type: 'varchar', length: 10 })
  startsOn!: string;

  @Column({ type: 'varchar', length: 10 })
  endsOn!: string;

  @JsonColumn()
  languages!: string[];

  @Column({ type: 'varchar', length: 16 })
  status!: EventStatus;

  @UtcColumn({ nullable: true })
  publishedAt!: string | null;

  @Column({ type: 'integer', nullable: true })
  registrationCapacity!: number | null;

  @Column({ type: 'boolean', default: false })
  registrationRequiresApproval!: boolean;

  @JsonColumn()
  registrationFields!: RegistrationField[];

  /** Certificates of attendance: minutes an attendee must have attended; null issues none (certificates/). */
  @Column({ type: 'integer', nullable: true })
  certificateMinMinutes?: number | null;

  @IdColumn({ nullable: true })
  createdById!: string | null;

  @UtcColumn()
  createdAt!: string;

  @UtcColumn()
  updatedAt!: string;

  /** Texts in the event's other languages: `{ "zh": { "name": "…" } }`; null when none. */
  @JsonColumn({ nullable: true })
  translations?: Translations | null;
}
