import { Injectable, OnModuleDestroy } from '@nestjs/common';

import { all, LiveDb, placeholders } from './live-db';
import type { VotesChangedPayload } from './realtime.contract';

export const VOTES_INTERVAL_MS = 250;

/**
 * Turns a storm of votes into at most four `qa:votes-changed` per second per session. Every vote is counted in
 * the database when it is acknowledged; at each tick the current counts of the questions that changed are read
 * back (so concurrent nodes never announce an older count after a newer one).
 */
@Injectable()
export class VoteCoalescer implements OnModuleDestroy {
  private readonly pending = new Map<string, Set<string>>();
  private timer: NodeJS.Timeout | null = null;
  private listener: ((payload: VotesChangedPayload) => void) | null = null;

  constructor(private readonly db: LiveDb) {}

  onFlush(listener: (payload: VotesChangedPayload) => void): void {
    this.listener = listener;
  }

  changed(sessionId: string, questionId: string): void {
    let questions = this.pending.get(sessionId);
    if (!questions) {
      questions = new Set();
      this.pending.set(sessionId, questions);
    }
    questions.add(questionId);
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), VOTES_INTERVAL_MS);
      this.timer.unref();
    }
  }

  async flush(): Promise<void> {
    this.timer = null;
    const batch = [...this.pending];
    this.pending.clear();
    for (const [sessionId, questionIds] of batch) {
      const ids = [...questionIds];
      try {
        const rows = await this.db.read(() =>
          all<{ id: string; votes: number | string }>(
            `SELECT "id", "votes" FROM questions WHERE "id" IN (${placeholders(ids.length)})`,
            ...ids,
          ),
        );
        this.listener?.({
          sessionId,
          votes: rows.map((row) => ({ questionId: row.id, votes: Number(row.votes) })),
        });
      } catch {
        // The database is closing (shutdown); clients reload counts on rejoin.
      }
    }
  }

  onModuleDestroy(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }
}
