import { Column, Entity, PrimaryColumn } from 'typeorm';

import { IdColumn, JsonColumn, UtcColumn } from '../database/columns';

export interface AttendedSession {
  title: string;
  startsAt: string;
  minutes: number;
}

/** A certificate of attendance as issued: one per attendee and event, its figures as of the last download. */
@Entity('certificates')
export class Certificate {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** The verification code printed on the certificate and in its URL and QR code. */
  @Column({ type: 'varchar', length: 16 })
  code!: string;

  @IdColumn()
  eventId!: string;

  @IdColumn()
  userId!: string;

  /** The attendee's name when it was issued (what the certificate says). */
  @Column({ type: 'varchar', length: 120 })
  name!: string;

  @Column({ type: 'integer' })
  minutes!: number;

  @JsonColumn()
  sessions!: AttendedSession[];

  @UtcColumn()
  issuedAt!: string;

  @UtcColumn({ nullable: true })
  revokedAt!: string | null;

  @IdColumn({ nullable: true })
  revokedById!: string | null;
}
