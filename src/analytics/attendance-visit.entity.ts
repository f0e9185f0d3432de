import { Column, Entity, PrimaryColumn } from 'typeorm';

import { IdColumn, UtcColumn } from '../database/columns';

/**
 * One stretch of a user's presence in a live session as one node saw it: from the first of their sockets
 * joining to the last leaving, a reconnect within two minutes continuing it. Visits of the same user from
 * several nodes (or across a node's crash) are merged when read (attendance-merge.ts).
 */
@Entity('attendance_visits')
export class AttendanceVisit {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @IdColumn()
  sessionId!: string;

  @IdColumn()
  userId!: string;

  /** The process that holds the sockets (random per start): its heartbeat keeps `lastSeenAt` fresh. */
  @Column({ type: 'varchar', length: 36 })
  node!: string;

  @UtcColumn()
  startedAt!: string;

  /** Raised by the node's heartbeat while the visit is open: after a crash the visit ends here. */
  @UtcColumn()
  lastSeenAt!: string;

  @UtcColumn({ nullable: true })
  endedAt!: string | null;
}
