import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { IdColumn, UtcColumn } from '../database/columns';

export type SeatStatus = 'confirmed' | 'waitlisted';

/**
 * A reserved (or awaited) seat in a session that has a `capacity`. Releasing a seat deletes the row, so one
 * row per (session, user) is all there is; the waitlist is ordered by `queueNumber` (first come, first served).
 */
@Entity('session_seats')
@Index(['sessionId', 'userId'], { unique: true })
@Index(['sessionId', 'status'])
@Index(['userId'])
export class SessionSeat {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @IdColumn()
  eventId!: string;

  @IdColumn()
  sessionId!: string;

  @IdColumn()
  userId!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: SeatStatus;

  /** Order of arrival in this session's queue; a freed seat goes to the lowest waitlisted number. */
  @Column({ type: 'integer' })
  queueNumber!: number;

  @UtcColumn()
  createdAt!: string;

  @UtcColumn()
  updatedAt!: string;
}
