import { Column, Entity, PrimaryColumn } from 'typeorm';

import { UtcColumn } from '../database/columns';

/** Whether an event takes new registrations; an event without a row is open. */
@Entity('registration_policies')
export class RegistrationPolicy {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  eventId!: string;

  @Column({ type: 'boolean', default: true })
  isOpen!: boolean;

  @UtcColumn()
  updatedAt!: string;
}
