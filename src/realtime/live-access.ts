import { DomainError } from '../common/errors/domain-error';
import { asBool, get, getCached, LiveOp } from './live-db';
import type { LiveRole, LiveStatus } from './realtime.contract';

/** The columns of `agenda_sessions` the live room needs, as read by raw SQL. */
export interface SessionRow {
  id: string;
  eventId: string;
  title: string;
  kind: string;
  startsAt: string;
  endsAt: string;
  roomId: string | null;
  trackId: string | null;
  language: string | null;
  status: string;
  liveStatus: LiveStatus;
  qaEnabled: boolean;
  qaModerated: boolean;
  qaOpen: boolean;
  chatEnabled: boolean;
  updatedAt: string;
}

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

interface AccessRow extends Omit<SessionRow, 'qaEnabled' | 'qaModerated' | 'qaOpen' | 'chatEnabled'> {
  qaEnabled: unknown;
  qaModerated: unknown;
  qaOpen: unknown;
  chatEnabled: unknown;
  eventSlug: string;
  eventStatus: string;
  staffRole: string | null;
  registrationStatus: string | null;
  speakerCount: number | string;
  bannedCount: number | string;
  mutedUntil: string | null;
}

export const SESSION_COLUMNS =
  's."id", s."eventId", s."title", s."kind", s."startsAt", s."endsAt", s."roomId", s."trackId", s."language", ' +
  's."status", s."liveStatus", s."qaEnabled", s."qaModerated", s."qaOpen", s."chatEnabled", s."updatedAt"';

// One statement answers every question a command asks: the session, its event, and the caller's staff
// role, registration, speaker profile, ban and mute. Its answer is kept (`getCached`) until any of these
// tables is written, so a revoked role, a cancelled registration, a ban or a mute still counts from the very
// next command. It reads no clock (the mute's end is compared after), so a kept answer cannot go stale by time.
const ACCESS_SQL = `SELECT ${SESSION_COLUMNS}, e."slug" AS "eventSlug", e."status" AS "eventStatus",
  (SELECT st."role" FROM event_staff st WHERE st."eventId" = s."eventId" AND st."userId" = ?) AS "staffRole",
  (SELECT r."status" FROM registrations r WHERE r."eventId" = s."eventId" AND r."userId" = ?) AS "registrationStatus",
  (SELECT COUNT(*) FROM speakers sp WHERE sp."eventId" = s."eventId" AND sp."userId" = ?) AS "speakerCount",
  (SELECT COUNT(*) FROM event_bans b WHERE b."eventId" = s."eventId" AND b."userId" = ?) AS "bannedCount",
  (SELECT MAX(m."until") FROM live_mutes m WHERE m."sessionId" = s."id" AND m."userId" = ?) AS "mutedUntil"
  FROM agenda_sessions s JOIN events e ON e."id" = s."eventId" WHERE s."id" = ?`;

const ACCESS_TABLES = [
  'agenda_sessions',
  'events',
  'event_staff',
  'registrations',
  'speakers',
  'event_bans',
  'live_mutes',
] as const;

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

/**
 * Who may be in a session: staff (organizer, moderator) of its event, a speaker profile of the event linked
 * to the account, or a confirmed registration — and not banned. Drafts exist for their staff only. With
 * `eventSlug` (REST paths), a session of another event is not found.
 */
export function* loadAccess(sessionId: string, userId: string, eventSlug?: string): LiveOp<LiveAccess> {
  const row = yield* getCached<AccessRow>(
    ACCESS_TABLES,
    ACCESS_SQL,
    userId,
    userId,
    userId,
    userId,
    userId,
    sessionId,
  );
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
    session: toSessionRow(row),
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

export type LiveChangeKind =
  | 'message-posted'
  | 'message-deleted'
  | 'question-asked'
  | 'question-updated'
  | 'poll-opened'
  | 'poll-closed';

/** What a change is about: one of these is set. */
export interface ChangeSubject {
  messageId?: string;
  questionId?: string;
  pollId?: string;
}

/** Allocates the next seq of a session and records the change, inside the caller's transaction. */
export function* appendChange(
  sessionId: string,
  kind: LiveChangeKind,
  subject: ChangeSubject,
  now: string,
): LiveOp<number> {
  const next = yield* get<{ lastSeq: number | string }>(
    `INSERT INTO session_live_state ("sessionId", "lastSeq") VALUES (?, 1)
     ON CONFLICT ("sessionId") DO UPDATE SET "lastSeq" = session_live_state."lastSeq" + 1
     RETURNING "lastSeq"`,
    sessionId,
  );
  const seq = Number(next!.lastSeq);
  yield* runChange(sessionId, seq, kind, subject, now);
  return seq;
}

function* runChange(
  sessionId: string,
  seq: number,
  kind: string,
  subject: ChangeSubject,
  now: string,
): LiveOp<void> {
  yield {
    sql: `INSERT INTO live_changes ("sessionId", "seq", "kind", "messageId", "questionId", "pollId", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?)`,
    params: [
      sessionId,
      seq,
      kind,
      subject.messageId ?? null,
      subject.questionId ?? null,
      subject.pollId ?? null,
      now,
    ],
    mode: 'run',
  };
}

export function* currentSeq(sessionId: string): LiveOp<number> {
  const row = yield* get<{ lastSeq: number | string }>(
    `SELECT "lastSeq" FROM session_live_state WHERE "sessionId" = ?`,
    sessionId,
  );
  return row ? Number(row.lastSeq) : 0;
}

/** Ids from another event in the path are refused as not found. */
export function* requireSessionInEvent(eventId: string, sessionId: string): LiveOp<void> {
  const row = yield* get<{ id: string }>(
    `SELECT "id" FROM agenda_sessions WHERE "id" = ? AND "eventId" = ?`,
    sessionId,
    eventId,
  );
  if (!row) {
    throw sessionNotFound();
  }
}
