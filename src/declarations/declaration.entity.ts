import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { IdColumn, JsonColumn, UtcColumn } from '../database/columns';

export type DeclarationStatus = 'draft' | 'open' | 'closed';

/**
 * A text that organisations endorse (the Joint Initiative). Drafts change freely; publishing freezes the texts
 * and records their digest, so an endorsement always points at one exact text.
 */
@Entity('declarations')
@Index(['eventId', 'createdAt'])
export class Declaration {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @IdColumn()
  eventId!: string;

  @Column({ type: 'varchar', length: 300 })
  title!: string;

  /** Language code → text, each stored in Unicode NFC. */
  @JsonColumn()
  texts!: Record<string, string>;

  /** SHA-256 of the canonical texts (declaration-digest.ts); null while a draft. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  digest!: string | null;

  /** As stored: `closesAt` passing closes an open declaration without changing this column. */
  @Column({ type: 'varchar', length: 16 })
  status!: DeclarationStatus;

  @UtcColumn({ nullable: true })
  closesAt!: string | null;

  @UtcColumn({ nullable: true })
  publishedAt!: string | null;

  @IdColumn({ nullable: true })
  createdById!: string | null;

  @UtcColumn()
  createdAt!: string;

  @UtcColumn()
  updatedAt!: string;
}
