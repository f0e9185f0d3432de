import { get, LiveOp, run } from '../realtime/live-db';
import { liveRow } from '../realtime/live-rows';

interface MuteRow {
  sessionId: string;
  userId: string;
  eventId: string;
  until: string;
  createdById: string | null;
  createdAt: string;
}
const MUTE_ROW = liveRow<MuteRow>('live_mutes', {
  sessionId: 'text',
  userId: 'text',
  eventId: 'text',
  until: 'text',
  createdById: 'text?',
  createdAt: 'text',
});

interface BanRow {
  eventId: string;
  userId: string;
  createdById: string | null;
  createdAt: string;
}
const BAN_ROW = liveRow<BanRow>('event_bans', {
  eventId: 'text',
  userId: 'text',
  createdById: 'text?',
  createdAt: 'text',
});

export function* isEventStaff(eventId: string, userId: string): LiveOp<boolean> {
  const staff = yield* get<{ role: string }>(
    `SELECT "role" FROM event_staff WHERE "eventId" = ? AND "userId" = ?`,
    eventId,
    userId,
  );
  return staff !== undefined;
}

export function* userExists(userId: string): LiveOp<boolean> {
  return (yield* get<{ id: string }>(`SELECT "id" FROM users WHERE "id" = ?`, userId)) !== undefined;
}

/** Mutes a user in a session until `mute.until`, replacing an earlier mute there. */
export function* upsertMute(mute: MuteRow): LiveOp<void> {
  yield* run(
    `INSERT INTO live_mutes (${MUTE_ROW.list()}) VALUES (${MUTE_ROW.values})
     ON CONFLICT ("sessionId", "userId") DO UPDATE SET "until" = excluded."until", "createdById" = excluded."createdById", "createdAt" = excluded."createdAt"`,
    mute.sessionId,
    mute.userId,
    mute.eventId,
    mute.until,
    mute.createdById,
    mute.createdAt,
  );
}

/** Returns how many mutes were lifted (0 or 1). */
export function* deleteMute(sessionId: string, userId: string): LiveOp<number> {
  return yield* run(`DELETE FROM live_mutes WHERE "sessionId" = ? AND "userId" = ?`, sessionId, userId);
}

/** Returns 0 when the user was banned already. */
export function* insertBan(ban: BanRow): LiveOp<number> {
  return yield* run(
    `INSERT INTO event_bans (${BAN_ROW.list()}) VALUES (${BAN_ROW.values}) ON CONFLICT DO NOTHING`,
    ban.eventId,
    ban.userId,
    ban.createdById,
    ban.createdAt,
  );
}

/** Returns 0 when the user was not banned. */
export function* deleteBan(eventId: string, userId: string): LiveOp<number> {
  return yield* run(`DELETE FROM event_bans WHERE "eventId" = ? AND "userId" = ?`, eventId, userId);
}
