import { ConnectedSocket, MessageBody, SubscribeMessage } from '@nestjs/websockets';

import { RateLimiter } from '../common/rate-limit/rate-limiter';
import { LiveCommands } from '../realtime/live-commands';
import { LiveGateway } from '../realtime/live-gateway.decorator';
import type { LiveSocket } from '../realtime/live-hub';
import { assertJoined, joinedBy } from '../realtime/live-socket';
import type { EmptyResult } from '../realtime/realtime.contract';
import { acceptReaction, ReactionDto } from './dto/reaction.dto';
import { ReactionBursts } from './reaction-bursts';

export const REACTION_RATE = { name: 'reaction', limit: 2, windowMs: 1000 };

@LiveGateway()
export class ReactionsGateway {
  constructor(
    private readonly bursts: ReactionBursts,
    private readonly limiter: RateLimiter,
    commands: LiveCommands,
  ) {
    // Thousands a second in a full room: bound directly (see LiveCommands).
    commands.register('reaction:send', ReactionDto, acceptReaction, (input, socket) =>
      this.send(input, socket),
    );
  }

  /**
   * Any user who joined the session (the join checked registration and bans; a later ban disconnects, a
   * cancelled registration leaves the room) may react: no database read per reaction.
   */
  @SubscribeMessage('reaction:send')
  async send(@MessageBody() input: ReactionDto, @ConnectedSocket() socket: LiveSocket): Promise<EmptyResult> {
    assertJoined(joinedBy(socket), input.sessionId);
    await this.limiter.consume(REACTION_RATE, socket.data.user.id);
    this.bursts.add(input.sessionId, input.emoji);
    return {};
  }
}
