import { ConnectedSocket, MessageBody, SubscribeMessage } from '@nestjs/websockets';

import { LiveGateway } from '../realtime/live-gateway.decorator';
import type { LiveSocket } from '../realtime/live-hub';
import { authorOf, joinedBy } from '../realtime/live-socket';
import type { EmptyResult, MessageResult } from '../realtime/realtime.contract';
import { ChatService } from './chat.service';
import { DeleteChatDto, SendChatDto } from './dto/chat.dto';

@LiveGateway()
export class ChatGateway {
  constructor(private readonly chat: ChatService) {}

  @SubscribeMessage('chat:send')
  async send(
    @MessageBody() input: SendChatDto,
    @ConnectedSocket() socket: LiveSocket,
  ): Promise<MessageResult> {
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
