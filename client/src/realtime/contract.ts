/**
 * The /live contract, shared with the server (type-only: nothing of the server reaches the bundle).
 */
export type {
  Ack,
  AckCallback,
  ChatMessage,
  ChatMessageView,
  ClientToServerEvents,
  JoinSessionResult,
  LiveChange,
  LiveRole,
  LiveSession,
  ModerateAction,
  Poll,
  PollEntry,
  PollKind,
  PollResults,
  PollResultsVisibility,
  PollTally,
  PollVote,
  ReactionBurstPayload,
  ReactionEmoji,
  Question,
  QuestionStatus,
  ServerToClientEvents,
} from '../../../src/realtime/realtime.contract';
