/**
 * The Socket.IO contract of namespace `/live`, shared by the server and the browser client (which imports it
 * with `import type`). Type-only: nothing here exists at run time. docs/realtime.md describes every event and
 * a test keeps it in step with this file.
 */
import type { ErrorCode } from '../common/errors/error-codes';

export type { ErrorCode };

/** Every command's acknowledgement: the result, or an error with the same codes as REST. */
export type Ack<T> =
  { data: T } | { error: { code: ErrorCode; message: string; details?: Record<string, unknown> } };

export type AckCallback<T> = (response: Ack<T>) => void;

export interface LiveAuthor {
  id: string;
  name: string;
}

export type LiveStatus = 'upcoming' | 'live' | 'ended';

/**
 * The session as the agenda publishes it (`GET /events/:slug/sessions/:id`, UTC times); the fields the live
 * room depends on are typed here, the rest (room, track, participants, …) pass through.
 */
export interface LiveSession {
  id: string;
  eventId: string;
  title: string;
  kind: string;
  startsAt: string;
  endsAt: string;
  /** `scheduled` or `cancelled`. */
  status: string;
  liveStatus: LiveStatus;
  chatEnabled: boolean;
  /** `open` is false once a moderator closed Q&A or the session ended (asking refused). */
  qa: { enabled: boolean; moderated: boolean; open: boolean };
  /** The language served for the session's texts (else the original's). */
  lang?: string | null;
  /**
   * Only in `session:updated`: every translation, by language and field (`{ zh: { title } }`), here and on
   * the room, track, each participant and organisation; the fields themselves hold the originals.
   */
  translations?: Record<string, Record<string, string | string[]>>;
  [extra: string]: unknown;
}

/** A chat message as posted. */
export interface ChatMessage {
  id: string;
  sessionId: string;
  seq: number;
  author: LiveAuthor;
  text: string;
  deleted: false;
  createdAt: string;
}

/** What remains of a message a moderator deleted (REST history and resume). */
export interface DeletedChatMessage {
  id: string;
  sessionId: string;
  seq: number;
  author: null;
  text: null;
  deleted: true;
  createdAt: string;
}

export type ChatMessageView = ChatMessage | DeletedChatMessage;

export type QuestionStatus = 'pending' | 'visible' | 'answered' | 'dismissed';

export type ModerateAction = 'approve' | 'dismiss' | 'answer' | 'pin' | 'unpin' | 'reopen';

/**
 * A question as one viewer may see it. `author` is null for anonymous questions except to moderators,
 * organizers and the asker themself (who thus knows the question is theirs). `seq` is the seq of the
 * question's latest durable change.
 */
export interface Question {
  id: string;
  sessionId: string;
  seq: number;
  text: string;
  author: LiveAuthor | null;
  anonymous: boolean;
  status: QuestionStatus;
  pinned: boolean;
  votes: number;
  /** Only to moderators and the asker: why a moderator dismissed it. */
  dismissReason?: string | null;
  /** Per viewer, in join snapshots and REST lists only: whether this viewer upvoted it. */
  voted?: boolean;
  createdAt: string;
  updatedAt: string;
}

/** One durable change of a session, as replayed by `session:join { after }` (current state of its subject). */
export type LiveChange =
  | { seq: number; kind: 'message-posted'; message: ChatMessageView }
  | { seq: number; kind: 'message-deleted'; sessionId: string; messageId: string }
  | { seq: number; kind: 'question-asked'; question: Question }
  | { seq: number; kind: 'question-updated'; question: Question }
  | { seq: number; kind: 'poll-opened'; poll: Poll }
  | { seq: number; kind: 'poll-closed'; poll: Poll; results?: PollResults };

// ---- polls and reactions ----

export type PollKind = 'single' | 'multiple' | 'rating' | 'text';
export type PollStatus = 'draft' | 'open' | 'closed';
/** Who sees results when: everyone live, voters once they voted, everyone once closed, or moderators only. */
export type PollResultsVisibility = 'live' | 'after-vote' | 'after-close' | 'moderators';

export interface Poll {
  id: string;
  sessionId: string;
  question: string;
  kind: PollKind;
  /** Single and multiple choice only. */
  options?: string[];
  /** Multiple choice only: at most this many options per vote. */
  maxChoices?: number;
  /** Rating only: votes are 1..scale. */
  scale?: number;
  anonymous: boolean;
  showResults: PollResultsVisibility;
  status: PollStatus;
  openedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One voter's current vote (the fields of its poll's kind). */
export interface PollVote {
  choices?: number[];
  rating?: number;
  text?: string;
  clientId: string;
  createdAt: string;
  updatedAt: string;
}

