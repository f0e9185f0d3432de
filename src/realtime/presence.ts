import { Injectable, OnModuleDestroy } from '@nestjs/common';

import type { PresencePayload } from './realtime.contract';

export const PRESENCE_INTERVAL_MS = 1000;

/**
 * Distinct users per session on this node (a user with three tabs counts once). Changes are announced at most
 * once a second per session: `onFlush` receives the sessions whose count changed since the last tick.
 */
@Injectable()
export class PresenceTracker implements OnModuleDestroy {
  private readonly sessions = new Map<string, Map<string, number>>();
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private listener: ((changes: PresencePayload[]) => void) | null = null;

  onFlush(listener: (changes: PresencePayload[]) => void): void {
    this.listener = listener;
  }

  count(sessionId: string): number {
    return this.sessions.get(sessionId)?.size ?? 0;
  }

  add(sessionId: string, userId: string): void {
    let users = this.sessions.get(sessionId);
    if (!users) {
      users = new Map();
      this.sessions.set(sessionId, users);
    }
    const sockets = users.get(userId) ?? 0;
    users.set(userId, sockets + 1);
    if (sockets === 0) {
      this.markDirty(sessionId);
    }
  }

  remove(sessionId: string, userId: string): void {
    const users = this.sessions.get(sessionId);
    const sockets = users?.get(userId);
    if (!users || sockets === undefined) {
      return;
    }
    if (sockets > 1) {
      users.set(userId, sockets - 1);
      return;
    }
    users.delete(userId);
    if (users.size === 0) {
      this.sessions.delete(sessionId);
    }
    this.markDirty(sessionId);
  }

  private markDirty(sessionId: string): void {
    this.dirty.add(sessionId);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), PRESENCE_INTERVAL_MS);
      this.timer.unref();
    }
  }

  private flush(): void {
    this.timer = null;
    const changes = [...this.dirty].map((sessionId) => ({ sessionId, count: this.count(sessionId) }));
    this.dirty.clear();
    this.listener?.(changes);
  }

  onModuleDestroy(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }
}
