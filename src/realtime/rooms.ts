/** Socket.IO room names, in one place so every emit and join agrees. */
export const sessionRoom = (sessionId: string): string => `session:${sessionId}`;
/** Moderators and organizers in one session: they see pending questions and anonymous authors. */
export const sessionModeratorsRoom = (sessionId: string): string => `session:${sessionId}:moderators`;
/** One user's sockets in one session (their own pending and anonymous questions). */
export const sessionUserRoom = (sessionId: string, userId: string): string =>
  `session:${sessionId}:user:${userId}`;
/** All of one user's sockets (notifications). */
export const userRoom = (userId: string): string => `user:${userId}`;
/** One user's sockets that joined a session of one event (a ban disconnects them). */
export const eventUserRoom = (eventId: string, userId: string): string => `event:${eventId}:user:${userId}`;
/** The sockets that signed in with one access token (its logout disconnects them). */
export const tokenRoom = (tokenId: string): string => `token:${tokenId}`;
/**
 * One user's sockets in one session that may see a poll's results because the user voted (`after-vote`).
 * Under the session's prefix, so leaving the session leaves it too.
 */
export const pollVotersRoom = (sessionId: string, pollId: string): string =>
  `session:${sessionId}:poll:${pollId}:voters`;
