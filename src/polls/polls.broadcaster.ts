import { Injectable, OnModuleInit } from '@nestjs/common';

import { DomainEvents } from '../common/domain-events/domain-events';
import { logger } from '../common/logging/json-logger';
import { LiveDb } from '../realtime/live-db';
import { LiveHub } from '../realtime/live-hub';
import { pollVotersRoom, sessionModeratorsRoom, sessionRoom, sessionUserRoom } from '../realtime/rooms';
import { PollResultsCoalescer } from './poll-results.coalescer';
import { resultsOf } from './poll-results';
import { PollTallies } from './poll-tallies';
import { maySeeResults, PollRow, toPoll } from './poll.view';
import './polls.events';
import { findPoll } from './polls.queries';

/**
 * Turns committed poll changes into broadcasts. Results reach three audiences, each once: the session's
 * moderators (always), then either the whole room (results shown live, or the poll is closed), or the
 * poll's voters room (results shown after voting: a voter's sockets join it when their vote commits), or no
 * one else.
 */
@Injectable()
export class PollsBroadcaster implements OnModuleInit {
  private inOrder: Promise<void> = Promise.resolve();

  constructor(
    private readonly events: DomainEvents,
    private readonly hub: LiveHub,
    private readonly db: LiveDb,
    private readonly coalescer: PollResultsCoalescer,
    private readonly tallies: PollTallies,
  ) {}

  onModuleInit(): void {
    this.events.on('polls.status-changed', ({ poll, seq }) => {
      // In seq order: a close reads results first, and the open that follows it must wait for it.
      if (poll.status === 'closed') {
        this.tallies.forget(poll.id);
      }
      this.inOrder = this.inOrder.then(() =>
        poll.status === 'open' ? this.opened(poll, seq) : this.closed(poll, seq),
      );
    });
    this.events.on('polls.voted', ({ poll, userId, first, previous, ballot }) => {
      this.tallies.voted(poll, previous, ballot);
      if (first && poll.showResults === 'after-vote' && this.hub.server) {
        // Every socket of the voter in this session, on every node (the Redis adapter relays it).
        this.hub.server
          .in(sessionUserRoom(poll.sessionId, userId))
          .socketsJoin(pollVotersRoom(poll.sessionId, poll.id));
      }
      this.coalescer.changed(poll.id);
    });
    this.coalescer.onFlush((pollId) => this.announce(pollId));
  }

  private opened(poll: PollRow, seq: number): void {
    this.hub.server?.to(sessionRoom(poll.sessionId)).emit('poll:opened', { seq, poll: toPoll(poll) });
  }

  private async closed(poll: PollRow, seq: number): Promise<void> {
    const server = this.hub.server;
    if (!server) {
      return;
    }
    const view = toPoll(poll);
    const moderators = sessionModeratorsRoom(poll.sessionId);
    try {
      const [forModerators, forOthers] = await this.db.read(function* () {
        return [yield* resultsOf(poll, true), yield* resultsOf(poll, false)] as const;
      });
      server.to(moderators).emit('poll:closed', { seq, poll: view, results: forModerators });
      const others = server.to(sessionRoom(poll.sessionId)).except(moderators);
      if (maySeeResults(poll, { isModerator: false, hasVoted: false })) {
        others.emit('poll:closed', { seq, poll: view, results: forOthers });
      } else {
        others.emit('poll:closed', { seq, poll: view });
      }
    } catch (error) {
      // Without results rather than never: the change is durable and clients may ask REST for results.
      logger.error('poll:closed results failed', { pollId: poll.id, error: (error as Error).message });
      server.to(sessionRoom(poll.sessionId)).emit('poll:closed', { seq, poll: view });
    }
  }

  private async announce(pollId: string): Promise<void> {
    const server = this.hub.server;
    if (!server) {
      return;
    }
    const poll = await this.db.read(() => findPoll(pollId));
    if (!poll) {
      return;
    }
    const tally = await this.tallies.tally(poll);
    // One broadcast per audience, each socket once: moderators always see the same tally as the others.
    const moderators = sessionModeratorsRoom(poll.sessionId);
    if (maySeeResults(poll, { isModerator: false, hasVoted: false })) {
      server.to([sessionRoom(poll.sessionId), moderators]).emit('poll:results', tally);
    } else if (poll.status === 'open' && poll.showResults === 'after-vote') {
      server.to([pollVotersRoom(poll.sessionId, poll.id), moderators]).emit('poll:results', tally);
    } else {
      server.to(moderators).emit('poll:results', tally);
    }
  }
}
