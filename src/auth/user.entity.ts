import { Column, Entity, PrimaryColumn } from 'typeorm';

import { UtcColumn } from '../database/columns';

@Entity('users')
export class User {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** As the user typed it, for display. */
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  /** Lower-cased: emails are unique ignoring case. */
  @Column({ type: 'varchar', length: 254, unique: true })
  emailKey!: string;

  @Column({ type: 'varchar', length: 120 })
  name!: string;

  @Column({ type: 'varchar', length: 255 })
  passwordHash!: string;

  @UtcColumn()
  createdAt!: string;
}
