import { Injectable, OnModuleDestroy } from '@nestjs/common';

import { LiveCluster } from '../realtime/live-cluster';
import { LiveDb } from '../realtime/live-db';
import type { VotesChangedPayload } from '../realtime/realtime.contract';
import { voteCounts } from './questions.queries';

export const VOTES_INTERVAL_MS = 200;

/**
 * Turns a storm of votes into at most five `qa:votes-changed` per second per session. Every vote is counted in
 * the database when it is acknowledged; at each tick the current counts of the questions that changed are read
 * back (so concurrent nodes never announce an older count after a newer one).
 *
 * Several nodes (REDIS_URL): at its tick a node adds its changed question ids to the session's pending set in
 * Redis and claims the set only if no node flushed that session during the last interval; the claimant reads
 * the counts and broadcasts once to the room on every node. A node that finds the session claimed retries at
 * its next tick while ids are still pending, so every change is announced (within two intervals) and clients
 * get one `qa:votes-changed` per interval, not one per node. While Redis is away each node announces its own
 * changes (right counts, possibly one message per node per interval).
 */
@Injectable()
export class VoteCoalescer implements OnModuleDestroy {
  private readonly pending = new Map<string, Set<string>>();
  private timer: NodeJS.Timeout | null = null;
  private listener: ((payload: VotesChangedPayload) => void) | null = null;
  private destroyed = false;

  constructor(
    private readonly db: LiveDb,
    private readonly cluster: LiveCluster,
  ) {}

  onFlush(listener: (payload: VotesChangedPayload) => void): void {
    this.listener = listener;
  }

  changed(sessionId: string, questionId: string): void {
    this.track(sessionId).add(questionId);
  }

  /** Another node holds this interval: look again next tick (our ids wait in Redis). */
  private retry(sessionId: string): void {
    this.track(sessionId);
  }

  private track(sessionId: string): Set<string> {
    let questions = this.pending.get(sessionId);
    if (!questions) {
      questions = new Set();
      this.pending.set(sessionId, questions);
    }
    if (!this.timer && !this.destroyed) {
      this.timer = setTimeout(() => void this.flush(), VOTES_INTERVAL_MS);
      this.timer.unref();
    }
    return questions;
  }

  async flush(): Promise<void> {
    this.timer = null;
    const batch = [...this.pending];
    this.pending.clear();
    for (const [sessionId, questionIds] of batch) {
      let ids = [...questionIds];
      if (this.cluster.enabled && this.cluster.ready) {
        try {
          const claim = await this.cluster.claimVotes(sessionId, ids, VOTES_INTERVAL_MS);
          if ('retry' in claim) {
            this.retry(sessionId);
            continue;
          }
          ids = 'idle' in claim ? [] : claim.questionIds;
        } catch {
          // Redis went away: announce this node's changes itself.
        }
      }
      if (ids.length === 0) {
        continue;
      }
      try {
        const votes = await this.db.read(() => voteCounts(ids));
        this.listener?.({ sessionId, votes });
      } catch {
        // The database is closing (shutdown); clients reload counts on rejoin.
      }
    }
  }

  onModuleDestroy(): void {
    this.destroyed = true;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }
}
