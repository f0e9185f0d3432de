import { ConnectedSocket, MessageBody, SubscribeMessage } from '@nestjs/websockets';

import { LiveGateway } from '../realtime/live-gateway.decorator';
import type { LiveSocket } from '../realtime/live-hub';
import { assertJoined, authorOf, joinedBy } from '../realtime/live-socket';
import type { EmptyResult } from '../realtime/realtime.contract';
import { BanDto, MuteDto, UnmuteDto } from './dto/moderation.dto';
import { ModerationService } from './moderation.service';

@LiveGateway()
export class ModerationGateway {
  constructor(private readonly moderation: ModerationService) {}

  @SubscribeMessage('moderation:mute')
  async mute(@MessageBody() input: MuteDto, @ConnectedSocket() socket: LiveSocket): Promise<EmptyResult> {
    assertJoined(joinedBy(socket), input.sessionId);
    await this.moderation.mute(authorOf(socket), input);
    return {};
  }

  @SubscribeMessage('moderation:unmute')
  async unmute(@MessageBody() input: UnmuteDto, @ConnectedSocket() socket: LiveSocket): Promise<EmptyResult> {
    assertJoined(joinedBy(socket), input.sessionId);
    await this.moderation.unmute(authorOf(socket), input);
    return {};
  }

  @SubscribeMessage('moderation:ban')
  async ban(@MessageBody() input: BanDto, @ConnectedSocket() socket: LiveSocket): Promise<EmptyResult> {
    await this.moderation.ban(authorOf(socket), input);
    return {};
  }

  @SubscribeMessage('moderation:unban')
  async unban(@MessageBody() input: BanDto, @ConnectedSocket() socket: LiveSocket): Promise<EmptyResult> {
    await this.moderation.unban(authorOf(socket), input);
    return {};
  }
}
