import { Entity, Index, PrimaryColumn } from 'typeorm';

import { IdColumn, UtcColumn } from '../database/columns';

/** A password reset link: only the SHA-256 of its token is stored; it works once, until `expiresAt`. */
@Entity('password_resets')
@Index(['userId'])
export class PasswordReset {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  tokenHash!: string;

  @IdColumn()
  userId!: string;

  @UtcColumn()
  expiresAt!: string;

  @UtcColumn({ nullable: true })
  usedAt!: string | null;

  @UtcColumn()
  createdAt!: string;
}
