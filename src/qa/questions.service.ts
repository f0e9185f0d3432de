import { Injectable } from '@nestjs/common';

import { DomainError } from '../common/errors/domain-error';
import { DomainEvents } from '../common/domain-events/domain-events';
import { newId } from '../common/ids';
import { RateLimiter } from '../common/rate-limit/rate-limiter';
import { insertAuditEntry } from '../audit/audit.queries';
import { appendChange } from '../live-access/live-changes.queries';
import {
  requireSessionInEvent,
  LiveAccess,
  loadAccess,
  requireModerator,
  requireNotMuted,
  sessionOverReason,
} from '../live-access/live-access';
import { isUniqueViolation, LiveDb, LiveOp } from '../realtime/live-db';
import { assertJoined, JoinedCheck } from '../realtime/live-socket';
import type { LiveAuthor, ModerateAction, Question, QuestionStatus } from '../realtime/realtime.contract';
import './qa.events';
import { transition } from './question-transitions';
import {
  addToVoteCount,
  deleteVote,
  findQuestion,
  findQuestionByClientId,
  insertQuestion,
  insertVote,
  insertVoteOnPublicQuestion,
  questionsForExport,
  sessionQuestions,
  updateModeratedQuestion,
  votedBy,
} from './questions.queries';
import { isPublicStatus, listedFor, QuestionRow, sortQuestions, toQuestion } from './question.view';

/** Questions whose session is remembered for the fast vote path, beyond which the memory starts over. */
const MAX_KNOWN_QUESTIONS = 100_000;

export const QUESTION_RATE = { name: 'qa:ask', limit: 5, windowMs: 60_000 };
export const VOTE_RATE = { name: 'qa:vote', limit: 60, windowMs: 10_000 };

export function qaClosedReason(access: LiveAccess): string | null {
  const session = access.session;
  if (!session.qaEnabled) {
    return 'Q&A is disabled for this session';
  }
  const over = sessionOverReason(session);
  if (over) {
    return over;
  }
  if (!session.qaOpen) {
    return 'A moderator closed Q&A for this session';
  }
  return null;
}

const questionNotFound = (): DomainError =>
  new DomainError('QUESTION_NOT_FOUND', 'No such question was found');

/** A question the caller may act on: it exists and they may see it (pending ones only to moderators/asker). */
function* questionFor(
  id: string,
  userId: string,
  inSession: JoinedCheck | undefined,
): LiveOp<{ question: QuestionRow; access: LiveAccess }> {
  const question = yield* findQuestion(id);
  if (!question) {
    throw questionNotFound();
  }
  assertJoined(inSession, question.sessionId);
  const access = yield* loadAccess(question.sessionId, userId);
  if (!listedFor(question, { userId, isModerator: access.isModerator }) && question.status !== 'dismissed') {
    throw questionNotFound();
  }
  return { question, access };
}

/** A vote's effect: its session (for the tally), the count it leaves, whether it changed anything. */
interface VoteOutcome {
  sessionId: string;
  votes: number;
  changed: boolean;
}

interface Changed {
  question: QuestionRow;
  wasPublic: boolean;
}

@Injectable()
export class QuestionsService {
  /** Question id → its session id: a question never moves, so this never goes stale (only unused). */
  private readonly sessionOfQuestion = new Map<string, string>();

  constructor(
    private readonly db: LiveDb,
    private readonly events: DomainEvents,
    private readonly limiter: RateLimiter,
  ) {}

  async ask(
    author: LiveAuthor,
    input: { sessionId: string; text: string; anonymous?: boolean; clientId: string },
    inSession?: JoinedCheck,
  ): Promise<Question> {
    assertJoined(inSession, input.sessionId);
    await this.limiter.consume(QUESTION_RATE, author.id);
    let result: { question: QuestionRow; created: boolean };
    try {
      result = await this.db.sessionWrite(input.sessionId, author.id, () => this.askOp(author, input));
    } catch (error) {
      if (!isUniqueViolation(error)) {
        throw error;
      }
      const existing = await this.db.read(() => findQuestionByClientId(author.id, input.clientId));
      if (!existing) {
        throw error;
      }
      result = { question: existing, created: false };
    }
    if (result.created) {
      this.remember(result.question);
      this.events.emit('qa.question-changed', {
        eventId: result.question.eventId,
        kind: 'asked',
        question: result.question,
        wasPublic: false,
      });
    }
    return toQuestion(result.question, { userId: author.id, isModerator: false });
  }

