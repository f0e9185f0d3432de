import { DomainError } from '../common/errors/domain-error';
import type { LiveSocket } from './live-hub';
import type { LiveAuthor } from './realtime.contract';

export const authorOf = (socket: LiveSocket): LiveAuthor => ({
  id: socket.data.user.id,
  name: socket.data.user.name,
});

/** Tells a command whether the caller's connection joined a session (sockets must join before acting). */
export type JoinedCheck = (sessionId: string) => boolean;

export function assertJoined(inSession: JoinedCheck | undefined, sessionId: string): void {
  if (inSession && !inSession(sessionId)) {
    throw new DomainError('SESSION_NOT_JOINED', 'Join the session (session:join) before acting in it', {
      sessionId,
    });
  }
}

/** Commands in a session need this socket to have joined it. */
export const joinedBy =
  (socket: LiveSocket): JoinedCheck =>
  (sessionId: string) =>
    Object.prototype.hasOwnProperty.call(socket.data.sessions, sessionId);

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * The client's address as Express computes `req.ip` with `trust proxy = loopback`: the nearest
 * X-Forwarded-For hop that is not a proxy on this machine.
 */
export function addressOf(socket: LiveSocket): string {
  const forwarded = socket.handshake.headers['x-forwarded-for'];
  const hops = [
    socket.handshake.address,
    ...(typeof forwarded === 'string'
      ? forwarded
          .split(',')
          .map((hop) => hop.trim())
          .reverse()
      : []),
  ].filter(Boolean);
  return hops.find((hop) => !LOOPBACK.has(hop)) ?? hops[hops.length - 1] ?? 'unknown';
}

/**
 * Per address, beside the strict per-account limits of the services: lenient, since a whole conference
 * audience may share one NAT address, but a ceiling for one machine driving many accounts.
 */
export const LIVE_IP_LIMITS = {
  chat: { name: 'chat:ip', limit: 300, windowMs: 10_000 },
  ask: { name: 'qa:ask:ip', limit: 200, windowMs: 60_000 },
  vote: { name: 'qa:vote:ip', limit: 1500, windowMs: 10_000 },
};
