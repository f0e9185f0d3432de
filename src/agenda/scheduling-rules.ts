import { addDays, zonedToUtcMs } from '../common/time/zoned-time';
import type { SessionKind, SessionStatus } from './agenda-session.entity';

/**
 * The scheduling rules the server enforces, as pure functions over plain data so they can be tested without
 * a database. The service loads the candidate's neighbours inside the write transaction and asks these.
 */

export type ScheduleConflictKind = 'room' | 'speaker' | 'outside-event';

export interface ScheduleConflict {
  kind: ScheduleConflictKind;
  /** The other session, for room and speaker conflicts. */
  sessionId?: string;
  speakerId?: string;
}

/** What the rules need to know about a session. Times are UTC ISO strings (string order = time order). */
export interface ScheduleSlot {
  id: string;
  kind: SessionKind;
  status: SessionStatus;
  startsAt: string;
  endsAt: string;
  roomId: string | null;
  speakerIds: readonly string[];
}

/** The event's days as planned: calendar days in its own time zone. */
export interface EventDays {
  timezone: string;
  startsOn: string;
  endsOn: string;
}

/** The event's span as UTC instants: local midnight of its first day to local midnight after its last. */
export function eventWindow(event: EventDays): { startsAt: string; endsAt: string } {
  return {
    startsAt: new Date(zonedToUtcMs(event.startsOn, '00:00', event.timezone)).toISOString(),
    endsAt: new Date(zonedToUtcMs(addDays(event.endsOn, 1), '00:00', event.timezone)).toISOString(),
  };
}

/** Half-open intervals: a session ending when the next one starts does not overlap it. */
export function overlaps(
  a: Pick<ScheduleSlot, 'startsAt' | 'endsAt'>,
  b: Pick<ScheduleSlot, 'startsAt' | 'endsAt'>,
): boolean {
  return a.startsAt < b.endsAt && b.startsAt < a.endsAt;
}

/**
 * Every conflict of `candidate` with the event's days and with `others` (the candidate itself may be among
 * them and is skipped). Cancelled sessions block nothing; a cancelled candidate only has to stay inside the
 * event. A break without a room takes part in no room check; its participants are still checked.
 */
export function findScheduleConflicts(
  candidate: ScheduleSlot,
  others: readonly ScheduleSlot[],
  event: EventDays,
): ScheduleConflict[] {
  const conflicts: ScheduleConflict[] = [];
  const window = eventWindow(event);
  if (candidate.startsAt < window.startsAt || candidate.endsAt > window.endsAt) {
    conflicts.push({ kind: 'outside-event' });
  }
  if (candidate.status === 'cancelled') {
    return conflicts;
  }
  const rivals = others
    .filter(
      (other) => other.id !== candidate.id && other.status !== 'cancelled' && overlaps(candidate, other),
    )
    .sort((a, b) =>
      a.startsAt === b.startsAt ? a.id.localeCompare(b.id) : a.startsAt < b.startsAt ? -1 : 1,
    );

  if (candidate.roomId !== null) {
    for (const other of rivals) {
      if (other.roomId === candidate.roomId) {
        conflicts.push({ kind: 'room', sessionId: other.id });
      }
    }
  }
  for (const other of rivals) {
    const booked = new Set(other.speakerIds);
    // In the order the candidate lists its participants, so the answer does not depend on storage order.
    for (const speakerId of new Set(candidate.speakerIds)) {
      if (booked.has(speakerId)) {
        conflicts.push({ kind: 'speaker', sessionId: other.id, speakerId });
      }
    }
  }
  return conflicts;
}
