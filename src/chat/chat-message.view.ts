import type { ChatMessage, ChatMessageView } from '../realtime/realtime.contract';

/** A `chat_messages` row as read by raw SQL (its columns are declared in chat.queries.ts). */
export interface ChatMessageRow {
  id: string;
  sessionId: string;
  eventId: string;
  authorId: string | null;
  authorName: string;
  clientId: string;
  seq: number | string;
  text: string | null;
  deletedAt: string | null;
  deletedById: string | null;
  createdAt: string;
}

export function toChatMessage(row: ChatMessageRow): ChatMessageView {
  if (row.deletedAt) {
    return {
      id: row.id,
      sessionId: row.sessionId,
      seq: Number(row.seq),
      author: null,
      text: null,
      deleted: true,
      createdAt: row.createdAt,
    };
  }
  return {
    id: row.id,
    sessionId: row.sessionId,
    seq: Number(row.seq),
    author: { id: row.authorId ?? '', name: row.authorName },
    text: row.text ?? '',
    deleted: false,
    createdAt: row.createdAt,
  } satisfies ChatMessage;
}
