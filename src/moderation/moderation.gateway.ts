import { ConnectedSocket, MessageBody, SubscribeMessage } from '@nestjs/websockets';

import { SetSessionStatusDto } from '../realtime/dto/session.dto';
import { LiveGateway } from '../realtime/live-gateway.decorator';
import type { LiveSocket } from '../realtime/live-hub';
import { LiveSessionsService } from '../realtime/live-sessions.service';
import { authorOf, joinedBy } from '../realtime/live-socket';
import type { EmptyResult, SessionResult } from '../realtime/realtime.contract';
import { assertJoined } from '../chat/chat.service';
import { BanDto, MuteDto, UnmuteDto } from './dto/moderation.dto';
import { ModerationService } from './moderation.service';

@LiveGateway()
export class ModerationGateway {
  constructor(
    private readonly moderation: ModerationService,
    private readonly sessions: LiveSessionsService,
  ) {}

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

  @SubscribeMessage('session:set-status')
  async setStatus(
    @MessageBody() input: SetSessionStatusDto,
    @ConnectedSocket() socket: LiveSocket,
  ): Promise<SessionResult> {
    assertJoined(joinedBy(socket), input.sessionId);
    return { session: await this.sessions.setStatus(authorOf(socket), input) };
  }
}
