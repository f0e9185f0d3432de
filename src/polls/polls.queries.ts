import { all, allCached, get, getCached, LiveOp, run } from '../realtime/live-db';
import { cachedRead } from '../realtime/live-rows';
import { POLL_COLUMNS, PollRow, VOTE_COLUMNS, VoteRow } from './poll.view';

// Every statement of the polls feature, named by intent.

export function* findPoll(pollId: string): LiveOp<PollRow | undefined> {
  return yield* get<PollRow>(`SELECT ${POLL_COLUMNS} FROM polls WHERE "id" = ?`, pollId);
}

const POLL_BY_ID = cachedRead(['polls'], `SELECT ${POLL_COLUMNS} FROM polls WHERE "id" = ?`);
const PUBLISHED_POLLS = cachedRead(
  ['polls'],
  `SELECT ${POLL_COLUMNS} FROM polls WHERE "sessionId" = ? AND "status" <> 'draft' ORDER BY "createdAt", "id"`,
);

/**
 * The poll a vote is for. SQLite: kept between votes (votes never write `polls`), so a vote storm reads it
 * once. PostgreSQL: FOR SHARE, so a vote and the poll's closing never overlap (a vote is counted only while
 * the poll is open) while votes of different users still run side by side.
 */
export function* pollForVote(pollId: string, dialect: 'sqlite' | 'postgres'): LiveOp<PollRow | undefined> {
  if (dialect === 'postgres') {
    return yield* get<PollRow>(`SELECT ${POLL_COLUMNS} FROM polls WHERE "id" = ? FOR SHARE`, pollId);
  }
  return yield* getCached<PollRow>(POLL_BY_ID, pollId);
}

export function* pollsOfSession(sessionId: string): LiveOp<PollRow[]> {
  return yield* all<PollRow>(
    `SELECT ${POLL_COLUMNS} FROM polls WHERE "sessionId" = ? ORDER BY "createdAt", "id"`,
    sessionId,
  );
}

/** The session's open and closed polls, kept on SQLite while no poll changes (a join storm reads them once). */
export function* publishedPollsOfSession(sessionId: string): LiveOp<readonly PollRow[]> {
  return yield* allCached<PollRow>(PUBLISHED_POLLS, sessionId);
}

export function* openPollsOfSession(sessionId: string): LiveOp<PollRow[]> {
  return yield* all<PollRow>(
    `SELECT ${POLL_COLUMNS} FROM polls WHERE "sessionId" = ? AND "status" = 'open'`,
    sessionId,
  );
}

