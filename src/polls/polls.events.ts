import type { Ballot } from './poll-results';
import type { PollRow } from './poll.view';

declare module '../common/domain-events/domain-events' {
  interface DomainEventMap {
    /** A poll was opened or closed (committed, with the seq of that change). */
    'polls.status-changed': { poll: PollRow; seq: number };
    /**
     * A vote was cast or changed (committed); `first`: the user had not voted on this poll before;
     * `previous`: the ballot it replaced.
     */
    'polls.voted': { poll: PollRow; userId: string; first: boolean; previous: Ballot | null; ballot: Ballot };
  }
}

export {};
