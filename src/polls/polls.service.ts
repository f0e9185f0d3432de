import { Injectable } from '@nestjs/common';

import { DomainError } from '../common/errors/domain-error';
import { newId } from '../common/ids';
import { LiveAccess, loadAccess, requireModerator, requireSessionInEvent } from '../live-access/live-access';
import { LiveDb, LiveOp } from '../realtime/live-db';
import type { LiveChange, Poll, PollEntry, PollResults, PollTally } from '../realtime/realtime.contract';
import { CreatePollDto, UpdatePollDto } from './dto/poll.dto';
import { resultsOf, tallyOf } from './poll-results';
import { PollTallies } from './poll-tallies';
import { maySeeResults, PollRow, ResultsViewer, toPoll, toVote, VoteRow } from './poll.view';
import {
  deleteDraft,
  ExportRow,
  findPoll,
  findVote,
  insertPoll,
  pollChangesAfter,
  pollsOfSession,
  publishedPollsOfSession,
  updateDraft,
  votesForExport,
  votesOfUserInSession,
} from './polls.queries';

export const pollNotFound = (): DomainError => new DomainError('POLL_NOT_FOUND', 'No such poll was found');

/** A production overlay sees results as the audience at large: no moderator, no vote of its own. */
const OVERLAY_VIEWER: ResultsViewer = { isModerator: false, hasVoted: false };

/** The longest resume a join replays (as chat and Q&A). */
const MAX_RESUME_POLL_CHANGES = 1000;

type PollFields = Pick<
  PollRow,
  'question' | 'kind' | 'options' | 'maxChoices' | 'scale' | 'anonymous' | 'showResults'
>;

/** The rules between a poll's fields: options for choice polls only, maxChoices for multiple, scale for rating. */
export function pollFields(input: CreatePollDto): PollFields {
  const fail = (field: string, message: string): never => {
    throw new DomainError('VALIDATION_FAILED', message, { fields: { [field]: [message] } });
  };
  const choice = input.kind === 'single' || input.kind === 'multiple';
  if (choice && !input.options) {
    fail('options', 'options must list 2 to 10 answers for a choice poll');
  }
  if (!choice && input.options !== undefined) {
    fail('options', `a ${input.kind} poll takes no options`);
  }
  if (
    input.options &&
    new Set(input.options.map((option) => option.toLowerCase())).size !== input.options.length
  ) {
    fail('options', 'options must differ from each other');
  }
  if (input.maxChoices !== undefined && input.kind !== 'multiple') {
    fail('maxChoices', 'maxChoices goes only with a multiple choice poll');
  }
  if (input.maxChoices !== undefined && input.maxChoices > (input.options?.length ?? 0)) {
    fail('maxChoices', 'maxChoices must not exceed the number of options');
  }
  if (input.scale !== undefined && input.kind !== 'rating') {
    fail('scale', 'scale goes only with a rating poll');
  }
  return {
    question: input.question,
    kind: input.kind,
    options: choice ? JSON.stringify(input.options) : null,
    maxChoices: input.kind === 'multiple' ? (input.maxChoices ?? input.options!.length) : null,
    scale: input.kind === 'rating' ? (input.scale ?? 5) : null,
    anonymous: input.anonymous ?? true,
    showResults: input.showResults ?? 'after-vote',
  };
}

/** Drafts, lists, results, the CSV and the join snapshot's polls (opening, closing, voting: PollCommands). */
@Injectable()
export class PollsService {
  constructor(
    private readonly db: LiveDb,
    private readonly tallies: PollTallies,
  ) {}

  async create(actorId: string, slug: string, sessionId: string, input: CreatePollDto): Promise<Poll> {
    const fields = pollFields(input);
    const row = await this.db.write(function* (): LiveOp<PollRow> {
      const access = yield* loadAccess(sessionId, actorId, slug);
      requireModerator(access);
      const now = new Date().toISOString();
      const poll: PollRow = {
        id: newId(),
        sessionId,
        eventId: access.session.eventId,
        ...fields,
        status: 'draft',
        createdById: actorId,
        openedAt: null,
        closedAt: null,
        createdAt: now,
        updatedAt: now,
      };
      yield* insertPoll(poll);
      return poll;
    });
    return toPoll(row);
  }

