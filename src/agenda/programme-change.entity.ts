import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { IdColumn, JsonColumn, UtcColumn } from '../database/columns';

export type ProgrammeChangeKind = 'added' | 'moved' | 'room-changed' | 'updated' | 'cancelled' | 'removed';

/** One entry of a published programme's change log (`GET /events/:slug/changes`). */
@Entity('programme_changes')
@Index(['eventId', 'createdAt'])
export class ProgrammeChange {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @IdColumn()
  eventId!: string;

  @IdColumn({ nullable: true })
  sessionId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  kind!: ProgrammeChangeKind;

  @Column({ type: 'varchar', length: 500 })
  summary!: string;

  /** The fields that changed, before and after (times in UTC). */
  @JsonColumn({ nullable: true })
  before!: Record<string, unknown> | null;

  @JsonColumn({ nullable: true })
  after!: Record<string, unknown> | null;

  @IdColumn({ nullable: true })
  actorId!: string | null;

  @UtcColumn()
  createdAt!: string;
}
