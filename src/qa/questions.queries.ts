import { all, allCached, get, LiveOp, placeholders, run } from '../realtime/live-db';
import { cachedRead, liveRow } from '../realtime/live-rows';
import { normalizeQuestion, PUBLIC_STATUSES_SQL, QuestionRow } from './question.view';

const QUESTION_ROW = liveRow<QuestionRow>('questions', {
  id: 'text',
  sessionId: 'text',
  eventId: 'text',
  authorId: 'text?',
  authorName: 'text',
  clientId: 'text',
  text: 'text',
  anonymous: 'bool',
  status: 'text',
  pinned: 'bool',
  votes: 'number',
  dismissReason: 'text?',
  seq: 'number',
  approvedAt: 'text?',
  createdAt: 'text',
  updatedAt: 'text',
});
const QUESTION = QUESTION_ROW.list();

const VOTE_ROW = liveRow<{ questionId: string; userId: string; createdAt: string }>('question_votes', {
  questionId: 'text',
  userId: 'text',
  createdAt: 'text',
});

// Kept between joiners while no question changes: a join storm reads them once.
const SESSION_QUESTIONS = cachedRead(
  ['questions'],
  `SELECT ${QUESTION} FROM questions WHERE "sessionId" = ?`,
);

/** Rows are returned normalised (`normalizeQuestion`): booleans and numbers the same on both databases. */
export function* findQuestion(id: string): LiveOp<QuestionRow | undefined> {
  const row = yield* get<QuestionRow>(`SELECT ${QUESTION} FROM questions WHERE "id" = ?`, id);
  return row ? normalizeQuestion(row) : undefined;
}

/** The question an author asked with this `clientId` (a resend returns it instead of asking twice). */
export function* findQuestionByClientId(authorId: string, clientId: string): LiveOp<QuestionRow | undefined> {
  const row = yield* get<QuestionRow>(
    `SELECT ${QUESTION} FROM questions WHERE "authorId" = ? AND "clientId" = ?`,
    authorId,
    clientId,
  );
  return row ? normalizeQuestion(row) : undefined;
}

export function* insertQuestion(question: QuestionRow): LiveOp<void> {
  yield* run(
    `INSERT INTO questions (${QUESTION}) VALUES (${QUESTION_ROW.values})`,
    question.id,
    question.sessionId,
    question.eventId,
    question.authorId,
    question.authorName,
    question.clientId,
    question.text,
    question.anonymous,
    question.status,
    question.pinned,
    question.votes,
    question.dismissReason,
    question.seq,
    question.approvedAt,
    question.createdAt,
    question.updatedAt,
  );
}

/** What a moderator's action changes. */
export function* updateModeratedQuestion(question: QuestionRow): LiveOp<void> {
  yield* run(
    `UPDATE questions SET "status" = ?, "pinned" = ?, "dismissReason" = ?, "approvedAt" = ?, "seq" = ?, "updatedAt" = ? WHERE "id" = ?`,
    question.status,
    question.pinned,
    question.dismissReason,
    question.approvedAt,
    question.seq,
    question.updatedAt,
    question.id,
  );
}

/** Records a user's vote; returns whether it is new (0: they had voted already). */
export function* insertVote(questionId: string, userId: string, now: string): LiveOp<number> {
  return yield* run(
    `INSERT INTO question_votes (${VOTE_ROW.list()}) VALUES (${VOTE_ROW.values}) ON CONFLICT DO NOTHING`,
    questionId,
    userId,
    now,
  );
}

/** Like `insertVote`, but only while the question is public; returns 0 for a missing or hidden question too. */
export function* insertVoteOnPublicQuestion(questionId: string, userId: string, now: string): LiveOp<number> {
  // The casts type the parameters for PostgreSQL.
  return yield* run(
    `INSERT INTO question_votes (${VOTE_ROW.list()})
     SELECT "id", CAST(? AS VARCHAR(36)), CAST(? AS VARCHAR(24)) FROM questions
     WHERE "id" = ? AND "status" IN ${PUBLIC_STATUSES_SQL}
     ON CONFLICT DO NOTHING`,
    userId,
    now,
    questionId,
  );
}

export function* deleteVote(questionId: string, userId: string): LiveOp<number> {
  return yield* run(`DELETE FROM question_votes WHERE "questionId" = ? AND "userId" = ?`, questionId, userId);
}

/** Adds `delta` (+1 or -1) to a question's vote count and returns the new count. */
export function* addToVoteCount(questionId: string, delta: 1 | -1): LiveOp<number> {
  const row = yield* get<{ votes: number | string }>(
    `UPDATE questions SET "votes" = "votes" ${delta > 0 ? '+' : '-'} 1 WHERE "id" = ? RETURNING "votes"`,
    questionId,
  );
  return Number(row!.votes);
}

/** The ids of the session's questions `userId` voted for. */
export function* votedBy(sessionId: string, userId: string): LiveOp<Set<string>> {
  const rows = yield* all<{ questionId: string }>(
    `SELECT v."questionId" FROM question_votes v JOIN questions q ON q."id" = v."questionId" WHERE q."sessionId" = ? AND v."userId" = ?`,
    sessionId,
    userId,
  );
  return new Set(rows.map((row) => row.questionId));
}

export function* sessionQuestions(sessionId: string): LiveOp<QuestionRow[]> {
  return (yield* allCached<QuestionRow>(SESSION_QUESTIONS, sessionId)).map(normalizeQuestion);
}

export function* questionsByIds(ids: readonly string[]): LiveOp<QuestionRow[]> {
  const rows = yield* all<QuestionRow>(
    `SELECT ${QUESTION} FROM questions WHERE "id" IN (${placeholders(ids.length)})`,
    ...ids,
  );
  return rows.map(normalizeQuestion);
}

export function* questionsForExport(sessionId: string): LiveOp<QuestionRow[]> {
  const rows = yield* all<QuestionRow>(
    `SELECT ${QUESTION} FROM questions WHERE "sessionId" = ? ORDER BY "createdAt"`,
    sessionId,
  );
  return rows.map(normalizeQuestion);
}

/** The current vote counts of some questions (the tally the vote coalescer announces). */
export function* voteCounts(ids: readonly string[]): LiveOp<Array<{ questionId: string; votes: number }>> {
  const rows = yield* all<{ id: string; votes: number | string }>(
    `SELECT "id", "votes" FROM questions WHERE "id" IN (${placeholders(ids.length)})`,
    ...ids,
  );
  return rows.map((row) => ({ questionId: row.id, votes: Number(row.votes) }));
}
