import { ConnectedSocket, MessageBody, SubscribeMessage } from '@nestjs/websockets';

import { LiveGateway } from '../realtime/live-gateway.decorator';
import { LiveCommands } from '../realtime/live-commands';
import type { LiveSocket } from '../realtime/live-hub';
import { RateLimiter } from '../common/rate-limit/rate-limiter';
import { addressOf, authorOf, joinedBy, LIVE_IP_LIMITS } from '../realtime/live-socket';
import type { EmptyResult, MessageResult } from '../realtime/realtime.contract';
import { ChatService } from './chat.service';
import { acceptSendChat, DeleteChatDto, SendChatDto } from './dto/chat.dto';

@LiveGateway()
export class ChatGateway {
  constructor(
    private readonly chat: ChatService,
    private readonly limiter: RateLimiter,
    commands: LiveCommands,
  ) {
    commands.register('chat:send', SendChatDto, acceptSendChat, (input, socket) => this.send(input, socket));
  }

  @SubscribeMessage('chat:send')
  async send(
    @MessageBody() input: SendChatDto,
    @ConnectedSocket() socket: LiveSocket,
  ): Promise<MessageResult> {
    await this.limiter.consume(LIVE_IP_LIMITS.chat, addressOf(socket));
    return { message: await this.chat.send(authorOf(socket), input, joinedBy(socket)) };
  }

  @SubscribeMessage('chat:delete')
  async remove(
    @MessageBody() input: DeleteChatDto,
    @ConnectedSocket() socket: LiveSocket,
  ): Promise<EmptyResult> {
    await this.chat.remove(socket.data.user.id, input.messageId, joinedBy(socket));
    return {};
  }
}
