import { get, getCached, LiveOp } from '../realtime/live-db';
import { cachedRead, liveRow } from '../realtime/live-rows';
import type { LiveStatus } from '../realtime/realtime.contract';

/** The columns of `agenda_sessions` the live room needs (booleans normalised by `toSessionRow`). */
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

const SESSION_ROW = liveRow<SessionRow>('agenda_sessions', {
  id: 'text',
  eventId: 'text',
  title: 'text',
  kind: 'text',
  startsAt: 'text',
  endsAt: 'text',
  roomId: 'text?',
  trackId: 'text?',
  language: 'text?',
  status: 'text',
  liveStatus: 'text',
  qaEnabled: 'bool',
  qaModerated: 'bool',
  qaOpen: 'bool',
  chatEnabled: 'bool',
  updatedAt: 'text',
});

/** The session with its event and everything about one user that decides what they may do in it. */
export interface AccessRow extends Omit<SessionRow, 'qaEnabled' | 'qaModerated' | 'qaOpen' | 'chatEnabled'> {
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

// One statement answers every question a command asks: the session, its event, and the caller's staff
// role, registration, speaker profile, ban and mute. Its answer is kept until any of these tables is written,
// so a revoked role, a cancelled registration, a ban or a mute still counts from the very next command. It
// reads no clock (the mute's end is compared after), so a kept answer cannot go stale by time.
const ACCESS = cachedRead(
  ['agenda_sessions', 'events', 'event_staff', 'registrations', 'speakers', 'event_bans', 'live_mutes'],
  `SELECT ${SESSION_ROW.list('s')}, e."slug" AS "eventSlug", e."status" AS "eventStatus",
  (SELECT st."role" FROM event_staff st WHERE st."eventId" = s."eventId" AND st."userId" = ?) AS "staffRole",
  (SELECT r."status" FROM registrations r WHERE r."eventId" = s."eventId" AND r."userId" = ?) AS "registrationStatus",
  (SELECT COUNT(*) FROM speakers sp WHERE sp."eventId" = s."eventId" AND sp."userId" = ?) AS "speakerCount",
  (SELECT COUNT(*) FROM event_bans b WHERE b."eventId" = s."eventId" AND b."userId" = ?) AS "bannedCount",
  (SELECT MAX(m."until") FROM live_mutes m WHERE m."sessionId" = s."id" AND m."userId" = ?) AS "mutedUntil"
  FROM agenda_sessions s JOIN events e ON e."id" = s."eventId" WHERE s."id" = ?`,
);

export function* selectAccess(sessionId: string, userId: string): LiveOp<AccessRow | undefined> {
  return yield* getCached<AccessRow>(ACCESS, userId, userId, userId, userId, userId, sessionId);
}

export function* sessionExistsInEvent(eventId: string, sessionId: string): LiveOp<boolean> {
  const row = yield* get<{ id: string }>(
    `SELECT "id" FROM agenda_sessions WHERE "id" = ? AND "eventId" = ?`,
    sessionId,
    eventId,
  );
  return row !== undefined;
}
