import { EntityManager, EntityTarget, QueryDeepPartialEntity, SelectQueryBuilder } from 'typeorm';

import { nowIso } from '../common/time/zoned-time';

/** What a waitlist needs of its rows; `confirmed` ones hold a seat, `waitlisted` ones wait. */
export interface QueuedRow {
  id: string;
  status: string;
  /** Order of arrival in the queue: a freed seat goes to the lowest waitlisted number. */
  queueNumber: number;
  updatedAt: string;
}

type QueueStatus = 'confirmed' | 'waitlisted';

/** Ids per UPDATE: without a capacity a whole queue is promoted, which may pass SQLite's parameter limit. */
const UPDATE_CHUNK = 500;

/**
 * First come, first served: the mechanics shared by event registrations (scoped by `eventId`, the event's
 * capacity) and session seats (scoped by `sessionId`, the session's capacity). Who hears of a promotion stays
 * with each service. Callers that write have locked the row guarding the count (`lockRow`) in the same
 * transaction, so the count read here cannot change before their write.
 */
export class Waitlist<S extends string, E extends QueuedRow & Record<S, string>> {
  constructor(
    private readonly entity: EntityTarget<E>,
    private readonly scope: S,
  ) {}

  count(manager: EntityManager, scopeId: string, status: QueueStatus): Promise<number> {
    return this.rows(manager, scopeId, status).getCount();
  }

  /**
   * Confirms waitlisted rows, lowest `queueNumber` first, while seats are free (the whole queue without a
   * capacity). Answers the rows it confirmed, updated in memory as well, and whether a seat is still free
   * after them: under the caller's lock that is what counting again would say.
   */
  async promote(
    manager: EntityManager,
    scopeId: string,
    capacity: number | null,
  ): Promise<{ promoted: E[]; seatFree: boolean }> {
    let free: number | null = null;
    if (capacity !== null) {
      free = freeSeats(capacity, await this.count(manager, scopeId, 'confirmed'));
      if (free === 0) {
        return { promoted: [], seatFree: false };
      }
    }
    const promoted = await this.rows(manager, scopeId, 'waitlisted')
      .orderBy('w.queueNumber', 'ASC')
      .take(free ?? undefined)
      .getMany();
    const now = nowIso();
    const confirmed = { status: 'confirmed', updatedAt: now };
    const repository = manager.getRepository(this.entity);
    for (let i = 0; i < promoted.length; i += UPDATE_CHUNK) {
      const ids = promoted.slice(i, i + UPDATE_CHUNK).map((row) => row.id);
      // TypeORM cannot see that a generic E has these two columns; QueuedRow guarantees it.
      await repository.update(ids, confirmed as unknown as QueryDeepPartialEntity<E>);
    }
    for (const row of promoted) {
      Object.assign(row, confirmed);
    }
    return { promoted, seatFree: free === null || promoted.length < free };
  }

  /** The number a row entering the queue gets: after everyone else's. */
  async nextQueueNumber(manager: EntityManager, scopeId: string): Promise<number> {
    const row = await manager
      .getRepository(this.entity)
      .createQueryBuilder('w')
      .select('MAX(w.queueNumber)', 'max')
      .where(`w.${this.scope} = :scopeId`, { scopeId })
      .getRawOne<{ max: number | string | null }>();
    return Number(row?.max ?? 0) + 1;
  }

  /** 1-based place of a waitlisted row in its queue; null for any other status. */
  async position(manager: EntityManager, row: E): Promise<number | null> {
    if (row.status !== 'waitlisted') {
      return null;
    }
    const ahead = await this.rows(manager, row[this.scope], 'waitlisted')
      .andWhere('w.queueNumber < :queueNumber', { queueNumber: row.queueNumber })
      .getCount();
    return ahead + 1;
  }

  private rows(manager: EntityManager, scopeId: string, status: QueueStatus): SelectQueryBuilder<E> {
    return manager
      .getRepository(this.entity)
      .createQueryBuilder('w')
      .where(`w.${this.scope} = :scopeId`, { scopeId })
      .andWhere('w.status = :status', { status });
  }
}

/** The same positions as `Waitlist.position`, for rows already loaded in `queueNumber` order. */
export function waitlistPositions(ordered: readonly QueuedRow[]): Map<string, number> {
  const positions = new Map<string, number>();
  for (const row of ordered) {
    if (row.status === 'waitlisted') {
      positions.set(row.id, positions.size + 1);
    }
  }
  return positions;
}

/** Seats nobody holds (null: no limit); 0 rather than negative after a capacity was lowered below `taken`. */
export function freeSeats(capacity: number | null, taken: number): number | null {
  return capacity === null ? null : Math.max(0, capacity - taken);
}

export function hasFreeSeat(capacity: number | null, taken: number): boolean {
  return capacity === null || taken < capacity;
}
