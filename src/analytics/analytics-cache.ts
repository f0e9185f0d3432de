import { Injectable } from '@nestjs/common';

import type { AttendanceFigures, ConcurrencyPoint } from './attendance-merge';

/** Sessions remembered per kind: a few years of busy events, a few MB at most. */
const MAX_SESSIONS = 5_000;

/** A Map that forgets the entry written longest ago once it holds `limit` entries. */
export class BoundedMap<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: V): void {
    // Delete first so that a rewritten entry moves to the end of the insertion order.
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) {
        this.entries.delete(oldest);
      }
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The attendance figures of a session, valid while its visits keep the `stamp` they were read with. */
export interface SettledAttendance {
  stamp: string;
  figures: AttendanceFigures;
  concurrency: ConcurrencyPoint[];
}

/** The number of chat messages of a session up to and including `lastSeq`. */
export interface CountedMessages {
  lastSeq: number;
  count: number;
}

/**
 * What the analytics remember between requests, per process (each node checks against the database, so
 * several nodes need no coordination): the attendance of sessions nobody is watching any more, and the
 * chat count so far. Reading 100,000 visits and counting 1,000,000 messages on every request took
 * hundreds of milliseconds; see docs/performance.md. What is computed is also stored in `session_figures`
 * (session-figures.queries.ts), from which a new process starts.
 */
@Injectable()
export class AnalyticsCache {
  readonly attendance = new BoundedMap<SettledAttendance>(MAX_SESSIONS);
  readonly messages = new BoundedMap<CountedMessages>(MAX_SESSIONS);
}
