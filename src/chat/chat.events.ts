import type { ChatMessage } from '../realtime/realtime.contract';

declare module '../common/domain-events/domain-events' {
  interface DomainEventMap {
    /** A chat message was committed (the broadcast listener sends `chat:message-posted`). */
    'chat.message-posted': { eventId: string; message: ChatMessage };
    /** A moderator deleted a message (committed with its own seq). */
    'chat.message-deleted': { eventId: string; sessionId: string; messageId: string; seq: number };
  }
}

export {};
