import { Column, Entity, PrimaryColumn } from 'typeorm';

import { UtcColumn } from '../database/columns';

export type StaffRole = 'organizer' | 'moderator';
export const STAFF_ROLES: readonly StaffRole[] = ['organizer', 'moderator'];

@Entity('event_staff')
export class EventStaff {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  eventId!: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  userId!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: StaffRole;

  @UtcColumn()
  createdAt!: string;
}
