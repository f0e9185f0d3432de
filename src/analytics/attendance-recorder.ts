import { randomUUID } from 'node:crypto';

import { BeforeApplicationShutdown, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { DomainEvents } from '../common/domain-events/domain-events';
import { logger } from '../common/logging/json-logger';
import { AttendanceClock } from './attendance-clock';
import { AttendanceVisit } from './attendance-visit.entity';
import { raiseVisitStamps } from './attendance.queries';

/** A reconnect within this long continues the visit it ended (also the merge gap when reading). */
export const RECONNECT_GRACE_MS = 2 * 60_000;
/** New and ended visits reach the database at most this late. */
export const FLUSH_INTERVAL_MS = 5_000;
/** Open visits' `lastSeenAt` is raised this often: a node crash loses at most this much of a visit. */
export const HEARTBEAT_INTERVAL_MS = 30_000;
/** Rows per INSERT … ON CONFLICT statement (well under SQLite's bound-parameter limit). */
const CHUNK = 200;

interface BufferedVisit {
  id: string;
  sessionId: string;
  userId: string;
  startedAt: number;
  lastSeenAt: number;
  endedAt: number | null;
  /** Changed since the last flush. */
  dirty: boolean;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const keyOf = (visit: { sessionId: string; userId: string }): string => `${visit.sessionId}:${visit.userId}`;

/**
 * Records attendance without touching the live path: presence tells it, synchronously and in memory, when
 * a user's first socket on this node enters a session and when their last one leaves (disconnects
 * included); a timer writes the changed visits in one transaction every few seconds, one statement raises
 * the `lastSeenAt` of every open visit of this node, and shutdown closes and writes everything.
 */
@Injectable()
export class AttendanceRecorder implements OnModuleInit, OnModuleDestroy, BeforeApplicationShutdown {
  /** This process, in the `node` column: a restarted node never heartbeats the visits of its past life. */
  readonly node = randomUUID();
  private readonly visits = new Map<string, BufferedVisit>();
  /** Ended visits replaced by a new visit of the same user before they were written. */
  private readonly replaced: BufferedVisit[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: DomainEvents,
    private readonly clock: AttendanceClock,
  ) {}

  onModuleInit(): void {
    this.events.on('live.user-entered', ({ sessionId, userId }) => this.entered(sessionId, userId));
    this.events.on('live.user-left', ({ sessionId, userId }) => this.left(sessionId, userId));
    this.flushTimer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.flushTimer.unref();
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), HEARTBEAT_INTERVAL_MS);
    this.heartbeatTimer.unref();
  }

  /** The user's first socket on this node entered the session. */
  entered(sessionId: string, userId: string): void {
    const now = this.clock.now();
    const key = keyOf({ sessionId, userId });
    const previous = this.visits.get(key);
    if (previous && (previous.endedAt === null || now - previous.endedAt <= RECONNECT_GRACE_MS)) {
      previous.endedAt = null;
      previous.lastSeenAt = Math.max(previous.lastSeenAt, now);
      previous.dirty = true;
      return;
    }
    if (previous?.dirty) {
      this.replaced.push(previous);
    }
    this.visits.set(key, {
      id: randomUUID(),
      sessionId,
      userId,
      startedAt: now,
      lastSeenAt: now,
      endedAt: null,
      dirty: true,
    });
  }

  /** The user's last socket on this node left the session (or disconnected). */
  left(sessionId: string, userId: string): void {
    const visit = this.visits.get(keyOf({ sessionId, userId }));
    if (!visit || visit.endedAt !== null) {
      return;
    }
    const now = this.clock.now();
    visit.endedAt = now;
    visit.lastSeenAt = Math.max(visit.lastSeenAt, now);
    visit.dirty = true;
  }

  /** Writes the changed visits (one transaction); forgets ended ones past the reconnect grace. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writeChanged());
    return this.flushing;
  }

  /** Raises `lastSeenAt` of this node's open visits, in memory and with one UPDATE. */
  heartbeat(): Promise<void> {
    const now = this.clock.now();
    const sessions: string[] = [];
    for (const visit of this.visits.values()) {
      if (visit.endedAt === null) {
        visit.lastSeenAt = now;
        sessions.push(visit.sessionId);
      }
    }
    // Queued behind the batch being written: both lock this node's visit rows and the sessions' stamps,
    // and on PostgreSQL two transactions taking them in different orders could deadlock.
    this.flushing = this.flushing.then(() => this.writeHeartbeat(now, sessions));
    return this.flushing;
  }

  private async writeHeartbeat(now: number, sessionIds: readonly string[]): Promise<void> {
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager
          .createQueryBuilder()
          .update(AttendanceVisit)
          .set({ lastSeenAt: iso(now) })
          .where('node = :node AND "endedAt" IS NULL', { node: this.node })
          .execute();
        await raiseVisitStamps(manager, sessionIds);
      });
    } catch (error) {
      logger.warn('attendance heartbeat failed', { error: (error as Error).message });
    }
  }

  private async writeChanged(): Promise<void> {
    const changed = [...this.replaced.splice(0), ...this.visits.values()].filter((visit) => visit.dirty);
    const now = this.clock.now();
    if (changed.length > 0) {
      changed.forEach((visit) => (visit.dirty = false));
      try {
        await this.dataSource.transaction(async (manager) => {
          for (let start = 0; start < changed.length; start += CHUNK) {
            const chunk = changed.slice(start, start + CHUNK);
            // A visit already written keeps its user: an erased account's visits carry a random id by then.
            await manager
              .createQueryBuilder()
              .insert()
              .into(AttendanceVisit)
              .values(chunk.map((visit) => this.toRow(visit)))
              .orUpdate(['node', 'lastSeenAt', 'endedAt'], ['id'])
              .execute();
            // A visit first written after its account was erased (it began a few seconds before) goes.
            await manager
              .createQueryBuilder()
              .delete()
              .from(AttendanceVisit)
              .where('id IN (:...ids)', { ids: chunk.map((visit) => visit.id) })
              .andWhere('"userId" IN (:...users)', {
                users: [...new Set(chunk.map((visit) => visit.userId))],
              })
              .andWhere(`NOT EXISTS (${accountOfVisit(manager)})`)
              .execute();
          }
          // The analytics keep figures until this version moves (analytics.queries.ts, visitStamps).
          await raiseVisitStamps(
            manager,
            changed.map((visit) => visit.sessionId),
          );
        });
      } catch (error) {
        // Kept in memory and tried again at the next flush.
        changed.forEach((visit) => (visit.dirty = true));
        this.replaced.push(...changed.filter((visit) => this.visits.get(keyOf(visit)) !== visit));
        logger.warn('attendance flush failed', { visits: changed.length, error: (error as Error).message });
        return;
      }
    }
    for (const [key, visit] of this.visits) {
      if (!visit.dirty && visit.endedAt !== null && now - visit.endedAt > RECONNECT_GRACE_MS) {
        this.visits.delete(key);
      }
    }
  }

  private toRow(visit: BufferedVisit): AttendanceVisit {
    return {
      id: visit.id,
      sessionId: visit.sessionId,
      userId: visit.userId,
      node: this.node,
      startedAt: iso(visit.startedAt),
      lastSeenAt: iso(visit.lastSeenAt),
      endedAt: visit.endedAt === null ? null : iso(visit.endedAt),
    };
  }

  onModuleDestroy(): void {
    for (const timer of [this.flushTimer, this.heartbeatTimer]) {
      if (timer) {
        clearInterval(timer);
      }
    }
    this.flushTimer = null;
    this.heartbeatTimer = null;
  }

  /** The sockets are gone by now (the gateway disconnected them): end every open visit and write it. */
  async beforeApplicationShutdown(): Promise<void> {
    const now = this.clock.now();
    for (const visit of this.visits.values()) {
      if (visit.endedAt === null) {
        visit.endedAt = now;
        visit.lastSeenAt = Math.max(visit.lastSeenAt, now);
        visit.dirty = true;
      }
    }
    await this.flush();
  }
}

/** The subquery finding a visit's account, for a NOT EXISTS in a statement on `attendance_visits`. */
function accountOfVisit(manager: EntityManager): string {
  return manager.createQueryBuilder().select('1').from('users', 'u').where('u."id" = "userId"').getQuery();
}
