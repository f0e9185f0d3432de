import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { IdColumn, JsonColumn, UtcColumn } from '../database/columns';
import type { Stream } from '../programme/stream';
import type { Translations } from '../common/i18n/translations';

export type SessionKind = 'keynote' | 'talk' | 'panel' | 'workshop' | 'ceremony' | 'break';
export const SESSION_KINDS: readonly SessionKind[] = [
  'keynote',
  'talk',
  'panel',
  'workshop',
  'ceremony',
  'break',
];

/** `cancelled` sessions of a published programme stay, so calendars can show the cancellation. */
/** A recording (HLS or MP4), one per language where the interpretation was recorded. */
export interface SessionRecording {
  lang?: string;
  url: string;
}

export type SessionStatus = 'scheduled' | 'cancelled';
/** Set by moderators during the meeting. */
export type LiveStatus = 'upcoming' | 'live' | 'ended';

/** A session of the agenda ("session" to users; never a login or a socket). */
@Entity('agenda_sessions')
@Index(['eventId', 'startsAt'])
@Index(['roomId'])
export class AgendaSession {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @IdColumn()
  eventId!: string;

  @Column({ type: 'varchar', length: 300 })
  title!: string;

  @Column({ type: 'text', nullable: true })
  abstract!: string | null;

  @Column({ type: 'varchar', length: 16 })
  kind!: SessionKind;

  @UtcColumn()
  startsAt!: string;

  @UtcColumn()
  endsAt!: string;

  /** Null only for breaks, which then apply to every room. */
  @IdColumn({ nullable: true })
  roomId!: string | null;

  @IdColumn({ nullable: true })
  trackId!: string | null;

  /** BCP 47 tag of the spoken language, e.g. `en` or `zh`. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  language!: string | null;

  /** Seats for workshops and closed-door sessions; null needs no reservation. */
  @Column({ type: 'integer', nullable: true })
  capacity!: number | null;

  /** Overrides the room's stream for this session (e.g. a different origin for one ceremony). */
  @JsonColumn({ nullable: true })
  stream!: Stream | null;

  @Column({ type: 'boolean', default: true })
  qaEnabled!: boolean;

  @Column({ type: 'boolean', default: false })
  qaModerated!: boolean;

  @Column({ type: 'boolean', default: true })
  chatEnabled!: boolean;

  @Column({ type: 'varchar', length: 16, default: 'scheduled' })
  status!: SessionStatus;

  @Column({ type: 'varchar', length: 16, default: 'upcoming' })
  liveStatus!: LiveStatus;

  /** Moderators may close Q&A for a session without ending it. */
  @Column({ type: 'boolean', default: true })
  qaOpen!: boolean;

  /** Shown once the session ended; optional here so rows built before recordings existed stay valid. */
  @JsonColumn({ default: '[]' })
  recordings?: SessionRecording[];

  /** iCalendar SEQUENCE: raised on every change a calendar must notice. */
  @Column({ type: 'integer', default: 0 })
  sequence!: number;

  @UtcColumn()
  createdAt!: string;

  @UtcColumn()
  updatedAt!: string;

  /** Languages offered as simultaneous interpretation, besides the spoken `language`. */
  @JsonColumn({ nullable: true })
  interpretation?: string[] | null;

  /** Texts in the event's other languages: `{ "zh": { "name": "…" } }`; null when none. */
  @JsonColumn({ nullable: true })
  translations?: Translations | null;
}