/** The tally as `poll:results` carries it. */
export interface PollTally {
  pollId: string;
  sessionId: string;
  voters: number;
  options?: Array<{ index: number; text: string; votes: number }>;
  rating?: { average: number | null; histogram: number[] };
  /** Text polls: the most frequent words of the answers (at most 60), stop words of en/zh/ru left out. */
  words?: Array<{ word: string; count: number }>;
}

/** Results as REST and snapshots give them. `answers` (text polls) go to moderators only. */
export interface PollResults extends PollTally {
  status: PollStatus;
  answers?: Array<{ text: string; createdAt: string; voter?: LiveAuthor }>;
}

/** A poll in the join snapshot: the user's own vote (or null) and the results when the user may see them. */
export interface PollEntry {
  poll: Poll;
  vote: PollVote | null;
  results?: PollResults;
}

export type ReactionEmoji = '👏' | '❤️' | '😂' | '😮' | '👍' | '🎉';

export interface PollRefPayload {
  pollId: string;
}
export interface PollVotePayload {
  pollId: string;
  /** Single (exactly one) and multiple choice (1..maxChoices, distinct): option indexes from 0. */
  choices?: number[];
  /** Rating polls: 1..scale. */
  rating?: number;
  /** Text polls: 1–200 characters. */
  text?: string;
  /** A UUID per vote; a resend (of this or of an older vote) changes nothing and returns the current vote. */
  clientId: string;
}
export interface ReactionPayload {
  sessionId: string;
  emoji: ReactionEmoji;
}
export interface PollResult {
  poll: Poll;
}
export interface PollVoteResult {
  pollId: string;
  vote: PollVote;
}
export interface PollOpenedPayload {
  seq: number;
  poll: Poll;
}
export interface PollClosedPayload {
  seq: number;
  poll: Poll;
  /** Only to those who may see this poll's results once it is closed (moderators always). */
  results?: PollResults;
}
export interface ReactionBurstPayload {
  sessionId: string;
  counts: Partial<Record<ReactionEmoji, number>>;
}

export type LiveRole = 'attendee' | 'speaker' | 'moderator' | 'organizer';

// ---- command payloads (client → server) ----

export interface JoinSessionPayload {
  sessionId: string;
  /** The last seq the client saw: the ack then carries the changes since, in order. */
  after?: number;
}
export interface SessionRefPayload {
  sessionId: string;
}
export interface SendChatPayload {
  sessionId: string;
  text: string;
  /** A UUID chosen by the client; a resend with the same one returns the original message. */
  clientId: string;
}
export interface DeleteChatPayload {
  messageId: string;
}
export interface AskQuestionPayload {
  sessionId: string;
  text: string;
  anonymous?: boolean;
  clientId: string;
}
export interface VotePayload {
  questionId: string;
}
export interface ModerateQuestionPayload {
  questionId: string;
  action: ModerateAction;
  /** Only with `dismiss`: shown to the asker. */
  reason?: string;
}
export interface MutePayload {
  sessionId: string;
  userId: string;
  /** 1 to 1440. */
  minutes: number;
}
export interface UnmutePayload {
  sessionId: string;
  userId: string;
}
export interface BanPayload {
  eventSlug: string;
  userId: string;
}
export interface SetSessionStatusPayload {
  sessionId: string;
  status: 'live' | 'ended';
  qaOpen?: boolean;
}

// ---- command results (the `data` of the ack) ----

export interface JoinSessionResult {
  session: LiveSession;
  /** Without `after`: the last 100 messages, oldest first. With `after`: messages posted since, current state. */
  messages: ChatMessageView[];
  /** Without `after`: every question this user may see. With `after`: those changed since, current state. */
  questions: Question[];
  presence: PresencePayload;
  /** The session's current seq: pass it back as `after` when rejoining. */
  seq: number;
  /** The caller's role in this session (moderators see pending questions and authors). */
  role: LiveRole;
  /** Set while the caller is muted in this session. */
  mutedUntil: string | null;
  /** The open poll and the closed ones (never drafts, except to moderators, who get every poll). */
  polls: PollEntry[];
  /** Only with `after`: every change since, in seq order (changes this user may not see are left out). */
  changes?: LiveChange[];
  /** Only with `after`, when more than 1,000 changes were missed: reload through REST instead. */
  truncated?: true;
}
export type EmptyResult = Record<string, never>;
export interface MessageResult {
  /** A resend of a message a moderator deleted since answers its deleted form. */
  message: ChatMessageView;
}
export interface QuestionResult {
  question: Question;
}
export interface VoteResult {
  questionId: string;
  votes: number;
}
export interface SessionResult {
  session: LiveSession;
}

// ---- server → client payloads ----

