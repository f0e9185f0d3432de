import { Injectable } from '@nestjs/common';

import { logger } from '../logging/json-logger';

/**
 * In-process domain events: services announce what happened, listeners (the Socket.IO broadcaster,
 * notifications, metrics) react. Features add their events to this map, so every emit and every listener
 * is type-checked. Payloads are plain data, ready to serialise.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DomainEventMap {}

export type DomainEventName = keyof DomainEventMap;
type Listener<K extends DomainEventName> = (payload: DomainEventMap[K]) => void | Promise<void>;

@Injectable()
export class DomainEvents {
  private readonly listeners = new Map<DomainEventName, Set<Listener<DomainEventName>>>();

  on<K extends DomainEventName>(name: K, listener: Listener<K>): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(listener);
    return () => set.delete(listener);
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
