import { Injectable, OnModuleDestroy } from '@nestjs/common';

import { LiveCluster } from '../realtime/live-cluster';

/** At most one `poll:results` per poll per this interval (2 a second), over every node. */
export const POLL_RESULTS_INTERVAL_MS = 500;

/**
 * Turns a storm of votes into at most two `poll:results` a second per poll, as VoteCoalescer does for Q&A
 * upvotes and with the same Redis claim (LiveCluster.claimVotes, keyed by poll): each node pools the polls
 * that changed, and one node per interval claims them and announces the tally it reads back from the
 * database (so an older tally never follows a newer one). A poll that was quiet for a whole interval is
 * announced at once (leading edge), so a lone vote shows without waiting.
 */
@Injectable()
export class PollResultsCoalescer implements OnModuleDestroy {
  /** Polls changed since their last announcement. */
  private readonly pending = new Set<string>();
  private readonly lastFlush = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private dueAt = 0;
  private listener: ((pollId: string) => Promise<void>) | null = null;
  private destroyed = false;

  constructor(private readonly cluster: LiveCluster) {}

  onFlush(listener: (pollId: string) => Promise<void>): void {
    this.listener = listener;
  }

  changed(pollId: string): void {
    this.pending.add(pollId);
    const since = Date.now() - (this.lastFlush.get(pollId) ?? 0);
    this.schedule(since >= POLL_RESULTS_INTERVAL_MS ? 0 : POLL_RESULTS_INTERVAL_MS - since);
  }

  private schedule(delayMs: number): void {
    if (this.destroyed) {
      return;
    }
    const at = Date.now() + delayMs;
    if (this.timer && this.dueAt <= at) {
      return;
    }
    if (this.timer) {
      clearTimeout(this.timer);
    }
    this.dueAt = at;
    this.timer = setTimeout(() => void this.flush(), delayMs);
    this.timer.unref();
  }

  async flush(): Promise<void> {
    this.timer = null;
    const now = Date.now();
    const due: string[] = [];
    let next = Infinity;
    for (const pollId of this.pending) {
      const wait = POLL_RESULTS_INTERVAL_MS - (now - (this.lastFlush.get(pollId) ?? 0));
      if (wait <= 0) {
        due.push(pollId);
      } else {
        next = Math.min(next, wait);
      }
    }
    for (const pollId of due) {
      this.pending.delete(pollId);
      this.lastFlush.set(pollId, now);
      if (await this.claimed(pollId)) {
        await this.listener?.(pollId).catch(() => undefined);
      }
    }
    if (this.lastFlush.size > 10_000) {
      this.lastFlush.clear();
    }
    if (next !== Infinity) {
      this.schedule(next);
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
        this.pending.add(pollId);
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
