import { Injectable } from '@nestjs/common';

import { LiveDb, LiveOp } from '../realtime/live-db';
import type { PollTally } from '../realtime/realtime.contract';
import { Ballot, countBallot, Counts, countsOf, tallyFrom } from './poll-results';
import type { PollRow } from './poll.view';

/** Tallies kept beyond this many are all dropped (a bound on memory; each is read again when needed). */
const MAX_KEPT = 1000;

/**
 * The tallies of polls kept in memory on SQLite, so that neither a results flush during a vote storm nor a
 * join snapshot counts anything: each committed vote moves its poll's counts (its old ballot out, the new one
 * in). A tally is read from `poll_votes` once, when a flush or a join first needs it, and again whenever
 * LiveDb's epoch says this process may have missed a write. On PostgreSQL other nodes vote too: every flush
 * and join reads the tally.
 *
 * A tally is only read from a flush (a timer callback), never between a batch's commit and the `voted`
 * calls of its votes: those run in the promise callbacks right after the commit, before any timer. So a
 * vote is either in the read or moved the counts after it, never both.
 */
@Injectable()
export class PollTallies {
  private readonly kept = new Map<string, Counts>();
  private epoch: number | null = null;

  constructor(private readonly db: LiveDb) {}

  /** A vote was committed: `previous` is the ballot it replaced, if any. */
  voted(poll: PollRow, previous: Ballot | null, ballot: Ballot): void {
    // The vote's batch looked for other connections' commits when it began.
    const counts = this.current(false) ? this.kept.get(poll.id) : undefined;
    if (!counts) {
      return;
    }
    if (previous) {
      countBallot(poll, counts, previous, -1);
    }
    countBallot(poll, counts, ballot, 1);
  }

  /** The poll's tally now (committed votes only). */
  async tally(poll: PollRow): Promise<PollTally> {
    return tallyFrom(poll, await this.db.read(() => this.countsIn(poll)));
  }

  /**
   * The poll's counts inside a read (a flush, a join snapshot): the kept ones on SQLite, read once and then
   * kept; on PostgreSQL always read. The caller must not change them. A join storm after a vote storm thus
   * counts nothing per joiner. On SQLite a read runs synchronously between turns of the event loop, never
   * between a batch's commit and the `voted` calls of its votes.
   */
  *countsIn(poll: PollRow): LiveOp<Counts> {
    // A draft has no votes, and its options or kind may still change: never kept.
    if (poll.status === 'draft' || !this.current(true)) {
      return yield* countsOf(poll);
    }
    const kept = this.kept.get(poll.id);
    if (kept) {
      return kept;
    }
    const counts = yield* countsOf(poll);
    if (this.epoch === this.db.epoch(false)) {
      if (this.kept.size >= MAX_KEPT) {
        this.kept.clear();
      }
      this.kept.set(poll.id, counts);
    }
    return counts;
  }

  /** A closed poll takes no more votes: its final results are read from the database (then kept again). */
  forget(pollId: string): void {
    this.kept.delete(pollId);
  }

  /** Whether tallies may be kept (SQLite), after dropping them if a write may have been missed. */
  private current(lookAtOtherConnections: boolean): boolean {
    const epoch = this.db.epoch(lookAtOtherConnections);
    if (epoch === null) {
      return false;
    }
    if (epoch !== this.epoch) {
      this.kept.clear();
      this.epoch = epoch;
    }
    return true;
  }
}
