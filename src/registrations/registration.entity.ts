import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { IdColumn, JsonColumn, UtcColumn } from '../database/columns';

export type RegistrationStatus = 'pending' | 'confirmed' | 'waitlisted' | 'rejected' | 'cancelled';

/** One person's registration for one event; (eventId, userId) is unique. */
@Entity('registrations')
@Index(['eventId', 'userId'], { unique: true })
@Index(['eventId', 'status'])
@Index(['userId'])
export class Registration {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @IdColumn()
  eventId!: string;

  @IdColumn()
  userId!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: RegistrationStatus;

  /** Answers to the event's custom questions, keyed by question key. */
  @JsonColumn()
  answers!: Record<string, string | string[] | boolean>;

  /** Order of arrival, used for waitlist promotion (first come, first served). */
  @Column({ type: 'integer' })
  queueNumber!: number;

  @UtcColumn()
  createdAt!: string;

  @UtcColumn()
  updatedAt!: string;
}
