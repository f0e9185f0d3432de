import { Column, Entity, PrimaryColumn } from 'typeorm';

import { JsonColumn, UtcColumn } from '../database/columns';
import type { Translations } from '../common/i18n/translations';

/** The directory of think tanks and institutions, shared by every event. */
@Entity('organizations')
export class Organization {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** Lower-cased name: names are unique ignoring case. */
  @Column({ type: 'varchar', length: 200, unique: true })
  nameKey!: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  shortName!: string | null;

  @Column({ type: 'varchar', length: 80, nullable: true })
  country!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  url!: string | null;

  @UtcColumn()
  createdAt!: string;

  @UtcColumn()
  updatedAt!: string;

  /** Texts in the event's other languages: `{ "zh": { "name": "…" } }`; null when none. */
  @JsonColumn({ nullable: true })
  translations?: Translations | null;
}
