import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { logger } from '../logging/json-logger';

/**
 * In-process domain events: services announce what happened, listeners (the Socket.IO broadcaster,
 * notifications, metrics) react. Features add their events to this map, so every emit and every listener
 * is type-checked. Payloads are plain data, ready to serialise.
 */
export type DomainEventName = keyof DomainEventMap;
type Listener<K extends DomainEventName> = (payload: DomainEventMap[K]) => void | Promise<void>;
/** What a transactional listener does once the change has committed (announce rows it wrote, say). */
export type AfterCommit = () => void;
type TransactionalListener<K extends DomainEventName> = (
  manager: EntityManager,
  payload: DomainEventMap[K],
) => Promise<AfterCommit | void>;

@Injectable()
export class DomainEvents {
  private readonly listeners = new Map<DomainEventName, Set<Listener<DomainEventName>>>();
  private readonly transactional = new Map<DomainEventName, Set<TransactionalListener<DomainEventName>>>();

  on<K extends DomainEventName>(name: K, listener: Listener<K>): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    // Stored untyped; emit() only ever passes each listener the payload of the name it registered for.
    const stored = listener as unknown as Listener<DomainEventName>;
    set.add(stored);
    return () => set.delete(stored);
  }

  /**
   * A listener whose writes must commit or roll back with the change itself (the mails a change causes): it
   * runs inside the change's transaction, through `emitWithin`, and may return what to do after the commit.
   */
  onWithin<K extends DomainEventName>(name: K, listener: TransactionalListener<K>): () => void {
    let set = this.transactional.get(name);
    if (!set) {
      set = new Set();
      this.transactional.set(name, set);
    }
    const stored = listener as unknown as TransactionalListener<DomainEventName>;
    set.add(stored);
    return () => set.delete(stored);
  }

  /**
   * Runs the transactional listeners in turn with the caller's transaction. A failure is thrown, so the whole
   * change rolls back. The result runs their after-commit parts; call it only once the transaction committed.
   */
  async emitWithin<K extends DomainEventName>(
    manager: EntityManager,
    name: K,
    payload: DomainEventMap[K],
  ): Promise<AfterCommit> {
    const afterCommit: AfterCommit[] = [];
    for (const listener of this.transactional.get(name) ?? []) {
      const after = await listener(manager, payload);
      if (after) {
        afterCommit.push(after);
      }
    }
    return () => {
      for (const after of afterCommit) {
        try {
          after();
        } catch (error) {
          this.onListenerError(name, error);
        }
      }
    };
  }

  /**
   * Runs listeners synchronously in registration order. A failing listener is reported and never undoes the
   * change that was already committed.
   */
  emit<K extends DomainEventName>(name: K, payload: DomainEventMap[K]): void {
    const set = this.listeners.get(name);
    if (!set) {
      return;
    }
    for (const listener of set) {
      try {
        const result = listener(payload);
        if (result instanceof Promise) {
          result.catch((error: unknown) => this.onListenerError(name, error));
        }
      } catch (error) {
        this.onListenerError(name, error);
      }
    }
  }

  private onListenerError(name: string, error: unknown): void {
    logger.error('domain event listener failed', {
      event: name,
      error: error instanceof Error ? { message: error.message, stack: error.stack } : String(error),
    });
  }
}

/** Domain events shared across features. Features may add more with `declare module` augmentation. */
export interface DomainEventMap {
  /**
   * A session of an event changed. `kind` follows the programme change log; `published` tells whether the
   * programme was public (only then are attendees notified).
   */
  'programme.session-changed': {
    eventId: string;
    sessionId: string;
    kind: 'added' | 'moved' | 'room-changed' | 'updated' | 'cancelled' | 'removed' | 'live-status';
    summary: string;
    published: boolean;
  };
  /** A change notice was stored for a user (registrations feature); realtime delivers it live. */
  'notification.created': {
    userId: string;
    eventId: string;
    sessionId: string | null;
    notificationId: string;
  };
  /** A staff role was granted, changed or revoked: realtime re-checks that user's live permissions. */
  'staff.changed': { eventId: string; userId: string; role: 'organizer' | 'moderator' | null };
  /** A registration changed status (confirmed, cancelled, …): realtime re-checks join permission. */
  'registration.changed': { eventId: string; userId: string; status: string };
  /** A user's first socket on this node joined a live session (attendance records a visit). */
  'live.user-entered': { sessionId: string; userId: string };
  /** A user's last socket on this node left a live session or disconnected. */
  'live.user-left': { sessionId: string; userId: string };
}
