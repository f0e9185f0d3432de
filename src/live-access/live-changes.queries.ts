import { all, get, LiveOp, run } from '../realtime/live-db';
import { liveRow } from '../realtime/live-rows';
import type { LiveChange } from '../realtime/realtime.contract';

/** What changed in a session, in `seq` order: the message or question to send again on resume. */
export interface LiveChangeRow {
  sessionId: string;
  seq: number | string;
  kind: LiveChange['kind'];
  messageId: string | null;
  questionId: string | null;
  pollId: string | null;
  createdAt: string;
}

/** What a change is about: one of these is set. */
export interface ChangeSubject {
  messageId?: string;
  questionId?: string;
  pollId?: string;
}

const CHANGE_ROW = liveRow<LiveChangeRow>('live_changes', {
  sessionId: 'text',
  seq: 'number',
  kind: 'text',
  messageId: 'text?',
  questionId: 'text?',
  pollId: 'text?',
  createdAt: 'text',
});

const LIVE_STATE_ROW = liveRow<{ sessionId: string; lastSeq: number | string }>('session_live_state', {
  sessionId: 'text',
  lastSeq: 'number',
});

/**
 * Allocates the next seq of a session and records the change, inside the caller's transaction. Its first
 * statement locks the session's `session_live_state` row, so seqs stay gap-free and ordered across nodes.
 */
export function* appendChange(
  sessionId: string,
  kind: LiveChange['kind'],
  subject: ChangeSubject,
  now: string,
): LiveOp<number> {
  const next = yield* get<{ lastSeq: number | string }>(
    `INSERT INTO session_live_state (${LIVE_STATE_ROW.list()}) VALUES (?, 1)
     ON CONFLICT ("sessionId") DO UPDATE SET "lastSeq" = session_live_state."lastSeq" + 1
     RETURNING "lastSeq"`,
    sessionId,
  );
  const seq = Number(next!.lastSeq);
  yield* run(
    `INSERT INTO live_changes (${CHANGE_ROW.list()}) VALUES (${CHANGE_ROW.values})`,
    sessionId,
    seq,
    kind,
    subject.messageId ?? null,
    subject.questionId ?? null,
    subject.pollId ?? null,
    now,
  );
  return seq;
}

export function* currentSeq(sessionId: string): LiveOp<number> {
  const row = yield* get<{ lastSeq: number | string }>(
    `SELECT "lastSeq" FROM session_live_state WHERE "sessionId" = ?`,
    sessionId,
  );
  return row ? Number(row.lastSeq) : 0;
}

/** The changes of a session after `after`, oldest first, at most `limit`. */
export function* changesAfter(sessionId: string, after: number, limit: number): LiveOp<LiveChangeRow[]> {
  return yield* all<LiveChangeRow>(
    `SELECT ${CHANGE_ROW.list()} FROM live_changes WHERE "sessionId" = ? AND "seq" > ? ORDER BY "seq" LIMIT ?`,
    sessionId,
    after,
    limit,
  );
}
