import type { LiveOp } from '../realtime/live-db';
import type { PollResults, PollTally } from '../realtime/realtime.contract';
import { asBool } from '../realtime/live-db';
import { optionCountOf, optionsOf, PollRow, VoteRow } from './poll.view';
import { countChoices, countRatings, textAnswers } from './polls.queries';
import { countWords, topWords } from './word-cloud';

/** Text answers listed to moderators in results (the newest; the CSV has them all). */
export const MAX_LISTED_ANSWERS = 200;

/** A ballot as a vote row stores it. */
export type Ballot = Pick<VoteRow, 'choiceMask' | 'rating' | 'text'>;

/**
 * What a tally is made of: the voters and, per option (choice polls) or per rating (rating polls), how many
 * chose it, or how many answers hold each word (text polls). Kept in memory by PollTallies and moved by
 * each committed vote, or counted from `poll_votes`.
 */
export interface Counts {
  voters: number;
  /** Choice polls: per option; rating polls: per rating 1..scale. */
  buckets: number[];
  /** Rating polls: the sum of the counted ratings. */
  ratingSum: number;
  /** Text polls: answers per word. */
  words: Map<string, number>;
}

const emptyCounts = (poll: PollRow): Counts => ({
  voters: 0,
  buckets: new Array<number>(
    poll.kind === 'rating' ? Number(poll.scale) : poll.kind === 'text' ? 0 : optionCountOf(poll),
  ).fill(0),
  ratingSum: 0,
  words: new Map(),
});

/** Adds a ballot to the counts (`sign` 1) or takes it out (-1), by the same rules as countsOf. */
export function countBallot(poll: PollRow, counts: Counts, ballot: Ballot, sign: 1 | -1): void {
  switch (poll.kind) {
    case 'single':
    case 'multiple': {
      counts.voters += sign;
      const mask = Number(ballot.choiceMask ?? 0);
      for (let index = 0; index < counts.buckets.length; index++) {
        if (mask & (1 << index)) {
          counts.buckets[index] += sign;
        }
      }
      return;
    }
    case 'rating': {
      const rating = Number(ballot.rating);
      // A rating outside the scale is not counted (countsOf's rule).
      if (rating >= 1 && rating <= counts.buckets.length) {
        counts.voters += sign;
        counts.buckets[rating - 1] += sign;
        counts.ratingSum += sign * rating;
      }
      return;
    }
    case 'text':
      counts.voters += sign;
      countWords(counts.words, ballot.text ?? '', sign);
      return;
  }
}

/** The counts of a poll read from `poll_votes`. */
export function* countsOf(poll: PollRow): LiveOp<Counts> {
  const counts = emptyCounts(poll);
  switch (poll.kind) {
    case 'single':
    case 'multiple': {
      const [voters, ...votes] = yield* countChoices(poll.id, counts.buckets.length);
      counts.voters = voters;
      counts.buckets = votes;
      return counts;
    }
    case 'rating':
      for (const { rating, n } of yield* countRatings(poll.id)) {
        if (rating >= 1 && rating <= counts.buckets.length) {
          counts.buckets[rating - 1] += n;
          counts.voters += n;
          counts.ratingSum += rating * n;
        }
      }
      return counts;
    case 'text':
      for (const answer of yield* textAnswers(poll.id)) {
        countBallot(poll, counts, { choiceMask: null, rating: null, text: answer.text }, 1);
      }
      return counts;
  }
}

/** The tally of a poll as everyone allowed sees it (no answers, no names). */
export function tallyFrom(poll: PollRow, counts: Counts): PollTally {
  const base = { pollId: poll.id, sessionId: poll.sessionId, voters: counts.voters };
  switch (poll.kind) {
    case 'single':
    case 'multiple':
      return {
        ...base,
        options: optionsOf(poll).map((text, index) => ({ index, text, votes: counts.buckets[index] })),
      };
    case 'rating': {
      const average = counts.voters > 0 ? Math.round((counts.ratingSum / counts.voters) * 100) / 100 : null;
      return { ...base, rating: { average, histogram: [...counts.buckets] } };
    }
    case 'text':
      return { ...base, words: topWords(counts.words) };
  }
}

/** The tally read from the database. */
export function* tallyOf(poll: PollRow): LiveOp<PollTally> {
  return tallyFrom(poll, yield* countsOf(poll));
}

/**
 * Results for REST and snapshots: moderators also get the newest text answers (named unless anonymous).
 * `counts`: the poll's counts when the caller has them (PollTallies), else they are read.
 */
export function* resultsOf(poll: PollRow, forModerator: boolean, counts?: Counts): LiveOp<PollResults> {
  const tally = tallyFrom(poll, counts ?? (yield* countsOf(poll)));
  const results: PollResults = { ...tally, status: poll.status };
  if (forModerator && poll.kind === 'text') {
    const named = !asBool(poll.anonymous);
    const answers = yield* textAnswers(poll.id);
    results.answers = answers.slice(0, MAX_LISTED_ANSWERS).map((answer) => ({
      text: answer.text,
      createdAt: answer.createdAt,
      ...(named ? { voter: { id: answer.userId, name: answer.userName ?? '' } } : {}),
    }));
  }
  return results;
}
