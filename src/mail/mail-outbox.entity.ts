import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { IdColumn, UtcColumn } from '../database/columns';

export type MailStatus = 'queued' | 'sent' | 'failed' | 'skipped';

/**
 * One mail to send, written in the transaction of the change that causes it. The worker renders it when it
 * sends it (in the recipient's language and time zone of that moment), so only the facts are stored.
 */
@Entity('mail_outbox')
@Index(['status', 'nextAttemptAt'])
export class MailOutboxEntry {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  @IdColumn()
  userId!: string;

  /** The facts the mail needs, as JSON; emptied once sent (a reset link must not stay at rest). */
  @Column({ type: 'text' })
  params!: string;

  /** Queued at most once per key (a reminder per session start; an open change digest per person). */
  @Column({ type: 'varchar', length: 200, nullable: true, unique: true })
  dedupeKey!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: MailStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @UtcColumn()
  nextAttemptAt!: string;

  /** The worker that is sending it, until `leaseUntil`; after that another worker may take it over. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  leaseOwner!: string | null;

  @UtcColumn({ nullable: true })
  leaseUntil!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;

  @UtcColumn({ nullable: true })
  sentAt!: string | null;

  @UtcColumn()
  createdAt!: string;
}
