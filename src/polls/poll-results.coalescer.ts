import { Injectable, OnModuleDestroy } from '@nestjs/common';

import { LiveCluster } from '../realtime/live-cluster';

/** At most two `poll:results` per poll in any window of this length, over every node. */
export const POLL_RESULTS_WINDOW_MS = 1000;
/** Across nodes, one node announces a poll at most once per this interval (the Redis claim). */
export const POLL_RESULTS_INTERVAL_MS = 500;
/** Votes that stopped for this long are announced (the end of a storm, or a lone vote). */
export const POLL_RESULTS_QUIET_MS = 50;
/** During a storm that does not stop, the tally is announced at least this often. */
export const POLL_RESULTS_MAX_WAIT_MS = 1000;

interface PendingPoll {
  /** When the first change since the last announcement came. */
  since: number;
  /** When the latest change came. */
  last: number;
}

/**
 * Turns a storm of votes into at most two `poll:results` in any second per poll. A poll is announced once
 * its votes stopped for POLL_RESULTS_QUIET_MS (so the final tally follows the last vote at once, and a lone
 * vote shows without waiting), and at least every POLL_RESULTS_MAX_WAIT_MS while they do not stop — once a
 * second, which leaves the second announcement of any window for the final tally. Several nodes use the
 * same Redis claim as Q&A upvotes (LiveCluster.claimVotes, keyed by poll): each node pools the polls that
 * changed, and one node per interval claims them and announces the tally it reads from the database.
 */
@Injectable()
export class PollResultsCoalescer implements OnModuleDestroy {
  private readonly pending = new Map<string, PendingPoll>();
  /** Per poll, the times of its last two announcements. */
  private readonly announced = new Map<string, [number, number]>();
  private timer: NodeJS.Timeout | null = null;
  private dueAt = 0;
  private listener: ((pollId: string) => Promise<void>) | null = null;
  private destroyed = false;

  constructor(private readonly cluster: LiveCluster) {}

  onFlush(listener: (pollId: string) => Promise<void>): void {
    this.listener = listener;
  }

  changed(pollId: string): void {
    const now = Date.now();
    const entry = this.pending.get(pollId);
    if (entry) {
      // The timer already set looks at `last` when it fires: a storm costs no timer per vote.
      entry.last = now;
      return;
    }
    this.pending.set(pollId, { since: now, last: now });
    this.schedule(this.dueOf(pollId, { since: now, last: now }) - now);
  }

  /** When a pending poll may be announced next. */
  private dueOf(pollId: string, entry: PendingPoll): number {
    const wanted = Math.min(entry.last + POLL_RESULTS_QUIET_MS, entry.since + POLL_RESULTS_MAX_WAIT_MS);
    // The older of the last two announcements must leave the window first.
    const older = this.announced.get(pollId)?.[0] ?? -Infinity;
    return Math.max(wanted, older + POLL_RESULTS_WINDOW_MS);
  }

  private schedule(delayMs: number): void {
    if (this.destroyed) {
      return;
    }
    const delay = Math.max(0, delayMs);
    const at = Date.now() + delay;
    if (this.timer && this.dueAt <= at) {
      return;
    }
    if (this.timer) {
      clearTimeout(this.timer);
    }
    this.dueAt = at;
    this.timer = setTimeout(() => void this.flush(), delay);
    this.timer.unref();
  }

  async flush(): Promise<void> {
    this.timer = null;
    const now = Date.now();
    const due: string[] = [];
    let next = Infinity;
    for (const [pollId, entry] of this.pending) {
      const at = this.dueOf(pollId, entry);
      if (at <= now) {
        due.push(pollId);
      } else {
        next = Math.min(next, at);
      }
    }
    for (const pollId of due) {
      this.pending.delete(pollId);
      this.announced.set(pollId, [this.announced.get(pollId)?.[1] ?? -Infinity, now]);
      if (await this.claimed(pollId)) {
        await this.listener?.(pollId).catch(() => undefined);
      }
    }
    if (this.announced.size > 10_000) {
      this.announced.clear();
    }
    if (next !== Infinity) {
      this.schedule(next - Date.now());
    }
  }

  /** Whether this node announces the poll now; another node's claim means ours waits for the next turn. */
  private async claimed(pollId: string): Promise<boolean> {
    if (!this.cluster.enabled || !this.cluster.ready) {
      return true;
    }
    try {
      const claim = await this.cluster.claimVotes(`poll:${pollId}`, [pollId], POLL_RESULTS_INTERVAL_MS);
      if ('retry' in claim) {
        // Another node announced within the interval: ours (pooled in Redis) goes out at our next turn.
        const at = Date.now();
        this.pending.set(pollId, this.pending.get(pollId) ?? { since: at, last: at });
        this.schedule(POLL_RESULTS_INTERVAL_MS);
        return false;
      }
      return !('idle' in claim);
    } catch {
      // Redis went away: announce this node's changes itself.
      return true;
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
