import { Entity, Index, PrimaryColumn } from 'typeorm';

import { IdColumn, UtcColumn } from '../database/columns';

/** A session a user put on their personal agenda. */
@Entity('session_bookmarks')
@Index(['sessionId'])
export class SessionBookmark {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  userId!: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  sessionId!: string;

  @IdColumn()
  eventId!: string;

  @UtcColumn()
  createdAt!: string;
}
