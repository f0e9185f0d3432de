import type { ChatMessageView } from '../realtime/contract';
import { createStore, type Store } from './store';

/** The chat of one session, oldest first, de-duplicated by id (broadcasts reach the sender too). */
export class ChatStore {
  readonly messages: Store<readonly ChatMessageView[]> = createStore<readonly ChatMessageView[]>([]);
  private readonly byId = new Map<string, ChatMessageView>();
  private readonly limit: number;

  constructor(limit = 500) {
    this.limit = limit;
  }

  reset(messages: readonly ChatMessageView[]): void {
    this.byId.clear();
    for (const message of messages) {
      this.byId.set(message.id, message);
    }
    this.publish();
  }

  /** Adds or replaces a message; returns whether it was new. A stale copy never overwrites a newer one. */
  upsert(message: ChatMessageView): boolean {
    const existing = this.byId.get(message.id);
    if (existing && (existing.deleted || existing.seq > message.seq)) {
      return false;
    }
    this.byId.set(message.id, message);
    this.publish();
    return existing === undefined;
  }

  markDeleted(messageId: string, seq: number): void {
    const existing = this.byId.get(messageId);
    if (!existing || existing.deleted) {
      return;
    }
    this.byId.set(messageId, {
      id: existing.id,
      sessionId: existing.sessionId,
      seq: Math.max(seq, existing.seq),
      author: null,
      text: null,
      deleted: true,
      createdAt: existing.createdAt,
    });
    this.publish();
  }

  has(messageId: string): boolean {
    return this.byId.has(messageId);
  }

  private publish(): void {
    // Ordered by creation (seq of the posting); a deletion keeps the message in place.
    const sorted = [...this.byId.values()].sort(
      (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
    );
    const kept = sorted.length > this.limit ? sorted.slice(sorted.length - this.limit) : sorted;
    if (kept.length < sorted.length) {
      for (const dropped of sorted.slice(0, sorted.length - this.limit)) {
        this.byId.delete(dropped.id);
      }
    }
    this.messages.set(kept);
  }
}
