import { DomainError } from '../common/errors/domain-error';
import { asBool, LiveOp } from '../realtime/live-db';
import type { LiveRole } from '../realtime/realtime.contract';
import { AccessRow, selectAccess, sessionExistsInEvent, SessionRow } from './live-access.queries';

export type { SessionRow } from './live-access.queries';

/** What one user may do in one session right now (read in the transaction of the command it guards). */
export interface LiveAccess {
  session: SessionRow;
  eventSlug: string;
  userId: string;
  role: LiveRole;
  isModerator: boolean;
  /** Set while muted (ISO instant), else null. */
  mutedUntil: string | null;
}

export const sessionNotFound = (): DomainError =>
  new DomainError('SESSION_NOT_FOUND', 'No such session was found');

export function toSessionRow(row: SessionRow | AccessRow): SessionRow {
  return {
    id: row.id,
    eventId: row.eventId,
    title: row.title,
    kind: row.kind,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    roomId: row.roomId,
    trackId: row.trackId,
    language: row.language,
    status: row.status,
    liveStatus: row.liveStatus,
    qaEnabled: asBool(row.qaEnabled),
    qaModerated: asBool(row.qaModerated),
    qaOpen: asBool(row.qaOpen),
    chatEnabled: asBool(row.chatEnabled),
    updatedAt: row.updatedAt,
  };
}

/** Session views of access rows: a kept (cached) row is read by every command of a storm, its view built once. */
const sessionViews = new WeakMap<AccessRow, Readonly<SessionRow>>();

function sessionOf(row: AccessRow): SessionRow {
  let session = sessionViews.get(row);
  if (!session) {
    // Frozen: every command reading the same kept row shares it.
    session = Object.freeze(toSessionRow(row));
    sessionViews.set(row, session);
  }
  return session;
}

/**
 * Who may be in a session: staff (organizer, moderator) of its event, a speaker profile of the event linked
 * to the account, or a confirmed registration — and not banned. Drafts exist for their staff only. With
 * `eventSlug` (REST paths), a session of another event is not found.
 */
export function* loadAccess(sessionId: string, userId: string, eventSlug?: string): LiveOp<LiveAccess> {
  const row = yield* selectAccess(sessionId, userId);
  // A session of another event than the path names is not found, before any role is looked at (IDOR).
  if (!row || (eventSlug !== undefined && row.eventSlug !== eventSlug)) {
    throw sessionNotFound();
  }
  const staff = row.staffRole === 'organizer' || row.staffRole === 'moderator' ? row.staffRole : null;
  if (row.eventStatus !== 'published' && !staff) {
    throw sessionNotFound();
  }
  let role: LiveRole;
  if (staff) {
    role = staff;
  } else if (Number(row.bannedCount) > 0) {
    throw new DomainError('BANNED', 'You were banned from this event by a moderator');
  } else if (Number(row.speakerCount) > 0) {
    role = 'speaker';
  } else if (row.registrationStatus === 'confirmed') {
    role = 'attendee';
  } else {
    throw new DomainError(
      'NOT_REGISTERED',
      'Only confirmed registrants, speakers and staff may join this session',
      {
        registrationStatus: row.registrationStatus,
      },
    );
  }
  return {
    session: sessionOf(row),
    eventSlug: row.eventSlug,
    userId,
    role,
    isModerator: staff !== null,
    mutedUntil:
      !staff && row.mutedUntil !== null && row.mutedUntil > new Date().toISOString() ? row.mutedUntil : null,
  };
}

/** Why nothing more can be posted in a session that is over (chat and Q&A alike), or null. */
export function sessionOverReason(session: SessionRow): string | null {
  if (session.liveStatus === 'ended') {
    return 'The session has ended';
  }
  if (session.status === 'cancelled') {
    return 'The session was cancelled';
  }
  return null;
}

export function requireModerator(access: LiveAccess): void {
  if (!access.isModerator) {
    throw new DomainError('FORBIDDEN', 'This needs the moderator or organizer role for this event');
  }
}

export function requireNotMuted(access: LiveAccess): void {
  if (access.mutedUntil) {
    throw new DomainError('MUTED', 'A moderator muted you in this session', {
      mutedUntil: access.mutedUntil,
    });
  }
}

/** Ids from another event in the path are refused as not found. */
export function* requireSessionInEvent(eventId: string, sessionId: string): LiveOp<void> {
  if (!(yield* sessionExistsInEvent(eventId, sessionId))) {
    throw sessionNotFound();
  }
}
