import { OnModuleInit } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage } from '@nestjs/websockets';

import { RateLimiter } from '../common/rate-limit/rate-limiter';
import { LiveJoinParts } from '../realtime/join-parts';
import { LiveCommands } from '../realtime/live-commands';
import { LiveGateway } from '../realtime/live-gateway.decorator';
import type { LiveSocket } from '../realtime/live-hub';
import { addressOf, joinedBy, LIVE_IP_LIMITS } from '../realtime/live-socket';
import type { PollResult, PollVoteResult } from '../realtime/realtime.contract';
import { pollVotersRoom } from '../realtime/rooms';
import { acceptPollVote, PollRefDto, PollVoteDto } from './dto/poll.dto';
import { PollCommands } from './poll-commands.service';
import { PollsService } from './polls.service';

/** Per account: changing one's mind is fine, a script hammering the poll is not. */
export const POLL_VOTE_RATE = { name: 'poll:vote', limit: 20, windowMs: 10_000 };

@LiveGateway()
export class PollsGateway implements OnModuleInit {
  constructor(
    private readonly commands: PollCommands,
    private readonly polls: PollsService,
    private readonly limiter: RateLimiter,
    private readonly joinParts: LiveJoinParts,
    live: LiveCommands,
  ) {
    // A whole room votes within seconds: bound directly (see LiveCommands).
    live.register('poll:vote', PollVoteDto, acceptPollVote, (input, socket) => this.vote(input, socket));
  }

  onModuleInit(): void {
    this.joinParts.register(async (access, after, socket) => {
      const { polls, changes, votedOn } = await this.polls.forJoin(access, after);
      // Results shown after voting reach this socket from now on for the polls its user voted on.
      const rooms = polls
        .filter((entry) => votedOn.includes(entry.poll.id) && entry.poll.showResults === 'after-vote')
        .map((entry) => pollVotersRoom(access.session.id, entry.poll.id));
      if (rooms.length > 0) {
        void socket.join(rooms);
      }
      return { fields: { polls }, changes };
    });
  }

  @SubscribeMessage('poll:open')
  async open(@MessageBody() input: PollRefDto, @ConnectedSocket() socket: LiveSocket): Promise<PollResult> {
    return { poll: await this.commands.open(socket.data.user.id, input.pollId, joinedBy(socket)) };
  }

  @SubscribeMessage('poll:close')
  async close(@MessageBody() input: PollRefDto, @ConnectedSocket() socket: LiveSocket): Promise<PollResult> {
    return { poll: await this.commands.close(socket.data.user.id, input.pollId, joinedBy(socket)) };
  }

  @SubscribeMessage('poll:vote')
  async vote(
    @MessageBody() input: PollVoteDto,
    @ConnectedSocket() socket: LiveSocket,
  ): Promise<PollVoteResult> {
    // `check`, not `consume`: no promise per check when the limits are kept in this process.
    const byAddress = this.limiter.check(LIVE_IP_LIMITS.vote, addressOf(socket));
    if (byAddress) {
      await byAddress;
    }
    const byUser = this.limiter.check(POLL_VOTE_RATE, socket.data.user.id);
    if (byUser) {
      await byUser;
    }
    return this.commands.vote(socket.data.user.id, input, joinedBy(socket));
  }
}
