import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { IdColumn, JsonColumn, UtcColumn } from '../database/columns';

/** One moderation or administration action, readable by the event's organizers. */
@Entity('audit_entries')
@Index(['eventId', 'createdAt'])
export class AuditEntry {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @IdColumn({ nullable: true })
  eventId!: string | null;

  @IdColumn({ nullable: true })
  actorId!: string | null;

  /** e.g. `staff.granted`, `chat.deleted`, `user.muted`, `user.banned`, `question.dismissed`. */
  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  targetType!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  targetId!: string | null;

  @JsonColumn({ nullable: true })
  details!: Record<string, unknown> | null;

  @UtcColumn()
  createdAt!: string;
}
