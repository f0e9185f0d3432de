import { Injectable, OnModuleInit } from '@nestjs/common';

import { DomainEvents } from '../common/domain-events/domain-events';
import { logger } from '../common/logging/json-logger';
import type { LiveAccess } from '../live-access/live-access';
import { LiveHub, LiveSocket } from '../realtime/live-hub';
import { LiveSessionsService } from './live-sessions.service';
import { PresenceTracker } from '../realtime/presence';
import { eventUserRoom, sessionModeratorsRoom, sessionRoom, sessionUserRoom } from '../realtime/rooms';

/**
 * Which rooms a socket is in, kept in step with its permissions: rooms are joined only after an
 * authorization check, and a staff or registration change re-checks the user's sockets at once (a moderator
 * who loses the role stops receiving pending questions; a cancelled registration leaves the room).
 */
@Injectable()
export class RoomMembership implements OnModuleInit {
  constructor(
    private readonly hub: LiveHub,
    private readonly presence: PresenceTracker,
    private readonly sessions: LiveSessionsService,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    // The change happened on this node; the user's sockets may be on any node.
    const everywhere = ({ eventId, userId }: { eventId: string; userId: string }): Promise<void> => {
      this.hub.toOtherNodes('live:recheck', eventId, userId);
      return this.recheck(eventId, userId);
    };
    this.events.on('staff.changed', everywhere);
    this.events.on('registration.changed', everywhere);
    this.hub.onNodeEvent('live:recheck', (eventId, userId) => void this.recheck(eventId, userId));
  }

  enter(socket: LiveSocket, access: LiveAccess): void {
    const sessionId = access.session.id;
    const userId = socket.data.user.id;
    const already = Object.prototype.hasOwnProperty.call(socket.data.sessions, sessionId);
    const rooms = [
      sessionRoom(sessionId),
      sessionUserRoom(sessionId, userId),
      eventUserRoom(access.session.eventId, userId),
    ];
    if (access.isModerator) {
      rooms.push(sessionModeratorsRoom(sessionId));
    } else {
      void socket.leave(sessionModeratorsRoom(sessionId));
    }
    void socket.join(rooms);
    socket.data.sessions[sessionId] = { eventId: access.session.eventId };
    if (!already) {
      this.presence.add(sessionId, userId);
    }
  }

  leave(socket: LiveSocket, sessionId: string): void {
    const joined = socket.data.sessions[sessionId];
    if (!joined) {
      return;
    }
    const userId = socket.data.user.id;
    delete socket.data.sessions[sessionId];
    for (const room of [
      sessionRoom(sessionId),
      sessionUserRoom(sessionId, userId),
      sessionModeratorsRoom(sessionId),
    ]) {
      void socket.leave(room);
    }
    // Rooms a feature keeps under the session's prefix (a poll's voters) go with the session.
    const prefix = `${sessionRoom(sessionId)}:`;
    for (const room of [...socket.rooms]) {
      if (room.startsWith(prefix)) {
        void socket.leave(room);
      }
    }
    if (!Object.values(socket.data.sessions).some((session) => session.eventId === joined.eventId)) {
      void socket.leave(eventUserRoom(joined.eventId, userId));
    }
    this.presence.remove(sessionId, userId);
  }

  /** On disconnect: forget every session of the socket (Socket.IO already left its rooms). */
  leaveAll(socket: LiveSocket): void {
    for (const sessionId of Object.keys(socket.data.sessions ?? {})) {
      this.presence.remove(sessionId, socket.data.user.id);
    }
    socket.data.sessions = {};
  }

  private async recheck(eventId: string, userId: string): Promise<void> {
    const server = this.hub.server;
    if (!server) {
      return;
    }
    // Only this user's sockets in a session of the event (copied: leaving changes the room).
    const socketIds = [...(server.adapter.rooms.get(eventUserRoom(eventId, userId)) ?? [])];
    for (const socketId of socketIds) {
      const socket = server.sockets.get(socketId);
      if (!socket) {
        continue;
      }
      for (const [sessionId, joined] of Object.entries(socket.data.sessions)) {
        if (joined.eventId !== eventId) {
          continue;
        }
        try {
          this.enter(socket, await this.sessions.authorize(userId, sessionId));
        } catch (error) {
          logger.debug('live access withdrawn', { sessionId, userId, reason: (error as Error).message });
          this.leave(socket, sessionId);
        }
      }
    }
  }
}
