import { Injectable } from '@nestjs/common';

import { AgendaCache } from '../agenda/agenda-cache';
import { SessionViewLoader } from '../agenda/session-views';
import { SessionsService } from '../agenda/sessions.service';
import { toChatMessage } from '../chat/chat-message.view';
import { EDITOR_VIEW, Localizer } from '../common/i18n';
import { latestMessages, messagesByIds } from '../chat/chat.queries';
import { LiveAccess, loadAccess, requireModerator } from '../live-access/live-access';
import { changesAfter, currentSeq } from '../live-access/live-changes.queries';
import { questionsByIds, sessionQuestions, votedBy } from '../qa/questions.queries';
import { listedFor, sortQuestions, toQuestion, QuestionViewer } from '../qa/question.view';
import { LiveDb, LiveOp } from '../realtime/live-db';
import type {
  ChatMessageView,
  JoinSessionResult,
  LiveAuthor,
  LiveChange,
  LiveSession,
  Question,
  SetSessionStatusPayload,
} from '../realtime/realtime.contract';

export const SNAPSHOT_MESSAGES = 100;
export const MAX_RESUME_CHANGES = 1000;

type Snapshot = Omit<JoinSessionResult, 'presence' | 'session' | 'role' | 'mutedUntil' | 'polls'>;

/** Joining a live session: who may, and what they get (a snapshot, or exactly the changes they missed). */
@Injectable()
export class LiveSessionsService {
  constructor(
    private readonly db: LiveDb,
    private readonly sessions: SessionsService,
    private readonly views: SessionViewLoader,
    private readonly cache: AgendaCache,
  ) {}

  authorize(userId: string, sessionId: string): Promise<LiveAccess> {
    return this.db.read(() => loadAccess(sessionId, userId));
  }

  /**
   * The session's public payload for joiners wanting `languages` (most wanted first; none: the originals).
   * Cached with the agendas per served language (dropped by any write to a session, room, track, speaker,
   * organisation or event; SQLite only), so a join storm does not run its six TypeORM queries per joiner.
   */
  async view(eventId: string, sessionId: string, languages: readonly string[] = []): Promise<LiveSession> {
    const localizer = Localizer.forEvent(
      { wanted: [...languages], all: false },
      await this.languagesOf(eventId),
    );
    return this.cachedView(eventId, sessionId, localizer.cacheKey, localizer);
  }

  /**
   * The payload of `session:updated`: the original texts plus every translation (`translations` on the
   * session and each room, track, participant and organisation in it). One payload for every socket in the
   * room, so the broadcast is encoded once; each client shows the texts in its own language.
   */
  async broadcastView(eventId: string, sessionId: string): Promise<LiveSession> {
    const localizer = Localizer.forEvent(EDITOR_VIEW, await this.languagesOf(eventId), true);
    return this.cachedView(eventId, sessionId, '*', localizer);
  }

  private async cachedView(
    eventId: string,
    sessionId: string,
    variant: string,
    localizer: Localizer,
  ): Promise<LiveSession> {
    const key = `live-view|${eventId}|${sessionId}|${variant}`;
    const cached = this.cache.get<LiveSession>(key);
    if (cached) {
      return cached;
    }
    const generation = this.cache.currentGeneration();
    const view = (await this.sessions.getView(
      eventId,
      sessionId,
      'UTC',
      undefined,
      localizer,
    )) as unknown as LiveSession;
    this.cache.set(key, generation, view);
    return view;
  }

  private async languagesOf(eventId: string): Promise<string[]> {
    const key = `live-languages|${eventId}`;
    const cached = this.cache.get<string[]>(key);
    if (cached) {
      return cached;
    }
    const generation = this.cache.currentGeneration();
    const languages = await this.views.languagesOf(eventId);
    this.cache.set(key, generation, languages);
    return languages;
  }

