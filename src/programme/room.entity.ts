import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { IdColumn, JsonColumn, UtcColumn } from '../database/columns';
import type { Stream } from './stream';
import type { Translations } from '../common/i18n/translations';

/** A stage of the online meeting: parallel sessions happen in different rooms. */
@Entity('rooms')
@Index(['eventId'])
export class Room {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @IdColumn()
  eventId!: string;

  @Column({ type: 'varchar', length: 120 })
  name!: string;

  @Column({ type: 'integer', nullable: true })
  capacity!: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  streamUrl!: string | null;

  /** What the stage plays; when null, a `streamUrl` is played as an embed. */
  @JsonColumn({ nullable: true })
  stream!: Stream | null;

  /** The secret in the production overlay's URL (rotatable); only organizers read it. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  overlayKey!: string | null;

  /** Display order (left to right in the agenda grid). */
  @Column({ type: 'integer', default: 0 })
  position!: number;

  @UtcColumn()
  createdAt!: string;

  /** Texts in the event's other languages: `{ "zh": { "name": "…" } }`; null when none. */
  @JsonColumn({ nullable: true })
  translations?: Translations | null;
}
