import { EntityManager } from 'typeorm';

import { RegistrationField } from '../events/event.entity';
import { Registration, RegistrationStatus } from './registration.entity';

/** What the registration services return, and the status counts they share. */

export const REGISTRATION_STATUSES: readonly RegistrationStatus[] = [
  'pending',
  'confirmed',
  'waitlisted',
  'rejected',
  'cancelled',
];

export interface RegistrationView {
  registration: Registration;
  /** 1-based place in the waitlist, only while waitlisted. */
  position: number | null;
}

export type StatusCounts = Record<RegistrationStatus, number>;

export interface RegistrationListFilter {
  status?: RegistrationStatus;
  /** Question key → wanted answer. */
  answers: Record<string, string>;
  afterQueueNumber?: number;
  limit?: number;
}

export interface RegistrationListRow extends RegistrationView {
  user: { id: string; name: string; email: string };
}

export interface RegistrationSettings {
  capacity: number | null;
  requiresApproval: boolean;
  open: boolean;
  fields: RegistrationField[];
  /** Free seats right now (null: unlimited); waitlisted attendees take freed seats first. */
  seatsLeft: number | null;
  counts: StatusCounts;
}

export function noCounts(): StatusCounts {
  return { pending: 0, confirmed: 0, waitlisted: 0, rejected: 0, cancelled: 0 };
}

export async function countStatuses(manager: EntityManager, eventId: string): Promise<StatusCounts> {
  const rows = await manager
    .getRepository(Registration)
    .createQueryBuilder('r')
    .select('r.status', 'status')
    .addSelect('COUNT(*)', 'count')
    .where('r.eventId = :eventId', { eventId })
    .groupBy('r.status')
    .getRawMany<{ status: RegistrationStatus; count: string | number }>();
  const counts = noCounts();
  for (const row of rows) {
    counts[row.status] = Number(row.count);
  }
  return counts;
}
