import { OnModuleDestroy } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketServer,
} from '@nestjs/websockets';

import { AuthenticationService } from '../auth/authentication.service';
import {
  acceptJoinSession,
  JoinSessionDto,
  SessionRefDto,
  SetSessionStatusDto,
} from '../realtime/dto/session.dto';
import { LiveCommands } from '../realtime/live-commands';
import { LiveGateway } from '../realtime/live-gateway.decorator';
import { LiveHub, LiveNamespace, LiveSocket } from '../realtime/live-hub';
import { LiveMetrics } from '../realtime/live-metrics';
import { LiveJoinParts } from '../realtime/join-parts';
import { LiveSessionsService } from './live-sessions.service';
import { PresenceTracker } from '../realtime/presence';
import { assertJoined, authorOf, joinedBy } from '../realtime/live-socket';
import type { EmptyResult, JoinSessionResult, SessionResult } from '../realtime/realtime.contract';
import { RoomMembership } from './room-membership';
import { userRoom } from '../realtime/rooms';
import { wsAuthMiddleware } from '../realtime/ws-auth.middleware';

/**
 * The one owner of `/live` connections: handshake auth, the user room, joining and leaving sessions, and a
 * session's live status.
 */
@LiveGateway()
export class RealtimeGateway
  implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy
{
  @WebSocketServer() private namespace!: LiveNamespace;

  constructor(
    private readonly authentication: AuthenticationService,
    private readonly hub: LiveHub,
    private readonly sessions: LiveSessionsService,
    private readonly membership: RoomMembership,
    private readonly presence: PresenceTracker,
    private readonly metrics: LiveMetrics,
    private readonly joinParts: LiveJoinParts,
    commands: LiveCommands,
  ) {
    // Every attendee's first command, all at once when a session opens: bound directly (see LiveCommands).
    commands.register('session:join', JoinSessionDto, acceptJoinSession, (input, socket) =>
      this.join(input, socket),
    );
  }

  afterInit(namespace: LiveNamespace): void {
    namespace.use(wsAuthMiddleware(this.authentication));
    this.hub.attach(namespace);
  }

  handleConnection(socket: LiveSocket): void {
    this.metrics.sockets.inc();
    void socket.join(userRoom(socket.data.user.id));
  }

  handleDisconnect(socket: LiveSocket): void {
    this.metrics.sockets.dec();
    if (socket.data.user) {
      this.membership.leaveAll(socket);
    }
  }

  @SubscribeMessage('session:join')
  async join(
    @MessageBody() input: JoinSessionDto,
    @ConnectedSocket() socket: LiveSocket,
  ): Promise<JoinSessionResult> {
    const access = await this.sessions.authorize(socket.data.user.id, input.sessionId);
    // Join the rooms before reading the snapshot: a change committed in between then arrives twice
    // (snapshot and broadcast, deduplicated by id) instead of never.
    const rejoin = Object.prototype.hasOwnProperty.call(socket.data.sessions, input.sessionId);
    this.membership.enter(socket, access);
    let session, snapshot, count, parts;
    try {
      [session, snapshot, count, parts] = await Promise.all([
        this.sessions.view(access.session.eventId, access.session.id, socket.data.languages),
        this.sessions.snapshot(access, input.after),
        this.presence.countEverywhere(access.session.id),
        this.joinParts.collect(access, input.after, socket),
      ]);
    } catch (error) {
      if (!rejoin) {
        this.membership.leave(socket, input.sessionId);
      }
      throw error;
    }
    this.metrics.joins.inc();
    return this.joinParts.merge(
      {
        session,
        ...snapshot,
        polls: [],
        presence: { sessionId: access.session.id, count },
        role: access.role,
        mutedUntil: access.mutedUntil,
      },
      parts,
    );
  }

  @SubscribeMessage('session:leave')
  leave(@MessageBody() input: SessionRefDto, @ConnectedSocket() socket: LiveSocket): EmptyResult {
    this.membership.leave(socket, input.sessionId);
    return {};
  }

  /** Moderators mark a session live or ended (and open or close its Q&A). */
  @SubscribeMessage('session:set-status')
  async setStatus(
    @MessageBody() input: SetSessionStatusDto,
    @ConnectedSocket() socket: LiveSocket,
  ): Promise<SessionResult> {
    assertJoined(joinedBy(socket), input.sessionId);
    return { session: await this.sessions.setStatus(authorOf(socket), input) };
  }

  /** Tell every client before the server goes away, so they reconnect (with jitter) and resume with `after`. */
  async onModuleDestroy(): Promise<void> {
    if (!this.namespace) {
      return;
    }
    // `local`: with the Redis adapter a plain emit would tell the clients of every node to go.
    this.namespace.local.emit('server:shutdown', { reconnectAfterMs: 1000 });
    this.namespace.local.disconnectSockets(true);
    // Each connection closes once its write buffer (the notice, the last acks and broadcasts) is flushed;
    // closing the server before that would discard them. Wait for that, a second at most.
    const engine = this.namespace.server.engine;
    for (let waited = 0; engine.clientsCount > 0 && waited < 1000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