export interface MessagePostedPayload {
  message: ChatMessage;
}
export interface MessageDeletedPayload {
  sessionId: string;
  messageId: string;
  seq: number;
}
export interface QuestionPayload {
  question: Question;
}
export interface VotesChangedPayload {
  sessionId: string;
  votes: Array<{ questionId: string; votes: number }>;
}
export interface PresencePayload {
  sessionId: string;
  count: number;
}
export interface SessionUpdatedPayload {
  /** Original texts plus `translations` of each: the client picks its language (docs/realtime.md). */
  session: LiveSession;
}
export interface BannedPayload {
  eventId: string;
  eventSlug: string;
}
export interface MutedPayload {
  sessionId: string;
  /** Null when a moderator lifted the mute. */
  mutedUntil: string | null;
}
/** Declarations: an organizer verified an endorsement (a counter during the launch ceremony). */
export interface DeclarationEndorsedPayload {
  declarationId: string;
  /** Verified endorsements not withdrawn, after this one. */
  endorsements: number;
  organization: { name: string };
}
export interface ShutdownPayload {
  /** Reconnect after about this long (with jitter): another node or the restarted one will answer. */
  reconnectAfterMs: number;
}

export interface ClientToServerEvents {
  'session:join': (payload: JoinSessionPayload, ack: AckCallback<JoinSessionResult>) => void;
  'session:leave': (payload: SessionRefPayload, ack: AckCallback<EmptyResult>) => void;
  'chat:send': (payload: SendChatPayload, ack: AckCallback<MessageResult>) => void;
  'chat:delete': (payload: DeleteChatPayload, ack: AckCallback<EmptyResult>) => void;
  'qa:ask': (payload: AskQuestionPayload, ack: AckCallback<QuestionResult>) => void;
  'qa:upvote': (payload: VotePayload, ack: AckCallback<VoteResult>) => void;
  'qa:unvote': (payload: VotePayload, ack: AckCallback<VoteResult>) => void;
  'qa:moderate': (payload: ModerateQuestionPayload, ack: AckCallback<QuestionResult>) => void;
  'moderation:mute': (payload: MutePayload, ack: AckCallback<EmptyResult>) => void;
  'moderation:unmute': (payload: UnmutePayload, ack: AckCallback<EmptyResult>) => void;
  'moderation:ban': (payload: BanPayload, ack: AckCallback<EmptyResult>) => void;
  'moderation:unban': (payload: BanPayload, ack: AckCallback<EmptyResult>) => void;
  'session:set-status': (payload: SetSessionStatusPayload, ack: AckCallback<SessionResult>) => void;
  'poll:open': (payload: PollRefPayload, ack: AckCallback<PollResult>) => void;
  'poll:close': (payload: PollRefPayload, ack: AckCallback<PollResult>) => void;
  'poll:vote': (payload: PollVotePayload, ack: AckCallback<PollVoteResult>) => void;
  'reaction:send': (payload: ReactionPayload, ack: AckCallback<EmptyResult>) => void;
}

export interface ServerToClientEvents {
  'chat:message-posted': (payload: MessagePostedPayload) => void;
  'chat:message-deleted': (payload: MessageDeletedPayload) => void;
  'qa:question-asked': (payload: QuestionPayload) => void;
  'qa:question-updated': (payload: QuestionPayload) => void;
  'qa:votes-changed': (payload: VotesChangedPayload) => void;
  'session:presence': (payload: PresencePayload) => void;
  'session:updated': (payload: SessionUpdatedPayload) => void;
  /** To the banned user's own sockets, just before the server disconnects them. */
  'moderation:banned': (payload: BannedPayload) => void;
  /** To the muted user's sockets in that session. */
  'moderation:muted': (payload: MutedPayload) => void;
  /** To every session room of the event when an endorsement of one of its declarations is verified. */
  'declaration:endorsed': (payload: DeclarationEndorsedPayload) => void;
  /** The server is going down: reconnect (with jitter) and rejoin with `after`. */
  'server:shutdown': (payload: ShutdownPayload) => void;
  'poll:opened': (payload: PollOpenedPayload) => void;
  'poll:closed': (payload: PollClosedPayload) => void;
  /** Coalesced (at most 2 a second per poll), only to those who may see the results now. */
  'poll:results': (payload: PollTally) => void;
  /** At most one a second per session: the reactions since the last one. */
  'reaction:burst': (payload: ReactionBurstPayload) => void;
}

export type ClientEventName = keyof ClientToServerEvents;
export type ServerEventName = keyof ServerToClientEvents;

/** What the handshake stores on each socket. */
export interface SocketData {
  user: LiveAuthor & { email: string };
  /** Sessions this socket joined, with their event (for per-event bans). */
  sessions: Record<string, { eventId: string }>;
  /**
   * The languages of the texts in `session:join`'s `session`, most wanted first: the handshake's `auth.lang`,
   * the account's saved locale, the handshake's `Accept-Language` (see ws-auth.middleware.ts).
   */
  languages: string[];
}
