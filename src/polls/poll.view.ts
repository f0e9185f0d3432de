import { asBool } from '../realtime/live-db';
import type {
  Poll,
  PollKind,
  PollResultsVisibility,
  PollStatus,
  PollVote,
} from '../realtime/realtime.contract';

export const POLL_KINDS: readonly PollKind[] = ['single', 'multiple', 'rating', 'text'];
export const POLL_VISIBILITIES: readonly PollResultsVisibility[] = [
  'live',
  'after-vote',
  'after-close',
  'moderators',
];
export const POLL_STATUSES: readonly PollStatus[] = ['draft', 'open', 'closed'];

/** A row of `polls` as raw SQL reads it. */
export interface PollRow {
  id: string;
  sessionId: string;
  eventId: string;
  question: string;
  kind: PollKind;
  options: string | null;
  maxChoices: number | null;
  scale: number | null;
  anonymous: unknown;
  showResults: PollResultsVisibility;
  status: PollStatus;
  createdById: string | null;
  openedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A row of `poll_votes`. */
export interface VoteRow {
  pollId: string;
  userId: string;
  sessionId: string;
  clientIds: string;
  choiceMask: number | null;
  rating: number | null;
  text: string | null;
  createdAt: string;
  updatedAt: string;
}

export const POLL_COLUMNS =
  '"id", "sessionId", "eventId", "question", "kind", "options", "maxChoices", "scale", "anonymous", ' +
  '"showResults", "status", "createdById", "openedAt", "closedAt", "createdAt", "updatedAt"';
export const VOTE_COLUMNS =
  '"pollId", "userId", "sessionId", "clientIds", "choiceMask", "rating", "text", "createdAt", "updatedAt"';

export const optionsOf = (row: PollRow): string[] =>
  row.options ? (JSON.parse(row.options) as string[]) : [];

const optionCounts = new WeakMap<PollRow, number>();

/** How many options a poll has; remembered per row object (a vote storm shares one cached row). */
export function optionCountOf(row: PollRow): number {
  let count = optionCounts.get(row);
  if (count === undefined) {
    count = optionsOf(row).length;
    optionCounts.set(row, count);
  }
  return count;
}

export function toPoll(row: PollRow): Poll {
  const options = optionsOf(row);
  return {
    id: row.id,
    sessionId: row.sessionId,
    question: row.question,
    kind: row.kind,
    ...(row.kind === 'single' || row.kind === 'multiple' ? { options } : {}),
    ...(row.kind === 'multiple' ? { maxChoices: Number(row.maxChoices ?? options.length) } : {}),
    ...(row.kind === 'rating' ? { scale: Number(row.scale) } : {}),
    anonymous: asBool(row.anonymous),
    showResults: row.showResults,
    status: row.status,
    openedAt: row.openedAt,
    closedAt: row.closedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export const maskOf = (choices: readonly number[]): number =>
  choices.reduce((mask, index) => mask | (1 << index), 0);

export function choicesOf(mask: number): number[] {
  const choices: number[] = [];
  for (let index = 0; index < 10; index++) {
    if (mask & (1 << index)) {
      choices.push(index);
    }
  }
  return choices;
}

/** The latest of the clientIds a vote row remembers. */
export const latestClientId = (row: VoteRow): string =>
  row.clientIds.slice(row.clientIds.lastIndexOf(',') + 1);

export function toVote(row: VoteRow): PollVote {
  // Built key by key rather than by spreads: every acknowledged vote of a storm builds one.
  const vote = {} as PollVote;
  if (row.choiceMask !== null) {
    vote.choices = choicesOf(Number(row.choiceMask));
  }
  if (row.rating !== null) {
    vote.rating = Number(row.rating);
  }
  if (row.text !== null) {
    vote.text = row.text;
  }
  vote.clientId = latestClientId(row);
  vote.createdAt = row.createdAt;
  vote.updatedAt = row.updatedAt;
  return vote;
}

/** Who is looking at a poll's results. */
export interface ResultsViewer {
  isModerator: boolean;
  hasVoted: boolean;
}

/**
 * The one rule of result visibility (REST, snapshot, live events and CSV all ask it). Moderators always
 * see results. Others never see a draft's or a `moderators` poll's; a closed poll's always otherwise; an open
 * poll's when it shows results live, or after their own vote when it shows them after voting.
 */
export function maySeeResults(
  poll: { status: PollStatus; showResults: PollResultsVisibility },
  viewer: ResultsViewer,
): boolean {
  if (viewer.isModerator) {
    return true;
  }
  if (poll.showResults === 'moderators' || poll.status === 'draft') {
    return false;
  }
  if (poll.status === 'closed') {
    return true;
  }
  switch (poll.showResults) {
    case 'live':
      return true;
    case 'after-vote':
      return viewer.hasVoted;
    case 'after-close':
      return false;
  }
}
