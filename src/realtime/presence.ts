import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';

import { DomainEvents } from '../common/domain-events/domain-events';
import { LiveCluster, PRESENCE_TTL_MS } from './live-cluster';
import type { PresencePayload } from './realtime.contract';

export const PRESENCE_INTERVAL_MS = 1000;
/** How often a node rewrites its presence sets in Redis (well within their TTL). */
const HEARTBEAT_MS = PRESENCE_TTL_MS / 3;

/**
 * Distinct users per session (a user with three tabs counts once). Changes are announced at most once a
 * second per session: `onFlush` receives the sessions whose count changed since the last tick.
 *
 * One node: the counts are this node's. Several nodes (REDIS_URL): each node publishes the users it holds to
 * Redis (LiveCluster), the count is the union over all nodes, and a per-session lock in Redis lets one node
 * per second announce it to the room on every node (a node that finds the lock taken retries next tick, so
 * its change is never lost). While Redis is away, counts are this node's and announcements wait for Redis.
 */
@Injectable()
export class PresenceTracker implements OnModuleInit, OnModuleDestroy {
  private readonly sessions = new Map<string, Map<string, number>>();
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private listener: ((changes: PresencePayload[]) => void) | null = null;
  private destroyed = false;

  constructor(
    private readonly cluster: LiveCluster,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    if (!this.cluster.enabled) {
      return;
    }
    const refresh = (): void => {
      void this.cluster.refresh(this.localUsers());
      // Re-announce from the shared state: covers a node that crashed (its entries expired) and a Redis
      // that came back empty.
      for (const sessionId of this.sessions.keys()) {
        this.markDirty(sessionId);
      }
    };
    this.cluster.onReady(refresh);
    this.heartbeat = setInterval(refresh, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  onFlush(listener: (changes: PresencePayload[]) => void): void {
    this.listener = listener;
  }

  /** Distinct users in the session on this node. */
  count(sessionId: string): number {
    return this.sessions.get(sessionId)?.size ?? 0;
  }

  /** Distinct users in the session on every node (this node's count while Redis is unreachable). */
  async countEverywhere(sessionId: string): Promise<number> {
    if (!this.cluster.enabled || !this.cluster.ready) {
      return this.count(sessionId);
    }
    try {
      return await this.cluster.presenceCount(sessionId);
    } catch {
      return this.count(sessionId);
    }
  }

  private localUsers(): Map<string, Iterable<string>> {
    return new Map([...this.sessions].map(([sessionId, users]) => [sessionId, users.keys()]));
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
      this.events.emit('live.user-entered', { sessionId, userId });
      if (this.cluster.enabled) {
        this.cluster.userArrived(sessionId, userId);
      }
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
    this.events.emit('live.user-left', { sessionId, userId });
    if (this.cluster.enabled) {
      this.cluster.userLeft(sessionId, userId);
    }
    if (users.size === 0) {
      this.sessions.delete(sessionId);
    }
    this.markDirty(sessionId);
  }

  private markDirty(sessionId: string): void {
    if (this.destroyed) {
      return;
    }
    this.dirty.add(sessionId);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), PRESENCE_INTERVAL_MS);
      this.timer.unref();
    }
  }

  private flush(): void {
    this.timer = null;
    if (this.cluster.enabled) {
      void this.flushShared();
      return;
    }
    const changes = [...this.dirty].map((sessionId) => ({ sessionId, count: this.count(sessionId) }));
    this.dirty.clear();
    this.listener?.(changes);
  }

  private async flushShared(): Promise<void> {
    const sessionIds = [...this.dirty];
    this.dirty.clear();
    if (!this.cluster.ready) {
      // Announce nothing rather than this node's partial count; retried until Redis is back.
      sessionIds.forEach((sessionId) => this.markDirty(sessionId));
      return;
    }
    const changes: PresencePayload[] = [];
    await Promise.all(
      sessionIds.map(async (sessionId) => {
        try {
          const result = await this.cluster.presenceFlush(sessionId, PRESENCE_INTERVAL_MS);
          if ('announce' in result) {
            changes.push({ sessionId, count: result.announce });
          } else if ('retry' in result) {
            this.markDirty(sessionId);
          }
        } catch {
          this.markDirty(sessionId);
        }
      }),
    );
    if (changes.length > 0) {
      this.listener?.(changes);
    }
  }

  onModuleDestroy(): void {
    this.destroyed = true;
    if (this.heartbeat) {
      clearInterval(this.heartbeat);
      this.heartbeat = null;
    }
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }
}
