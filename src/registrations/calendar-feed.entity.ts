import { Column, Entity, PrimaryColumn } from 'typeorm';

import { UtcColumn } from '../database/columns';

/**
 * A user's secret personal calendar feed. Only a SHA-256 of the token is stored (looked up on every feed
 * request); the token itself is an HMAC of `nonce` under a server key, so the URL can be shown again but a
 * copy of the database alone reveals no feed. Rotating replaces the nonce, which kills the old URL.
 */
@Entity('calendar_feeds')
export class CalendarFeed {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  userId!: string;

  @Column({ type: 'varchar', length: 64 })
  nonce!: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  tokenHash!: string;

  @UtcColumn()
  createdAt!: string;
}