  async update(
    actorId: string,
    path: { slug: string; sessionId: string; pollId: string },
    input: UpdatePollDto,
  ): Promise<Poll> {
    const row = await this.db.write(function* (): LiveOp<PollRow> {
      const { poll } = yield* moderatedPoll(actorId, path);
      const current = toPoll(poll);
      // A changed kind starts from none of the old kind's fields.
      const sameKind = input.kind === undefined || input.kind === poll.kind;
      const merged = pollFields({
        question: input.question ?? current.question,
        kind: input.kind ?? current.kind,
        options: input.options ?? (sameKind ? current.options : undefined),
        maxChoices:
          input.maxChoices ?? (sameKind && input.options === undefined ? current.maxChoices : undefined),
        scale: input.scale ?? (sameKind ? current.scale : undefined),
        anonymous: input.anonymous ?? current.anonymous,
        showResults: input.showResults ?? current.showResults,
      });
      const updated: PollRow = { ...poll, ...merged, updatedAt: new Date().toISOString() };
      if ((yield* updateDraft(updated)) === 0) {
        throw notDraft(poll);
      }
      return updated;
    });
    return toPoll(row);
  }

  async remove(actorId: string, path: { slug: string; sessionId: string; pollId: string }): Promise<void> {
    await this.db.write(function* (): LiveOp<void> {
      const { poll } = yield* moderatedPoll(actorId, path);
      if ((yield* deleteDraft(poll.id)) === 0) {
        throw notDraft(poll);
      }
    });
  }

  /** Moderators: every poll; others: open and closed ones. */
  async list(viewerId: string, slug: string, sessionId: string): Promise<Poll[]> {
    const rows = await this.db.read(function* () {
      const access = yield* loadAccess(sessionId, viewerId, slug);
      return access.isModerator
        ? yield* pollsOfSession(sessionId)
        : yield* publishedPollsOfSession(sessionId);
    });
    return rows.map(toPoll);
  }

  /** The results the viewer may see now, else RESULTS_HIDDEN. */
  async results(
    viewerId: string,
    path: { slug: string; sessionId: string; pollId: string },
  ): Promise<PollResults> {
    return this.db.read(function* () {
      const access = yield* loadAccess(path.sessionId, viewerId, path.slug);
      const poll = yield* findPoll(path.pollId);
      if (!poll || poll.sessionId !== path.sessionId || (poll.status === 'draft' && !access.isModerator)) {
        throw pollNotFound();
      }
      const hasVoted = !access.isModerator && (yield* findVote(poll.id, viewerId)) !== undefined;
      if (!maySeeResults(poll, { isModerator: access.isModerator, hasVoted })) {
        throw new DomainError('RESULTS_HIDDEN', resultsHiddenReason(poll.showResults), {
          showResults: poll.showResults,
        });
      }
      return yield* resultsOf(poll, access.isModerator);
    });
  }

  /**
   * What a production overlay shows of a session's polls: the open poll, else the most recently closed one
   * whose results are public (its final results stay up until another poll opens). An overlay is broadcast to
   * everyone, voters or not, so it sees results as an attendee who has not voted: `live` while open,
   * `after-vote` and `after-close` once closed, `moderators` never. Counts only, never answers or names.
   */
  async forOverlay(sessionId: string): Promise<{ poll: Poll; results: PollTally | null } | null> {
    return this.db.read(function* () {
      const rows = yield* publishedPollsOfSession(sessionId);
      const shown =
        rows.find((row) => row.status === 'open') ??
        rows
          .filter((row) => maySeeResults(row, OVERLAY_VIEWER))
          .sort((a, b) => (b.closedAt ?? '').localeCompare(a.closedAt ?? ''))[0];
      if (!shown) {
        return null;
      }
      return {
        poll: toPoll(shown),
        results: maySeeResults(shown, OVERLAY_VIEWER) ? yield* tallyOf(shown) : null,
      };
    });
  }