export function* insertPoll(row: PollRow): LiveOp<void> {
  yield* run(
    `INSERT INTO polls (${POLL_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    row.id,
    row.sessionId,
    row.eventId,
    row.question,
    row.kind,
    row.options,
    row.maxChoices,
    row.scale,
    row.anonymous as boolean,
    row.showResults,
    row.status,
    row.createdById,
    row.openedAt,
    row.closedAt,
    row.createdAt,
    row.updatedAt,
  );
}

/** Rewrites a draft's content; answers 0 when it is no longer a draft. */
export function* updateDraft(row: PollRow): LiveOp<number> {
  return yield* run(
    `UPDATE polls SET "question" = ?, "kind" = ?, "options" = ?, "maxChoices" = ?, "scale" = ?, "anonymous" = ?,
     "showResults" = ?, "updatedAt" = ? WHERE "id" = ? AND "status" = 'draft'`,
    row.question,
    row.kind,
    row.options,
    row.maxChoices,
    row.scale,
    row.anonymous as boolean,
    row.showResults,
    row.updatedAt,
    row.id,
  );
}

export function* deleteDraft(pollId: string): LiveOp<number> {
  return yield* run(`DELETE FROM polls WHERE "id" = ? AND "status" = 'draft'`, pollId);
}

export function* markOpen(pollId: string, now: string): LiveOp<void> {
  yield* run(
    `UPDATE polls SET "status" = 'open', "openedAt" = ?, "updatedAt" = ? WHERE "id" = ?`,
    now,
    now,
    pollId,
  );
}

export function* markClosed(pollId: string, now: string): LiveOp<void> {
  yield* run(
    `UPDATE polls SET "status" = 'closed', "closedAt" = ?, "updatedAt" = ? WHERE "id" = ?`,
    now,
    now,
    pollId,
  );
}

export function* findVote(pollId: string, userId: string): LiveOp<VoteRow | undefined> {
  return yield* get<VoteRow>(
    `SELECT ${VOTE_COLUMNS} FROM poll_votes WHERE "pollId" = ? AND "userId" = ?`,
    pollId,
    userId,
  );
}

export function* votesOfUserInSession(sessionId: string, userId: string): LiveOp<VoteRow[]> {
  return yield* all<VoteRow>(
    `SELECT ${VOTE_COLUMNS} FROM poll_votes WHERE "sessionId" = ? AND "userId" = ?`,
    sessionId,
    userId,
  );
}

/**
 * Whether the voter's account still exists: `poll_votes` has no foreign key to `users` (an erased account's
 * votes stay under random ids), so a first vote checks. On PostgreSQL the row is held until the vote
 * commits; an erasure, which locks it first, then waits and finds the vote to anonymise.
 */
export function* voterExists(userId: string, dialect: 'sqlite' | 'postgres'): LiveOp<boolean> {
  const lock = dialect === 'postgres' ? ' FOR KEY SHARE' : '';
  return (yield* get<{ id: string }>(`SELECT "id" FROM users WHERE "id" = ?${lock}`, userId)) !== undefined;
}

export function* insertVote(row: VoteRow): LiveOp<void> {
  yield* run(
    `INSERT INTO poll_votes (${VOTE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    row.pollId,
    row.userId,
    row.sessionId,
    row.clientIds,
    row.choiceMask,
    row.rating,
    row.text,
    row.createdAt,
    row.updatedAt,
  );
}

/** Inserts a user's first vote on a poll; returns 0 (and writes nothing) when they already voted. */
export function* insertFirstVote(row: VoteRow): LiveOp<number> {
  return yield* run(
    `INSERT INTO poll_votes (${VOTE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT ("pollId", "userId") DO NOTHING`,
    row.pollId,
    row.userId,
    row.sessionId,
    row.clientIds,
    row.choiceMask,
    row.rating,
    row.text,
    row.createdAt,
    row.updatedAt,
  );
}

export function* replaceVote(row: VoteRow): LiveOp<void> {
  yield* run(
    `UPDATE poll_votes SET "clientIds" = ?, "choiceMask" = ?, "rating" = ?, "text" = ?, "updatedAt" = ?
     WHERE "pollId" = ? AND "userId" = ?`,
    row.clientIds,
    row.choiceMask,
    row.rating,
    row.text,
    row.updatedAt,
    row.pollId,
    row.userId,
  );
}

/** Voters and, per option, how many chose it (bit i of `choiceMask` is option i). */
export function* countChoices(pollId: string, optionCount: number): LiveOp<number[]> {
  const sums = Array.from(
    { length: optionCount },
    (_, index) => `SUM(("choiceMask" / ${2 ** index}) % 2) AS "o${index}"`,
  );
  const row = yield* get<Record<string, number | string | null>>(
    `SELECT COUNT(*) AS "voters"${sums.length ? ', ' + sums.join(', ') : ''} FROM poll_votes WHERE "pollId" = ?`,
    pollId,
  );
  return [
    Number(row?.voters ?? 0),
    ...Array.from({ length: optionCount }, (_, index) => Number(row?.[`o${index}`] ?? 0)),
  ];
}

export function* countRatings(pollId: string): LiveOp<Array<{ rating: number; n: number }>> {
  const rows = yield* all<{ rating: number | string; n: number | string }>(
    `SELECT "rating", COUNT(*) AS "n" FROM poll_votes WHERE "pollId" = ? GROUP BY "rating"`,
    pollId,
  );
  return rows.map((row) => ({ rating: Number(row.rating), n: Number(row.n) }));
}

export interface AnswerRow {
  text: string;
  createdAt: string;
  userId: string;
  userName: string | null;
}

export function* textAnswers(pollId: string): LiveOp<AnswerRow[]> {
  return yield* all<AnswerRow>(
    `SELECT v."text", v."createdAt", v."userId", u."name" AS "userName"
     FROM poll_votes v LEFT JOIN users u ON u."id" = v."userId"
     WHERE v."pollId" = ? ORDER BY v."updatedAt" DESC, v."userId"`,
    pollId,
  );
}

export interface ExportRow extends VoteRow {
  userName: string | null;
}

/** Every vote of the session's polls, oldest poll first. */
export function* votesForExport(sessionId: string): LiveOp<ExportRow[]> {
  return yield* all<ExportRow>(
    `SELECT v."pollId", v."userId", v."sessionId", v."clientIds", v."choiceMask", v."rating", v."text",
       v."createdAt", v."updatedAt", u."name" AS "userName"
     FROM poll_votes v JOIN polls p ON p."id" = v."pollId" LEFT JOIN users u ON u."id" = v."userId"
     WHERE v."sessionId" = ? ORDER BY p."createdAt", p."id", v."createdAt", v."userId"`,
    sessionId,
  );
}

/** The poll changes of a session after `seq` (resume), oldest first. */
export function* pollChangesAfter(
  sessionId: string,
  after: number,
  limit: number,
): LiveOp<Array<{ seq: number; kind: 'poll-opened' | 'poll-closed'; pollId: string }>> {
  const rows = yield* all<{ seq: number | string; kind: 'poll-opened' | 'poll-closed'; pollId: string }>(
    `SELECT "seq", "kind", "pollId" FROM live_changes
     WHERE "sessionId" = ? AND "seq" > ? AND "kind" IN ('poll-opened', 'poll-closed') ORDER BY "seq" LIMIT ?`,
    sessionId,
    after,
    limit,
  );
  return rows.map((row) => ({ ...row, seq: Number(row.seq) }));
}
