import { localizeContent } from '../api/localize';
import type { RealtimeClient } from '../realtime/realtime-client';
import type {
  JoinSessionResult,
  LiveChange,
  LiveRole,
  LiveSession,
  ReactionBurstPayload,
} from '../realtime/contract';
import { PollsStore } from './polls.store';
import { ChatStore } from './chat.store';
import { createPresenceStore } from './presence.store';
import { QuestionsStore } from './questions.store';
import { createStore, type Store, type Unsubscribe } from './store';

export interface LiveEvents {
  onMessage?: (text: string, authorName: string, mine: boolean) => void;
  onQuestion?: (text: string) => void;
  onBanned?: () => void;
  onRejoinError?: (code: string) => void;
  onPollOpened?: (question: string) => void;
  onPollClosed?: (question: string) => void;
}

/**
 * Everything live about one session: chat, questions, presence, the session's status and the caller's
 * role, kept current from notifications and caught up after a reconnect from `after: lastSeq`.
 */
export class LiveSessionStore {
  readonly chat = new ChatStore();
  readonly questions = new QuestionsStore();
  readonly polls = new PollsStore();
  /** The latest `reaction:burst` of the session (null before the first). */
  readonly reactions: Store<ReactionBurstPayload | null> = createStore<ReactionBurstPayload | null>(null);
  readonly presence = createPresenceStore();
  readonly session: Store<LiveSession | null> = createStore<LiveSession | null>(null);
  readonly role: Store<LiveRole> = createStore<LiveRole>('attendee');
  readonly mutedUntil: Store<string | null> = createStore<string | null>(null);
  private lastSeq: number | undefined;
  private readonly unsubscribes: Unsubscribe[] = [];

  readonly sessionId: string;
  private readonly userId: string | null;
  private readonly events: LiveEvents;
  /** The UI language: `session:updated` carries every translation, and the store keeps this one's texts. */
  private readonly locale: string;

  constructor(sessionId: string, userId: string | null, events: LiveEvents = {}, locale = 'en') {
    this.sessionId = sessionId;
    this.userId = userId;
    this.events = events;
    this.locale = locale;
  }

  get seq(): number | undefined {
    return this.lastSeq;
  }

  private seen(seq: number): void {
    this.lastSeq = this.lastSeq === undefined ? seq : Math.max(this.lastSeq, seq);
  }

  /** Applies a join answer: a full snapshot, or (rejoin with `after`) the changes since. */
  applyJoin(result: JoinSessionResult, rejoin: boolean): void {
    this.session.set(result.session);
    this.role.set(result.role);
    this.mutedUntil.set(result.mutedUntil);
    this.presence.set(result.presence.count);
    this.polls.reset(result.polls ?? []);
    if (rejoin && result.changes) {
      for (const change of result.changes) {
        this.applyChange(change);
      }
      for (const message of result.messages) {
        this.chat.upsert(message);
      }
      for (const question of result.questions) {
        this.questions.upsert(question);
      }
    } else {
      // Notifications that overtook the snapshot (seq above it) survive the reset.
      const newerMessages = this.chat.messages.get().filter((message) => message.seq > result.seq);
      const newerQuestions = this.questions.questions.get().filter((question) => question.seq > result.seq);
      this.chat.reset(result.messages);
      this.questions.reset(result.questions);
      newerMessages.forEach((message) => this.chat.upsert(message));
      newerQuestions.forEach((question) => this.questions.upsert(question));
    }
    this.lastSeq = Math.max(result.seq, this.lastSeq ?? 0);
  }

  applyChange(change: LiveChange): void {
    switch (change.kind) {
      case 'message-posted':
        this.chat.upsert(change.message);
        break;
      case 'message-deleted':
        this.chat.markDeleted(change.messageId, change.seq);
        break;
      case 'question-asked':
      case 'question-updated':
        this.questions.upsert(change.question);
        break;
      case 'poll-opened':
        this.polls.upsertPoll(change.poll);
        break;
      case 'poll-closed':
        this.polls.upsertPoll(change.poll, change.results);
        break;
    }
    this.seen(change.seq);
  }

  /** Joins through the realtime client and follows the session's notifications until `close()`. */
  async connect(client: RealtimeClient): Promise<JoinSessionResult> {
    const mine = (sessionId: string) => sessionId === this.sessionId;
    this.unsubscribes.push(
      client.on('chat:message-posted', ({ message }) => {
        if (!mine(message.sessionId)) {
          return;
        }
        this.seen(message.seq);
        if (this.chat.upsert(message)) {
          this.events.onMessage?.(message.text, message.author.name, message.author.id === this.userId);
        }
      }),
      client.on('chat:message-deleted', (payload) => {
        if (mine(payload.sessionId)) {
          this.seen(payload.seq);
          this.chat.markDeleted(payload.messageId, payload.seq);
        }
      }),
      client.on('qa:question-asked', ({ question }) => {
        if (mine(question.sessionId)) {
          this.seen(question.seq);
          if (this.questions.upsert(question) && question.author?.id !== this.userId) {
            this.events.onQuestion?.(question.text);
          }
        }
      }),
      client.on('qa:question-updated', ({ question }) => {
        if (mine(question.sessionId)) {
          this.seen(question.seq);
          this.questions.upsert(question);
        }
      }),
      client.on('qa:votes-changed', (payload) => {
        if (mine(payload.sessionId)) {
          this.questions.setVotes(payload.votes);
        }
      }),
      client.on('session:presence', (payload) => {
        if (mine(payload.sessionId)) {
          this.presence.set(payload.count);
        }
      }),
      client.on('session:updated', ({ session }) => {
        if (session.id === this.sessionId) {
          this.session.set(localizeContent(session, this.locale));
        }
      }),
      client.on('moderation:muted', (payload) => {
        if (mine(payload.sessionId)) {
          this.mutedUntil.set(payload.mutedUntil);
        }
      }),
      client.on('moderation:banned', () => this.events.onBanned?.()),
      client.on('poll:opened', ({ seq, poll }) => {
        if (mine(poll.sessionId)) {
          this.seen(seq);
          this.polls.upsertPoll(poll);
          this.events.onPollOpened?.(poll.question);
        }
      }),
      client.on('poll:closed', ({ seq, poll, results }) => {
        if (mine(poll.sessionId)) {
          this.seen(seq);
          this.polls.upsertPoll(poll, results);
          this.events.onPollClosed?.(poll.question);
        }
      }),
      client.on('poll:results', (tally) => {
        if (mine(tally.sessionId)) {
          this.polls.setResults(tally);
        }
      }),
      client.on('reaction:burst', (burst) => {
        if (mine(burst.sessionId)) {
          this.reactions.set(burst);
        }
      }),
    );
    const result = await client.joinSession(this.sessionId, {
      lastSeq: () => this.lastSeq,
      onJoined: (answer, rejoin) => {
        if (answer.truncated) {
          // Too much was missed: start again from a fresh snapshot.
          this.lastSeq = undefined;
          void client
            .request('session:join', { sessionId: this.sessionId })
            .then((fresh) => this.applyJoin(fresh, false));
          return;
        }
        this.applyJoin(answer, rejoin);
      },
      onRejoinError: (error) => this.events.onRejoinError?.(error.code),
    });
    this.applyJoin(result, false);
    return result;
  }

  close(client: RealtimeClient): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) {
      unsubscribe();
    }
    void client.leaveSession(this.sessionId);
  }
}