  /** Every poll and vote of the session for the CSV (moderators and organizers; checked by the caller). */
  async forExport(eventId: string, sessionId: string): Promise<{ polls: PollRow[]; votes: ExportRow[] }> {
    return this.db.read(function* () {
      // Another event's session is not found, as on every path that names one.
      yield* requireSessionInEvent(eventId, sessionId);
      const polls = (yield* pollsOfSession(sessionId)).filter((poll) => poll.eventId === eventId);
      return { polls, votes: polls.length > 0 ? yield* votesForExport(sessionId) : [] };
    });
  }

  /**
   * The join snapshot's polls: every poll to moderators, the open and closed ones to others, each with the
   * user's vote and the results when the user may see them (from the tally PollTallies keeps); with
   * `after`, the poll changes since.
   */
  async forJoin(
    access: LiveAccess,
    after: number | undefined,
  ): Promise<{ polls: PollEntry[]; changes: LiveChange[]; votedOn: string[] }> {
    const sessionId = access.session.id;
    const tallies = this.tallies;
    return this.db.read(function* () {
      const rows = access.isModerator
        ? yield* pollsOfSession(sessionId)
        : yield* publishedPollsOfSession(sessionId);
      const votes = new Map<string, VoteRow>();
      if (rows.length > 0) {
        for (const vote of yield* votesOfUserInSession(sessionId, access.userId)) {
          votes.set(vote.pollId, vote);
        }
      }
      const entries = new Map<string, PollEntry>();
      for (const row of rows) {
        const vote = votes.get(row.id);
        const entry: PollEntry = { poll: toPoll(row), vote: vote ? toVote(vote) : null };
        if (maySeeResults(row, { isModerator: access.isModerator, hasVoted: vote !== undefined })) {
          // The kept tally (SQLite): a join storm right after a vote storm counts nothing per joiner.
          entry.results = yield* resultsOf(row, access.isModerator, yield* tallies.countsIn(row));
        }
        entries.set(row.id, entry);
      }
      const changes: LiveChange[] = [];
      if (after !== undefined) {
        for (const change of yield* pollChangesAfter(sessionId, after, MAX_RESUME_POLL_CHANGES)) {
          const entry = entries.get(change.pollId);
          if (!entry) {
            continue;
          }
          changes.push(
            change.kind === 'poll-opened'
              ? { seq: change.seq, kind: 'poll-opened', poll: entry.poll }
              : {
                  seq: change.seq,
                  kind: 'poll-closed',
                  poll: entry.poll,
                  ...(entry.results ? { results: entry.results } : {}),
                },
          );
        }
      }
      return { polls: [...entries.values()], changes, votedOn: [...votes.keys()] };
    });
  }
}

function* moderatedPoll(
  actorId: string,
  path: { slug: string; sessionId: string; pollId: string },
): LiveOp<{ poll: PollRow; access: LiveAccess }> {
  const access = yield* loadAccess(path.sessionId, actorId, path.slug);
  requireModerator(access);
  const poll = yield* findPoll(path.pollId);
  if (!poll || poll.sessionId !== path.sessionId) {
    throw pollNotFound();
  }
  return { poll, access };
}

const notDraft = (poll: PollRow): DomainError =>
  new DomainError('POLL_NOT_DRAFT', 'Only a draft poll can be changed or deleted', { status: poll.status });

function resultsHiddenReason(showResults: PollRow['showResults']): string {
  switch (showResults) {
    case 'after-vote':
      return 'The results of this poll are shown after you vote';
    case 'after-close':
      return 'The results of this poll are shown once it is closed';
    case 'moderators':
      return 'The results of this poll are shown to moderators only';
    case 'live':
      return 'The results of this poll are not available';
  }
}
