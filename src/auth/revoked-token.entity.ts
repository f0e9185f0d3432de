import { Entity, Index, PrimaryColumn } from 'typeorm';

import { IdColumn, UtcColumn } from '../database/columns';

/** A token signed out with `POST /auth/logout`, kept until it would have expired anyway. */
@Entity('revoked_tokens')
@Index(['userId', 'expiresAt'])
export class RevokedToken {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  tokenId!: string;

  @IdColumn()
  userId!: string;

  @UtcColumn()
  expiresAt!: string;
}
