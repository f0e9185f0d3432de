import { Injectable } from '@nestjs/common';

import { LiveDb } from '../realtime/live-db';
import type { PollTally } from '../realtime/realtime.contract';
import { Ballot, countBallot, Counts, countsOf, tallyFrom, tallyOf } from './poll-results';
import type { PollRow } from './poll.view';

/** Tallies kept beyond this many are all dropped (a bound on memory; each is read again when needed). */
const MAX_KEPT = 1000;

/**
 * The tallies of open polls kept in memory on SQLite, so that a results flush during a vote storm counts
 * nothing: each committed vote moves its poll's counts (its old ballot out, the new one in). A tally is read
 * from `poll_votes` once, when a flush first needs it, and again whenever LiveDb's epoch says this process
 * may have missed a write. On PostgreSQL other nodes vote too: every flush reads the tally.
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
    if (!this.current(true)) {
      return this.db.read(() => tallyOf(poll));
    }
    let counts = this.kept.get(poll.id);
    if (!counts) {
      if (this.kept.size >= MAX_KEPT) {
        this.kept.clear();
      }
      // On SQLite the read runs synchronously, before anything else can commit.
      const read = this.db.read(() => countsOf(poll));
      counts = await read;
      if (this.epoch === this.db.epoch(false)) {
        this.kept.set(poll.id, counts);
      }
    }
    return tallyFrom(poll, counts);
  }

  /** A closed poll takes no more votes: its final results are read from the database. */
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
