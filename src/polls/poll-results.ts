import type { LiveOp } from '../realtime/live-db';
import type { PollResults, PollTally } from '../realtime/realtime.contract';
import { asBool } from '../realtime/live-db';
import { optionsOf, PollRow } from './poll.view';
import { countChoices, countRatings, textAnswers } from './polls.queries';
import { wordCloud } from './word-cloud';

/** Text answers listed to moderators in results (the newest; the CSV has them all). */
export const MAX_LISTED_ANSWERS = 200;

/** The tally of a poll as everyone allowed sees it (no answers, no names). */
export function* tallyOf(poll: PollRow): LiveOp<PollTally> {
  const base = { pollId: poll.id, sessionId: poll.sessionId };
  switch (poll.kind) {
    case 'single':
    case 'multiple': {
      const options = optionsOf(poll);
      const [voters, ...votes] = yield* countChoices(poll.id, options.length);
      return {
        ...base,
        voters,
        options: options.map((text, index) => ({ index, text, votes: votes[index] })),
      };
    }
    case 'rating': {
      const scale = Number(poll.scale);
      const histogram = new Array<number>(scale).fill(0);
      let voters = 0;
      let sum = 0;
      for (const { rating, n } of yield* countRatings(poll.id)) {
        if (rating >= 1 && rating <= scale) {
          histogram[rating - 1] += n;
          voters += n;
          sum += rating * n;
        }
      }
      const average = voters > 0 ? Math.round((sum / voters) * 100) / 100 : null;
      return { ...base, voters, rating: { average, histogram } };
    }
    case 'text': {
      const answers = yield* textAnswers(poll.id);
      return { ...base, voters: answers.length, words: wordCloud(answers.map((answer) => answer.text)) };
    }
  }
}

/** Results for REST and snapshots: moderators also get the newest text answers (named unless anonymous). */
export function* resultsOf(poll: PollRow, forModerator: boolean): LiveOp<PollResults> {
  const tally = yield* tallyOf(poll);
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
