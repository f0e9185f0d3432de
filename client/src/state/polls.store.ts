import type { Poll, PollEntry, PollResults, PollTally, PollVote } from '../realtime/contract';
import { createStore, type Store } from './store';

/** A poll as the client shows it: the poll, the user's own vote, and the latest results it may see. */
export interface PollState {
  poll: Poll;
  vote: PollVote | null;
  results: PollTally | PollResults | null;
}

/** The session's polls, kept current from the join snapshot, `poll:*` notifications and the user's own votes. */
export class PollsStore {
  readonly polls: Store<PollState[]> = createStore<PollState[]>([]);

  reset(entries: readonly PollEntry[]): void {
    this.polls.set(
      entries.map((entry) => ({ poll: entry.poll, vote: entry.vote, results: entry.results ?? null })),
    );
  }

  /** A poll opened or closed (also from a resume): keeps the vote, replaces results when given. */
  upsertPoll(poll: Poll, results?: PollResults): void {
    const current = this.polls.get();
    const index = current.findIndex((state) => state.poll.id === poll.id);
    if (index === -1) {
      this.polls.set([...current, { poll, vote: null, results: results ?? null }]);
      return;
    }
    const next = [...current];
    // A late notice never turns a closed poll back into an open one.
    const kept =
      current[index].poll.status === 'closed' && poll.status !== 'closed' ? current[index].poll : poll;
    next[index] = { ...current[index], poll: kept, results: results ?? current[index].results };
    this.polls.set(next);
  }

  setVote(pollId: string, vote: PollVote): void {
    this.update(pollId, (state) => ({ ...state, vote }));
  }

  /** A live tally; a closed poll keeps the final results `poll:closed` brought (a late tally has fewer fields). */
  setResults(tally: PollTally): void {
    this.update(tally.pollId, (state) =>
      state.poll.status === 'closed' && state.results ? state : { ...state, results: tally },
    );
  }

  remove(pollId: string): void {
    this.polls.set(this.polls.get().filter((state) => state.poll.id !== pollId));
  }

  /** The open poll, if any (a session has at most one). */
  open(): PollState | undefined {
    return this.polls.get().find((state) => state.poll.status === 'open');
  }

  private update(pollId: string, change: (state: PollState) => PollState): void {
    const current = this.polls.get();
    const index = current.findIndex((state) => state.poll.id === pollId);
    if (index === -1) {
      return;
    }
    const next = [...current];
    next[index] = change(current[index]);
    this.polls.set(next);
  }
}
