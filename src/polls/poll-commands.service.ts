import { Injectable } from '@nestjs/common';

import { DomainError } from '../common/errors/domain-error';
import { DomainEvents } from '../common/domain-events/domain-events';
import { insertAuditEntry } from '../audit/audit.queries';
import { loadAccess, requireModerator } from '../live-access/live-access';
import { appendChange } from '../live-access/live-changes.queries';
import { isUniqueViolation, LiveDb, LiveOp } from '../realtime/live-db';
import { assertJoined, JoinedCheck } from '../realtime/live-socket';
import type { Poll, PollVoteResult } from '../realtime/realtime.contract';
import type { PollVoteDto } from './dto/poll.dto';
import { Ballot, ballotOf, firstBallot } from './poll-ballot';
import { PollRow, toPoll, toVote, VoteRow } from './poll.view';
import './polls.events';
import {
  findPoll,
  findVote,
  insertFirstVote,
  insertVote,
  markClosed,
  markOpen,
  openPollsOfSession,
  pollForVote,
  replaceVote,
  voterExists,
} from './polls.queries';
import { pollNotFound } from './polls.service';

/** A vote row remembers this many of its clientIds (a resend of any of them changes nothing). */
const REMEMBERED_CLIENT_IDS = 15;

interface StatusChange {
  poll: PollRow;
  seq: number;
}

/**
 * Opening, closing and voting: durable before the ack, like chat and Q&A. A session has at most one open
 * poll (opening another closes it in the same transaction); a user has one vote per poll, replaced while the
 * poll is open and counted once.
 */
@Injectable()
export class PollCommands {
  constructor(
    private readonly db: LiveDb,
    private readonly events: DomainEvents,
  ) {}

  async open(actorId: string, pollId: string, inSession?: JoinedCheck): Promise<Poll> {
    const sessionId = await this.sessionOf(pollId);
    const changes = await this.db.sessionWrite(sessionId, actorId, () =>
      this.openOp(actorId, pollId, inSession),
    );
    changes.forEach((change) => this.events.emit('polls.status-changed', change));
    const opened = changes.find((change) => change.poll.id === pollId);
    return toPoll(opened?.poll ?? (await this.db.read(() => findPoll(pollId)))!);
  }

  async close(actorId: string, pollId: string, inSession?: JoinedCheck): Promise<Poll> {
    const sessionId = await this.sessionOf(pollId);
    const change = await this.db.sessionWrite(sessionId, actorId, () =>
      this.closeOp(actorId, pollId, inSession),
    );
    if ('seq' in change) {
      this.events.emit('polls.status-changed', change);
    }
    return toPoll(change.poll);
  }

  /** One vote per user and poll; a resend (same or older clientId) returns the current vote unchanged. */
  async vote(userId: string, input: PollVoteDto, inSession?: JoinedCheck): Promise<PollVoteResult> {
    let outcome: VoteOutcome;
    try {
      outcome = await this.db.write(() => this.voteOp(userId, input, inSession));
    } catch (error) {
      // The user's vote row vanished and came back meanwhile on another connection: run again as a change.
      if (!isUniqueViolation(error)) {
        throw error;
      }
      outcome = await this.db.write(() => this.voteOp(userId, input, inSession));
    }
    if (outcome.changed) {
      this.events.emit('polls.voted', {
        poll: outcome.poll,
        userId,
        first: outcome.previous === null,
        previous: outcome.previous,
        ballot: outcome.vote,
      });
    }
    return { pollId: input.pollId, vote: toVote(outcome.vote) };
  }

  private async sessionOf(pollId: string): Promise<string> {
    const poll = await this.db.read(() => findPoll(pollId));
    if (!poll) {
      throw pollNotFound();
    }
    return poll.sessionId;
  }

  private *moderated(actorId: string, pollId: string, inSession: JoinedCheck | undefined): LiveOp<PollRow> {
    const poll = yield* findPoll(pollId);
    if (!poll) {
      throw pollNotFound();
    }
    assertJoined(inSession, poll.sessionId);
    const access = yield* loadAccess(poll.sessionId, actorId);
    requireModerator(access);
    return poll;
  }

