import fc from 'fast-check';

import { PollVoteDto } from './dto/poll.dto';
import { ballotOf, firstBallot } from './poll-ballot';
import type { PollRow } from './poll.view';

const poll = fc
  .record({
    kind: fc.constantFrom<PollRow['kind']>('single', 'multiple', 'rating', 'text'),
    optionCount: fc.integer({ min: 2, max: 10 }),
    maxChoices: fc.option(fc.integer({ min: 1, max: 10 }), { nil: null }),
    scale: fc.integer({ min: 2, max: 10 }),
  })
  .map(({ kind, optionCount, maxChoices, scale }): PollRow => ({
    id: 'p',
    sessionId: 's',
    eventId: 'e',
    question: 'Q?',
    kind,
    options:
      kind === 'single' || kind === 'multiple'
        ? JSON.stringify(Array.from({ length: optionCount }, (_, index) => `Option ${index}`))
        : null,
    maxChoices: kind === 'multiple' ? maxChoices : null,
    scale: kind === 'rating' ? scale : null,
    anonymous: 1,
    showResults: 'live',
    status: 'open',
    createdById: null,
    openedAt: null,
    closedAt: null,
    createdAt: '2026-12-08T00:00:00.000Z',
    updatedAt: '2026-12-08T00:00:00.000Z',
  }));

const choices = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 10 });
const rating = fc.integer({ min: 1, max: 10 });
const text = fc.string({ minLength: 1, maxLength: 20 });

/**
 * Votes of every shape the validation pipe lets through (each field optional, within its bounds), mostly
 * with one field, as real votes come.
 */
const vote = fc
  .oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        choices: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }),
      }),
    },
    { weight: 2, arbitrary: fc.record({ rating }) },
    { weight: 1, arbitrary: fc.record({ text }) },
    { weight: 2, arbitrary: fc.record({ choices, rating, text }, { requiredKeys: [] }) },
  )
  .map((fields) => Object.assign(new PollVoteDto(), { pollId: 'p', clientId: 'c', ...fields }));

function ballotOrError(row: PollRow, input: PollVoteDto) {
  try {
    return ballotOf(row, input);
  } catch (error) {
    return error;
  }
}

describe('firstBallot', () => {
  it('should return exactly the ballot ballotOf returns, and null whenever ballotOf refuses', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(poll, vote, (row, input) => {
        const full = ballotOrError(row, input);
        const refusal = full instanceof Error;
        accepted += refusal ? 0 : 1;
        refused += refusal ? 1 : 0;
        expect(firstBallot(row, input)).toEqual(refusal ? null : full);
      }),
      { numRuns: 3000, seed: 20261208 },
    );
    // Both branches were exercised, so the property says something.
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });
});
