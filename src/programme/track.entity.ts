import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { IdColumn, JsonColumn, UtcColumn } from '../database/columns';
import type { Translations } from '../common/i18n/translations';

@Entity('tracks')
@Index(['eventId'])
export class Track {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @IdColumn()
  eventId!: string;

  @Column({ type: 'varchar', length: 120 })
  name!: string;

  /** `#RRGGBB` */
  @Column({ type: 'varchar', length: 7 })
  color!: string;

  @UtcColumn()
  createdAt!: string;

  /** Texts in the event's other languages: `{ "zh": { "name": "…" } }`; null when none. */
  @JsonColumn({ nullable: true })
  translations?: Translations | null;
}
