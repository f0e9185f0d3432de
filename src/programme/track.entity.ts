import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { IdColumn, UtcColumn } from '../database/columns';

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
}
