import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { IdColumn, JsonColumn, UtcColumn } from '../database/columns';
import type { Translations } from '../common/i18n/translations';

/** A person on the programme of one event, optionally linked to an account (for their own agenda). */
@Entity('speakers')
@Index(['eventId'])
@Index(['userId'])
export class Speaker {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @IdColumn()
  eventId!: string;

  @Column({ type: 'varchar', length: 120 })
  name!: string;

  /** Title and function, e.g. "Director General, Department of International Cooperation". */
  @Column({ type: 'varchar', length: 300, nullable: true })
  position!: string | null;

  @IdColumn({ nullable: true })
  organizationId!: string | null;

  @Column({ type: 'text', nullable: true })
  bio!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  photoUrl!: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  @IdColumn({ nullable: true })
  userId!: string | null;

  @UtcColumn()
  createdAt!: string;

  @UtcColumn()
  updatedAt!: string;

  /** Texts in the event's other languages: `{ "zh": { "name": "…" } }`; null when none. */
  @JsonColumn({ nullable: true })
  translations?: Translations | null;
}
