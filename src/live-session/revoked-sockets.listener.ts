import { Injectable, OnModuleInit } from '@nestjs/common';

import '../auth/auth.events';
import { DomainEvents } from '../common/domain-events/domain-events';
import { LiveHub } from '../realtime/live-hub';
import { tokenRoom, userRoom } from '../realtime/rooms';

/**
 * Sockets of revoked tokens and deleted accounts are disconnected. `disconnectSockets` goes through the
 * adapter, so with REDIS_URL it reaches the sockets on every node.
 */
@Injectable()
export class RevokedSocketsListener implements OnModuleInit {
  constructor(
    private readonly hub: LiveHub,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.events.on('auth.tokens-revoked', ({ userId, tokenId }) => {
      this.hub.server?.in(tokenId === null ? userRoom(userId) : tokenRoom(tokenId)).disconnectSockets(true);
    });
  }
}
