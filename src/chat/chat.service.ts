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
import type { ChatMessage, ChatMessageView, LiveAuthor } from '../realtime/realtime.contract';
import './chat.events';
import { ChatMessageRow, toChatMessage } from './chat-message.view';
import {
  allMessages,
  findMessage,
  findMessageByClientId,
  insertMessage,
  markMessageDeleted,
  messagesAfter,
} from './chat.queries';

export const CHAT_RATE = { name: 'chat', limit: 10, windowMs: 10_000 };

export function chatClosedReason(access: LiveAccess): string | null {
  if (!access.session.chatEnabled) {
    return 'Chat is disabled for this session';
  }
  return sessionOverReason(access.session);
}

@Injectable()
export class ChatService {
  constructor(
    private readonly db: LiveDb,
    private readonly events: DomainEvents,
    private readonly limiter: RateLimiter,
  ) {}

  /** Persists a message (seq allocated in the same transaction) and answers it once committed. */
  async send(
    author: LiveAuthor,
    input: { sessionId: string; text: string; clientId: string },
    inSession?: JoinedCheck,
  ): Promise<ChatMessageView> {
    assertJoined(inSession, input.sessionId);
    await this.limiter.consume(CHAT_RATE, author.id);
    let result: { message: ChatMessageView; eventId: string; created: boolean };
    try {
      result = await this.db.sessionWrite(input.sessionId, author.id, () => this.sendOp(author, input));
    } catch (error) {
      // Two sends with one clientId raced on different connections: the loser returns the winner's row.
      if (!isUniqueViolation(error)) {
        throw error;
      }
      const existing = await this.db.read(() => findMessageByClientId(author.id, input.clientId));
      if (!existing) {
        throw error;
      }
      return toChatMessage(existing);
    }
    if (result.created) {
      this.events.emit('chat.message-posted', {
        eventId: result.eventId,
        message: result.message as ChatMessage,
      });
    }
    return result.message;
  }

  private *sendOp(
    author: LiveAuthor,
    input: { sessionId: string; text: string; clientId: string },
  ): LiveOp<{ message: ChatMessageView; eventId: string; created: boolean }> {
    const existing = yield* findMessageByClientId(author.id, input.clientId);
    if (existing) {
      return { message: toChatMessage(existing), eventId: existing.eventId, created: false };
    }
    const access = yield* loadAccess(input.sessionId, author.id);
    requireNotMuted(access);
    const closed = chatClosedReason(access);
    if (closed && !access.isModerator) {
      throw new DomainError('CHAT_CLOSED', closed);
    }
    const now = new Date().toISOString();
    const id = newId();
    const seq = yield* appendChange(input.sessionId, 'message-posted', { messageId: id }, now);
    const authorName = author.name.slice(0, 120);
    yield* insertMessage({
      id,
      sessionId: input.sessionId,
      eventId: access.session.eventId,
      authorId: author.id,
      authorName,
      clientId: input.clientId,
      seq,
      text: input.text,
      createdAt: now,
    });
    const message: ChatMessage = {
      id,
      sessionId: input.sessionId,
      seq,
      author: { id: author.id, name: authorName },
      text: input.text,
      deleted: false,
      createdAt: now,
    };
    return { message, eventId: access.session.eventId, created: true };
  }

  /** Moderators only. Deleting an already deleted message changes nothing and is not an error. */
  async remove(actorId: string, messageId: string, inSession?: JoinedCheck): Promise<void> {
    const result = await this.db.write(() => this.removeOp(actorId, messageId, inSession));
    if (result) {
      this.events.emit('chat.message-deleted', result);
    }
  }

  private *removeOp(
    actorId: string,
    messageId: string,
    inSession?: JoinedCheck,
  ): LiveOp<{ eventId: string; sessionId: string; messageId: string; seq: number } | null> {
    const message = yield* findMessage(messageId);
    if (!message) {
      throw new DomainError('MESSAGE_NOT_FOUND', 'No such message was found');
    }
    assertJoined(inSession, message.sessionId);
    const access = yield* loadAccess(message.sessionId, actorId);
    requireModerator(access);
    if (message.deletedAt) {
      return null;
    }
    const now = new Date().toISOString();
    const seq = yield* appendChange(message.sessionId, 'message-deleted', { messageId }, now);
    yield* markMessageDeleted(messageId, actorId, now);
    yield* insertAuditEntry({
      eventId: message.eventId,
      actorId,
      action: 'chat.deleted',
      targetType: 'chat_message',
      targetId: messageId,
      details: { sessionId: message.sessionId, authorId: message.authorId, text: message.text },
      now,
    });
    return { eventId: message.eventId, sessionId: message.sessionId, messageId, seq };
  }

  /** History, oldest first: messages with a seq greater than `after`. */
  async history(
    viewerId: string,
    sessionId: string,
    eventSlug: string,
    page: { after: number; limit: number },
  ): Promise<{ items: ChatMessageView[]; nextCursor?: string }> {
    const rows = await this.db.read(function* () {
      yield* loadAccess(sessionId, viewerId, eventSlug);
      return yield* messagesAfter(sessionId, page.after, page.limit + 1);
    });
    const items = rows.slice(0, page.limit).map(toChatMessage);
    return rows.length > page.limit ? { items, nextCursor: String(items[items.length - 1].seq) } : { items };
  }

  /** Every message of a session for the CSV export (moderators and organizers, checked by the caller). */
  async allForExport(eventId: string, sessionId: string): Promise<ChatMessageRow[]> {
    return this.db.read(function* () {
      yield* requireSessionInEvent(eventId, sessionId);
      return yield* allMessages(sessionId);
    });
  }
}