  /** Read after the socket joined the room, so nothing committed in between is lost (clients dedupe by id). */
  async snapshot(access: LiveAccess, after: number | undefined): Promise<Snapshot> {
    const viewer: QuestionViewer = { userId: access.userId, isModerator: access.isModerator };
    const sessionId = access.session.id;
    return this.db.read(function* (): LiveOp<Snapshot> {
      const seq = yield* currentSeq(sessionId);
      if (after === undefined) {
        // Both kept between joiners while nothing changes them: a join storm reads them once.
        const messages = yield* latestMessages(sessionId, SNAPSHOT_MESSAGES);
        const questions = yield* sessionQuestions(sessionId);
        const voted = questions.length > 0 ? yield* votedBy(sessionId, access.userId) : new Set<string>();
        return {
          seq,
          messages: messages.map(toChatMessage).reverse(),
          questions: sortQuestions(
            questions.filter((row) => listedFor(row, viewer)),
            'top',
          ).map((row) => toQuestion(row, viewer, voted.has(row.id))),
        };
      }
      if (after > seq) {
        // The client saw a future this database does not have (restored backup): it must reload.
        return { seq, messages: [], questions: [], changes: [], truncated: true };
      }
      const changes = yield* changesAfter(sessionId, after, MAX_RESUME_CHANGES + 1);
      if (changes.length > MAX_RESUME_CHANGES) {
        return { seq, messages: [], questions: [], changes: [], truncated: true };
      }
      const messageIds = [
        ...new Set(changes.flatMap((change) => (change.messageId ? [change.messageId] : []))),
      ];
      const questionIds = [
        ...new Set(changes.flatMap((change) => (change.questionId ? [change.questionId] : []))),
      ];
      const messageRows = messageIds.length ? yield* messagesByIds(messageIds) : [];
      const questionRows = questionIds.length ? yield* questionsByIds(questionIds) : [];
      // Oldest first, like the snapshot (an IN list comes back in no particular order).
      const messages = new Map<string, ChatMessageView>(
        messageRows
          .map(toChatMessage)
          .sort((x, y) => x.seq - y.seq)
          .map((message) => [message.id, message]),
      );
      const voted = questionRows.length > 0 ? yield* votedBy(sessionId, access.userId) : new Set<string>();
      const questions = new Map<string, Question>();
      for (const row of questionRows) {
        // Attendees also hear about public questions a moderator since dismissed, so they can drop them.
        if (listedFor(row, viewer) || row.approvedAt !== null) {
          questions.set(row.id, toQuestion(row, viewer, voted.has(row.id)));
        }
      }
      const replay: LiveChange[] = [];
      for (const change of changes) {
        const seqOf = Number(change.seq);
        if (change.kind === 'message-posted' || change.kind === 'message-deleted') {
          const message = messages.get(change.messageId ?? '');
          if (!message) {
            continue;
          }
          replay.push(
            change.kind === 'message-posted'
              ? { seq: seqOf, kind: 'message-posted', message }
              : { seq: seqOf, kind: 'message-deleted', sessionId, messageId: message.id },
          );
        } else if (change.kind === 'question-asked' || change.kind === 'question-updated') {
          // Poll changes are added by the polls feature (LiveJoinParts).
          const question = questions.get(change.questionId ?? '');
          if (question) {
            replay.push({ seq: seqOf, kind: change.kind, question });
          }
        }
      }
      const questionOrder = questionIds.filter((id) => questions.has(id)).map((id) => questions.get(id)!);
      return { seq, messages: [...messages.values()], questions: questionOrder, changes: replay };
    });
  }

  /** Moderators mark a session live or ended (and open or close its Q&A). */
  async setStatus(actor: LiveAuthor, input: SetSessionStatusPayload): Promise<LiveSession> {
    const access = await this.authorize(actor.id, input.sessionId);
    requireModerator(access);
    const view = await this.sessions.setLiveStatus(
      access.session.eventId,
      input.sessionId,
      { status: input.status, ...(input.qaOpen !== undefined ? { qaOpen: input.qaOpen } : {}) },
      actor.id,
    );
    return view as unknown as LiveSession;
  }
}
