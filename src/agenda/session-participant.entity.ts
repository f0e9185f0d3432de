import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type ParticipantRole = 'speaker' | 'moderator' | 'panelist' | 'host';
export const PARTICIPANT_ROLES: readonly ParticipantRole[] = ['speaker', 'moderator', 'panelist', 'host'];

/** Who appears in a session and in which role (one role per speaker per session). */
@Entity('session_participants')
@Index(['speakerId'])
export class SessionParticipant {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  sessionId!: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  speakerId!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: ParticipantRole;

  /** Order on stage as the organizer listed them. */
  @Column({ type: 'integer', default: 0 })
  position!: number;
}
