/** @jest-environment jsdom */
import type { JoinSessionResult, Poll, PollResults, PollTally } from '../realtime/contract';
import { LiveSessionStore } from './live-session.store';
import { PollsStore } from './polls.store';

function poll(overrides: Partial<Poll> & { id: string }): Poll {
  return {
    sessionId: 's1',
    question: 'Which aim first?',
    kind: 'single',
    options: ['Cooperation', 'Recovery'],
    anonymous: true,
    showResults: 'live',
    status: 'open',
    openedAt: '2020-09-29T07:30:00Z',
    closedAt: null,
    createdAt: '2020-09-29T07:00:00Z',
    updatedAt: '2020-09-29T07:30:00Z',
    ...overrides,
  };
}

function tally(pollId: string, votes: [number, number]): PollTally {
  return {
    pollId,
    sessionId: 's1',
    voters: votes[0] + votes[1],
    options: [
      { index: 0, text: 'Cooperation', votes: votes[0] },
      { index: 1, text: 'Recovery', votes: votes[1] },
    ],
  };
}

const final = (pollId: string, votes: [number, number]): PollResults => ({
  ...tally(pollId, votes),
  status: 'closed',
});

describe('PollsStore', () => {
  it('should take polls, votes and results from the join snapshot', () => {
    const store = new PollsStore();
    store.reset([
      { poll: poll({ id: 'p1' }), vote: null, results: final('p1', [1, 0]) },
      {
        poll: poll({ id: 'p2', status: 'closed' }),
        vote: { choices: [1], clientId: 'c', createdAt: 'x', updatedAt: 'x' },
      },
    ]);
    expect(
      store.polls
        .get()
        .map((state) => [state.poll.id, state.vote?.choices ?? null, state.results?.voters ?? null]),
    ).toEqual([
      ['p1', null, 1],
      ['p2', [1], null],
    ]);
    expect(store.open()?.poll.id).toBe('p1');
  });

  it('should replace the tally with each live update', () => {
    const store = new PollsStore();
    store.upsertPoll(poll({ id: 'p1' }));
    store.setResults(tally('p1', [2, 1]));
    store.setResults(tally('p1', [4, 3]));
    expect(store.polls.get()[0].results?.voters).toBe(7);
    // A tally of a poll this client does not know changes nothing.
    store.setResults(tally('unknown', [1, 1]));
    expect(store.polls.get()).toHaveLength(1);
  });

  it('should show results from the moment they become visible (after the own vote, at closing)', () => {
    const store = new PollsStore();
    store.upsertPoll(poll({ id: 'p1', showResults: 'after-close' }));
    expect(store.polls.get()[0].results).toBeNull();
    store.setVote('p1', { choices: [0], clientId: 'c1', createdAt: 'x', updatedAt: 'x' });
    expect(store.polls.get()[0].results).toBeNull();
    store.upsertPoll(poll({ id: 'p1', showResults: 'after-close', status: 'closed' }), final('p1', [5, 2]));
    const [state] = store.polls.get();
    expect(state.poll.status).toBe('closed');
    expect(state.vote?.choices).toEqual([0]);
    expect(state.results?.voters).toBe(7);
    expect(store.open()).toBeUndefined();
  });

  it('should keep a closed poll closed and its final results when late notices arrive', () => {
    const store = new PollsStore();
    store.upsertPoll(poll({ id: 'p1', status: 'closed' }), final('p1', [5, 2]));
    store.upsertPoll(poll({ id: 'p1', status: 'open' }));
    store.setResults(tally('p1', [4, 2]));
    const [state] = store.polls.get();
    expect(state.poll.status).toBe('closed');
    expect(state.results).toEqual(final('p1', [5, 2]));
  });

  it('should change a draft in place and forget a deleted one', () => {
    const store = new PollsStore();
    store.upsertPoll(poll({ id: 'd1', status: 'draft', question: 'Draft?' }));
    store.upsertPoll(poll({ id: 'd1', status: 'draft', question: 'Changed draft?' }));
    expect(store.polls.get().map((state) => state.poll.question)).toEqual(['Changed draft?']);
    store.remove('d1');
    expect(store.polls.get()).toEqual([]);
  });
});

describe('LiveSessionStore polls', () => {
  const snapshot = (overrides: Partial<JoinSessionResult>): JoinSessionResult => ({
    session: {
      id: 's1',
      eventId: 'e1',
      title: 'Panel',
      kind: 'panel',
      startsAt: '2020-09-29T07:25:00Z',
      endsAt: '2020-09-29T08:40:00Z',
      status: 'scheduled',
      liveStatus: 'live',
      chatEnabled: true,
      qa: { enabled: true, moderated: true, open: true },
    },
    messages: [],
    questions: [],
    presence: { sessionId: 's1', count: 1 },
    seq: 1,
    role: 'attendee',
    mutedUntil: null,
    polls: [],
    ...overrides,
  });

  it('should catch up on polls opened and closed while away (resume with after)', () => {
    const live = new LiveSessionStore('s1', 'u1');
    live.applyJoin(snapshot({ seq: 3, polls: [{ poll: poll({ id: 'p1' }), vote: null }] }), false);
    live.applyJoin(
      snapshot({
        seq: 6,
        polls: [
          { poll: poll({ id: 'p1', status: 'closed' }), vote: null, results: final('p1', [3, 1]) },
          { poll: poll({ id: 'p2' }), vote: null },
        ],
        changes: [
          {
            seq: 4,
            kind: 'poll-closed',
            poll: poll({ id: 'p1', status: 'closed' }),
            results: final('p1', [3, 1]),
          },
          { seq: 5, kind: 'poll-opened', poll: poll({ id: 'p2' }) },
          { seq: 5, kind: 'poll-opened', poll: poll({ id: 'p2' }) },
        ],
      }),
      true,
    );
    const states = live.polls.polls.get();
    expect(states.map((state) => [state.poll.id, state.poll.status])).toEqual([
      ['p1', 'closed'],
      ['p2', 'open'],
    ]);
    expect(states[0].results?.voters).toBe(4);
    expect(live.polls.open()?.poll.id).toBe('p2');
    expect(live.seq).toBe(6);
  });
});