  private *askOp(
    author: LiveAuthor,
    input: { sessionId: string; text: string; anonymous?: boolean; clientId: string },
  ): LiveOp<{ question: QuestionRow; created: boolean }> {
    const existing = yield* findQuestionByClientId(author.id, input.clientId);
    if (existing) {
      return { question: existing, created: false };
    }
    const access = yield* loadAccess(input.sessionId, author.id);
    requireNotMuted(access);
    const closed = qaClosedReason(access);
    if (closed) {
      throw new DomainError('QA_CLOSED', closed);
    }
    const now = new Date().toISOString();
    const id = newId();
    // Moderators' own questions skip their queue.
    const status: QuestionStatus = access.session.qaModerated && !access.isModerator ? 'pending' : 'visible';
    const seq = yield* appendChange(input.sessionId, 'question-asked', { questionId: id }, now);
    const question: QuestionRow = {
      id,
      sessionId: input.sessionId,
      eventId: access.session.eventId,
      authorId: author.id,
      authorName: author.name.slice(0, 120),
      clientId: input.clientId,
      text: input.text,
      anonymous: input.anonymous === true,
      status,
      pinned: false,
      votes: 0,
      dismissReason: null,
      seq,
      approvedAt: status === 'visible' ? now : null,
      createdAt: now,
      updatedAt: now,
    };
    yield* insertQuestion(question);
    return { question, created: true };
  }

  /** One vote per user and question: voting twice keeps one vote. Answers the current count. */
  async vote(
    userId: string,
    questionId: string,
    up: boolean,
    inSession?: JoinedCheck,
  ): Promise<{ questionId: string; votes: number }> {
    await this.limiter.consume(VOTE_RATE, userId);
    const result = await this.db.write(() => this.voteOp(userId, questionId, up, inSession));
    if (result.changed) {
      this.events.emit('qa.votes-changed', { sessionId: result.sessionId, questionId });
    }
    return { questionId, votes: result.votes };
  }

  private *voteOp(
    userId: string,
    questionId: string,
    up: boolean,
    inSession: JoinedCheck | undefined,
  ): LiveOp<VoteOutcome> {
    if (up) {
      const counted = yield* this.upvoteKnownQuestion(userId, questionId, inSession);
      if (counted) {
        return counted;
      }
    }
    const { question, access } = yield* questionFor(questionId, userId, inSession);
    this.remember(question);
    if (!isPublicStatus(question.status)) {
      throw new DomainError('INVALID_STATE', `A ${question.status} question cannot be voted on`, {
        status: question.status,
      });
    }
    if (!access.session.qaEnabled) {
      throw new DomainError('QA_CLOSED', 'Q&A is disabled for this session');
    }
    const changed = up
      ? yield* insertVote(questionId, userId, new Date().toISOString())
      : yield* deleteVote(questionId, userId);
    if (changed === 0) {
      return { sessionId: question.sessionId, votes: question.votes, changed: false };
    }
    const votes = yield* addToVoteCount(questionId, up ? 1 : -1);
    return { sessionId: question.sessionId, votes, changed: true };
  }

  /**
   * The common case of a vote storm in two statements instead of three: a fresh upvote on a question whose
   * session is known, by a caller the (cached) access check admits. Anything else — an unknown question, a
   * refusal, a repeated vote, a question that is not public — answers null before anything is written, and
   * the full path decides (and words the error) as always.
   */
  private *upvoteKnownQuestion(
    userId: string,
    questionId: string,
    inSession: JoinedCheck | undefined,
  ): LiveOp<VoteOutcome | null> {
    const sessionId = this.sessionOfQuestion.get(questionId);
    if (sessionId === undefined || (inSession && !inSession(sessionId))) {
      return null;
    }
    let access: LiveAccess;
    try {
      access = yield* loadAccess(sessionId, userId);
    } catch (error) {
      // A refusal is worded by the full path; a failed statement is not a refusal (and on PostgreSQL has
      // aborted the transaction).
      if (error instanceof DomainError) {
        return null;
      }
      throw error;
    }
    if (!access.session.qaEnabled) {
      return null;
    }
    const inserted = yield* insertVoteOnPublicQuestion(questionId, userId, new Date().toISOString());
    if (inserted === 0) {
      return null;
    }
    return { sessionId, votes: yield* addToVoteCount(questionId, 1), changed: true };
  }

