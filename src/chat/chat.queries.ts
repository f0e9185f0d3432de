import { all, allCached, get, LiveOp, placeholders, run } from '../realtime/live-db';
import { cachedRead, liveRow } from '../realtime/live-rows';
import type { ChatMessageRow } from './chat-message.view';

const MESSAGE_ROW = liveRow<ChatMessageRow>('chat_messages', {
  id: 'text',
  sessionId: 'text',
  eventId: 'text',
  authorId: 'text?',
  authorName: 'text',
  clientId: 'text',
  seq: 'number',
  text: 'text?',
  deletedAt: 'text?',
  deletedById: 'text?',
  createdAt: 'text',
});
const MESSAGE = MESSAGE_ROW.list();

/** A new message: every column but the deletion's. */
type NewMessage = Omit<ChatMessageRow, 'deletedAt' | 'deletedById'>;
const NEW_MESSAGE_ROW = liveRow<NewMessage>('chat_messages', {
  id: 'text',
  sessionId: 'text',
  eventId: 'text',
  authorId: 'text?',
  authorName: 'text',
  clientId: 'text',
  seq: 'number',
  text: 'text?',
  createdAt: 'text',
});

// Kept between joiners while no message changes: a join storm reads them once.
const LATEST_MESSAGES = cachedRead(
  ['chat_messages'],
  `SELECT ${MESSAGE} FROM chat_messages WHERE "sessionId" = ? ORDER BY "seq" DESC LIMIT ?`,
);

export function* findMessage(id: string): LiveOp<ChatMessageRow | undefined> {
  return yield* get<ChatMessageRow>(`SELECT ${MESSAGE} FROM chat_messages WHERE "id" = ?`, id);
}

/** The message an author sent with this `clientId` (a resend returns it instead of posting twice). */
export function* findMessageByClientId(
  authorId: string,
  clientId: string,
): LiveOp<ChatMessageRow | undefined> {
  return yield* get<ChatMessageRow>(
    `SELECT ${MESSAGE} FROM chat_messages WHERE "authorId" = ? AND "clientId" = ?`,
    authorId,
    clientId,
  );
}

export function* insertMessage(message: NewMessage): LiveOp<void> {
  yield* run(
    `INSERT INTO chat_messages (${NEW_MESSAGE_ROW.list()}) VALUES (${NEW_MESSAGE_ROW.values})`,
    message.id,
    message.sessionId,
    message.eventId,
    message.authorId,
    message.authorName,
    message.clientId,
    message.seq,
    message.text,
    message.createdAt,
  );
}

export function* markMessageDeleted(id: string, deletedById: string, now: string): LiveOp<void> {
  yield* run(
    `UPDATE chat_messages SET "deletedAt" = ?, "deletedById" = ? WHERE "id" = ?`,
    now,
    deletedById,
    id,
  );
}

/** Up to `limit` messages of a session with a seq greater than `after`, oldest first. */
export function* messagesAfter(sessionId: string, after: number, limit: number): LiveOp<ChatMessageRow[]> {
  return yield* all<ChatMessageRow>(
    `SELECT ${MESSAGE} FROM chat_messages WHERE "sessionId" = ? AND "seq" > ? ORDER BY "seq" LIMIT ?`,
    sessionId,
    after,
    limit,
  );
}

export function* allMessages(sessionId: string): LiveOp<ChatMessageRow[]> {
  return yield* all<ChatMessageRow>(
    `SELECT ${MESSAGE} FROM chat_messages WHERE "sessionId" = ? ORDER BY "seq"`,
    sessionId,
  );
}

/** The last `limit` messages of a session, newest first (kept: never change the rows). */
export function* latestMessages(sessionId: string, limit: number): LiveOp<readonly ChatMessageRow[]> {
  return yield* allCached<ChatMessageRow>(LATEST_MESSAGES, sessionId, limit);
}

export function* messagesByIds(ids: readonly string[]): LiveOp<ChatMessageRow[]> {
  return yield* all<ChatMessageRow>(
    `SELECT ${MESSAGE} FROM chat_messages WHERE "id" IN (${placeholders(ids.length)})`,
    ...ids,
  );
}