  private *openOp(
    actorId: string,
    pollId: string,
    inSession: JoinedCheck | undefined,
  ): LiveOp<StatusChange[]> {
    const poll = yield* this.moderated(actorId, pollId, inSession);
    if (poll.status === 'open') {
      return [];
    }
    if (poll.status === 'closed') {
      throw new DomainError('POLL_CLOSED', 'A closed poll cannot be opened again', { status: poll.status });
    }
    const now = new Date().toISOString();
    const changes: StatusChange[] = [];
    for (const other of yield* openPollsOfSession(poll.sessionId)) {
      const seq = yield* appendChange(poll.sessionId, 'poll-closed', { pollId: other.id }, now);
      yield* markClosed(other.id, now);
      changes.push({ poll: { ...other, status: 'closed', closedAt: now, updatedAt: now }, seq });
    }
    const seq = yield* appendChange(poll.sessionId, 'poll-opened', { pollId }, now);
    yield* markOpen(pollId, now);
    yield* audit(poll, actorId, 'poll.opened', now);
    changes.push({ poll: { ...poll, status: 'open', openedAt: now, updatedAt: now }, seq });
    return changes;
  }

  private *closeOp(
    actorId: string,
    pollId: string,
    inSession: JoinedCheck | undefined,
  ): LiveOp<StatusChange | { poll: PollRow }> {
    const poll = yield* this.moderated(actorId, pollId, inSession);
    if (poll.status === 'closed') {
      return { poll };
    }
    if (poll.status === 'draft') {
      throw new DomainError('INVALID_STATE', 'A draft poll is not open', { status: poll.status });
    }
    const now = new Date().toISOString();
    const seq = yield* appendChange(poll.sessionId, 'poll-closed', { pollId }, now);
    yield* markClosed(pollId, now);
    yield* audit(poll, actorId, 'poll.closed', now);
    return { poll: { ...poll, status: 'closed', closedAt: now, updatedAt: now }, seq };
  }

  private *voteOp(
    userId: string,
    input: PollVoteDto,
    inSession: JoinedCheck | undefined,
  ): LiveOp<VoteOutcome> {
    const poll = yield* pollForVote(input.pollId, this.db.dialect);
    if (!poll) {
      throw pollNotFound();
    }
    assertJoined(inSession, poll.sessionId);
    // A ban refuses here; a mute does not (muting silences chat and questions, not votes).
    const access = yield* loadAccess(poll.sessionId, userId);
    if (poll.status === 'draft') {
      if (!access.isModerator) {
        throw pollNotFound();
      }
      throw new DomainError('INVALID_STATE', 'A draft poll is not open for votes', { status: poll.status });
    }
    if (poll.status === 'open') {
      // The storm's case, in one statement: a first vote on an open poll. Anything else (a changed vote, a
      // resend) finds the row there, writes nothing, and takes the path below.
      // The voter's account must still exist (see voterExists); if it is gone, the path below says so.
      const ballot = firstBallot(poll, input);
      if (ballot && (yield* voterExists(userId, this.db.dialect))) {
        const vote = newVote(poll, userId, input.clientId, ballot, new Date().toISOString());
        if ((yield* insertFirstVote(vote)) === 1) {
          return { poll, vote, changed: true, previous: null };
        }
      }
    }
    const existing = yield* findVote(poll.id, userId);
    if (existing && existing.clientIds.split(',').includes(input.clientId)) {
      return { poll, vote: existing, changed: false, previous: null };
    }
    if (poll.status === 'closed') {
      throw new DomainError('POLL_CLOSED', 'This poll is closed', { status: poll.status });
    }
    const ballot = ballotOf(poll, input);
    const now = new Date().toISOString();
    if (existing) {
      const clientIds = [...existing.clientIds.split(','), input.clientId]
        .slice(-REMEMBERED_CLIENT_IDS)
        .join(',');
      const vote: VoteRow = { ...existing, ...ballot, clientIds, updatedAt: now };
      yield* replaceVote(vote);
      return { poll, vote, changed: true, previous: existing };
    }
    if (!(yield* voterExists(userId, this.db.dialect))) {
      throw new DomainError('UNAUTHENTICATED', 'This account no longer exists');
    }
    const vote = newVote(poll, userId, input.clientId, ballot, now);
    yield* insertVote(vote);
    return { poll, vote, changed: true, previous: null };
  }
}

interface VoteOutcome {
  poll: PollRow;
  vote: VoteRow;
  changed: boolean;
  /** The vote this one replaced. */
  previous: VoteRow | null;
}

function newVote(poll: PollRow, userId: string, clientId: string, ballot: Ballot, now: string): VoteRow {
  return {
    pollId: poll.id,
    userId,
    sessionId: poll.sessionId,
    clientIds: clientId,
    choiceMask: ballot.choiceMask,
    rating: ballot.rating,
    text: ballot.text,
    createdAt: now,
    updatedAt: now,
  };
}

function* audit(poll: PollRow, actorId: string, action: string, now: string): LiveOp<void> {
  yield* insertAuditEntry({
    eventId: poll.eventId,
    actorId,
    action,
    targetType: 'poll',
    targetId: poll.id,
    details: { sessionId: poll.sessionId, question: poll.question },
    now,
  });
}
