import { DomainError } from '../common/errors/domain-error';
import type { PollVoteDto } from './dto/poll.dto';
import type { Ballot } from './poll-results';
import { maskOf, optionCountOf, PollRow } from './poll.view';

export type { Ballot } from './poll-results';

/** The ballot of a vote, checked against its poll's kind. */
export function ballotOf(poll: PollRow, input: PollVoteDto): Ballot {
  const fail = (field: string, message: string): never => {
    throw new DomainError('VALIDATION_FAILED', message, { fields: { [field]: [message] } });
  };
  const expected =
    poll.kind === 'single' || poll.kind === 'multiple'
      ? 'choices'
      : poll.kind === 'rating'
        ? 'rating'
        : 'text';
  for (const field of ['choices', 'rating', 'text'] as const) {
    if (field !== expected && input[field] !== undefined) {
      fail(field, `a ${poll.kind} poll takes ${expected}, not ${field}`);
    }
  }
  switch (poll.kind) {
    case 'single':
    case 'multiple': {
      const choices = input.choices ?? fail('choices', 'choices must list the chosen option indexes');
      const count = optionCountOf(poll);
      const max = poll.kind === 'single' ? 1 : Number(poll.maxChoices ?? count);
      if (new Set(choices).size !== choices.length) {
        fail('choices', 'choices must not repeat an option');
      }
      if (choices.some((index) => index >= count)) {
        fail('choices', `choices must be option indexes from 0 to ${count - 1}`);
      }
      if (choices.length > max) {
        fail(
          'choices',
          poll.kind === 'single' ? 'choose exactly one option' : `choose at most ${max} options`,
        );
      }
      return { choiceMask: maskOf(choices), rating: null, text: null };
    }
    case 'rating': {
      const rating = input.rating ?? fail('rating', 'rating is required');
      if (rating > Number(poll.scale)) {
        fail('rating', `rating must be from 1 to ${poll.scale}`);
      }
      return { choiceMask: null, rating, text: null };
    }
    case 'text':
      return { choiceMask: null, rating: null, text: input.text ?? fail('text', 'text is required') };
  }
}

/**
 * The ballot of a surely valid vote as `ballotOf` returns it, without building an error on the way (a vote
 * storm's case); null for anything else, which `ballotOf` then words. `poll-ballot.spec.ts` checks that it
 * never accepts what `ballotOf` refuses and always agrees with it.
 */
export function firstBallot(poll: PollRow, input: PollVoteDto): Ballot | null {
  const { choices, rating, text } = input;
  switch (poll.kind) {
    case 'single':
    case 'multiple': {
      if (choices === undefined || rating !== undefined || text !== undefined) {
        return null;
      }
      const count = optionCountOf(poll);
      const max = poll.kind === 'single' ? 1 : Number(poll.maxChoices ?? count);
      if (choices.length > max) {
        return null;
      }
      let mask = 0;
      for (const index of choices) {
        const bit = 1 << index;
        if (index >= count || (mask & bit) !== 0) {
          return null;
        }
        mask |= bit;
      }
      return { choiceMask: mask, rating: null, text: null };
    }
    case 'rating':
      return rating !== undefined &&
        choices === undefined &&
        text === undefined &&
        rating <= Number(poll.scale)
        ? { choiceMask: null, rating, text: null }
        : null;
    case 'text':
      return text !== undefined && choices === undefined && rating === undefined
        ? { choiceMask: null, rating: null, text }
        : null;
  }
}