  private remember(question: QuestionRow): void {
    if (this.sessionOfQuestion.size >= MAX_KNOWN_QUESTIONS) {
      this.sessionOfQuestion.clear();
    }
    this.sessionOfQuestion.set(question.id, question.sessionId);
  }

  async moderate(
    actorId: string,
    input: { questionId: string; action: ModerateAction; reason?: string },
    inSession?: JoinedCheck,
  ): Promise<Question> {
    const changed = await this.db.write(() => this.moderateOp(actorId, input, inSession));
    this.events.emit('qa.question-changed', {
      eventId: changed.question.eventId,
      kind: 'updated',
      question: changed.question,
      wasPublic: changed.wasPublic,
    });
    return toQuestion(changed.question, { userId: actorId, isModerator: true });
  }

  private *moderateOp(
    actorId: string,
    input: { questionId: string; action: ModerateAction; reason?: string },
    inSession: JoinedCheck | undefined,
  ): LiveOp<Changed> {
    const question = yield* findQuestion(input.questionId);
    if (!question) {
      throw questionNotFound();
    }
    assertJoined(inSession, question.sessionId);
    const access = yield* loadAccess(question.sessionId, actorId);
    requireModerator(access);
    if (input.reason !== undefined && input.action !== 'dismiss') {
      throw new DomainError('VALIDATION_FAILED', 'A reason goes only with dismiss', {
        fields: { reason: ['reason is only allowed with the dismiss action'] },
      });
    }
    const next = transition(question, input.action);
    const now = new Date().toISOString();
    const seq = yield* appendChange(question.sessionId, 'question-updated', { questionId: question.id }, now);
    const updated: QuestionRow = {
      ...question,
      status: next.status,
      pinned: next.pinned,
      dismissReason:
        input.action === 'dismiss'
          ? (input.reason ?? null)
          : input.action === 'reopen'
            ? null
            : question.dismissReason,
      approvedAt:
        question.approvedAt ?? (next.status === 'visible' || next.status === 'answered' ? now : null),
      seq,
      updatedAt: now,
    };
    yield* updateModeratedQuestion(updated);
    yield* insertAuditEntry({
      eventId: question.eventId,
      actorId,
      action: `question.${input.action}`,
      targetType: 'question',
      targetId: question.id,
      details: {
        sessionId: question.sessionId,
        from: { status: question.status, pinned: question.pinned },
        to: next,
        ...(input.reason ? { reason: input.reason } : {}),
      },
      now,
    });
    return { question: updated, wasPublic: question.approvedAt !== null };
  }

  /** REST list: attendees see public questions and their own; moderators see all. */
  async list(
    viewerId: string,
    sessionId: string,
    eventSlug: string,
    query: { sort: 'top' | 'recent'; status?: QuestionStatus },
  ): Promise<Question[]> {
    const { rows, access, voted } = await this.db.read(function* () {
      const access = yield* loadAccess(sessionId, viewerId, eventSlug);
      const rows = yield* sessionQuestions(sessionId);
      const voted = yield* votedBy(sessionId, viewerId);
      return { rows, access, voted };
    });
    const viewer = { userId: viewerId, isModerator: access.isModerator };
    return sortQuestions(
      rows.filter((row) => listedFor(row, viewer) && (!query.status || row.status === query.status)),
      query.sort,
    ).map((row) => toQuestion(row, viewer, voted.has(row.id)));
  }

  async allForExport(eventId: string, sessionId: string): Promise<QuestionRow[]> {
    return this.db.read(function* () {
      yield* requireSessionInEvent(eventId, sessionId);
      return yield* questionsForExport(sessionId);
    });
  }
}
