import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { IdColumn, UtcColumn } from '../database/columns';

export type EndorsementStatus = 'pending' | 'verified' | 'rejected' | 'withdrawn';
export const ENDORSEMENT_STATUSES: readonly EndorsementStatus[] = [
  'pending',
  'verified',
  'rejected',
  'withdrawn',
];

/** One organisation's endorsement of one declaration, kept with its whole history. */
@Entity('declaration_endorsements')
@Index(['declarationId', 'status'])
@Index(['declarationId', 'activeOrganizationId'], { unique: true })
export class DeclarationEndorsement {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @IdColumn()
  declarationId!: string;

  @IdColumn()
  eventId!: string;

  @IdColumn()
  organizationId!: string;

  /**
   * The organisation's id while the endorsement is pending or verified, null once rejected or withdrawn: the
   * unique index on (declarationId, activeOrganizationId) allows one live endorsement per organisation (NULLs
   * never collide, on SQLite as on PostgreSQL), and a new one after a rejection or a withdrawal.
   */
  @IdColumn({ nullable: true })
  activeOrganizationId!: string | null;

  /** The account that submitted it (it sees the rejection reason and may withdraw it); null once deleted. */
  @IdColumn({ nullable: true })
  endorserId!: string | null;

  @Column({ type: 'varchar', length: 200 })
  representativeName!: string;

  @Column({ type: 'varchar', length: 200 })
  representativePosition!: string;

  @Column({ type: 'text', nullable: true })
  statement!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: EndorsementStatus;

  /** The declaration's digest when this was submitted: the exact text endorsed. */
  @Column({ type: 'varchar', length: 64 })
  digest!: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  rejectionReason!: string | null;

  @UtcColumn({ nullable: true })
  verifiedAt!: string | null;

  @UtcColumn({ nullable: true })
  rejectedAt!: string | null;

  @UtcColumn({ nullable: true })
  withdrawnAt!: string | null;

  @UtcColumn()
  createdAt!: string;

  @UtcColumn()
  updatedAt!: string;
}
