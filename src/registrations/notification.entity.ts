import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { IdColumn, UtcColumn } from '../database/columns';

/** A change notice for one user: a session they bookmarked or hold a seat in moved, changed or was cancelled. */
@Entity('notifications')
@Index(['userId', 'createdAt'])
export class Notification {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @IdColumn()
  userId!: string;

  @IdColumn()
  eventId!: string;

  @IdColumn({ nullable: true })
  sessionId!: string | null;

  /** The session's title when the notice was written (it stays readable if the session is deleted). */
  @Column({ type: 'varchar', length: 300 })
  sessionTitle!: string;

  /** The programme change kind: moved, room-changed, updated or cancelled. */
  @Column({ type: 'varchar', length: 16 })
  kind!: string;

  @Column({ type: 'varchar', length: 500 })
  summary!: string;

  @UtcColumn({ nullable: true })
  readAt!: string | null;

  @UtcColumn()
  createdAt!: string;
}
