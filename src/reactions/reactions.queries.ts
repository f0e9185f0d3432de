import { LiveOp, run } from '../realtime/live-db';

/** Adds per-minute reaction totals (one row per session, minute and emoji). */
export function* addReactionMinutes(
  entries: Array<{ sessionId: string; minute: string; emoji: string; count: number }>,
): LiveOp<void> {
  for (const entry of entries) {
    yield* run(
      `INSERT INTO reaction_minutes ("sessionId", "minute", "emoji", "count") VALUES (?, ?, ?, ?)
       ON CONFLICT ("sessionId", "minute", "emoji") DO UPDATE SET "count" = reaction_minutes."count" + excluded."count"`,
      entry.sessionId,
      entry.minute,
      entry.emoji,
      entry.count,
    );
  }
}
