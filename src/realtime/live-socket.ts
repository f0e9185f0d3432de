import type { JoinedCheck } from '../chat/chat.service';
import type { LiveSocket } from './live-hub';
import type { LiveAuthor } from './realtime.contract';

export const authorOf = (socket: LiveSocket): LiveAuthor => ({
  id: socket.data.user.id,
  name: socket.data.user.name,
});

/** Commands in a session need this socket to have joined it. */
export const joinedBy =
  (socket: LiveSocket): JoinedCheck =>
  (sessionId: string) =>
    Object.prototype.hasOwnProperty.call(socket.data.sessions, sessionId);
