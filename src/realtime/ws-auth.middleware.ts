import type { AuthenticationService } from '../auth/authentication.service';
import { isLanguageTag } from '../common/i18n/language-tags';
import type { LiveSocket } from './live-hub';
import { tokenRoom } from './rooms';

/**
 * The handshake check: the same AuthenticationService.authenticate as REST (signature, expiry, revocation,
 * account still there). The token comes from `auth.token` (never the query string); a missing, bad or
 * revoked one gives the client `connect_error` with message `UNAUTHENTICATED`.
 */
export function wsAuthMiddleware(authentication: AuthenticationService) {
  return (socket: LiveSocket, next: (error?: Error) => void): void => {
    const auth = socket.handshake.auth as Record<string, unknown> | undefined;
    const token = typeof auth?.token === 'string' ? auth.token.replace(/^Bearer\s+/i, '') : undefined;
    if (!token) {
      next(unauthenticated('An access token is required (auth: { token })'));
      return;
    }
    authentication.authenticate(token).then(
      ({ principal, tokenId }) => {
        socket.data.user = { id: principal.id, name: principal.name, email: principal.email };
        socket.data.sessions = {};
        // The language the join snapshot's texts are served in; a malformed tag is ignored (originals).
        socket.data.lang = isLanguageTag(auth?.lang) ? auth.lang : undefined;
        // Joined before the connection is accepted, so a logout that commits from now on reaches it.
        void socket.join(tokenRoom(tokenId));
        next();
      },
      () => next(unauthenticated('The access token is invalid, expired or signed out')),
    );
  };
}

function unauthenticated(message: string): Error & { data: unknown } {
  const error = new Error('UNAUTHENTICATED') as Error & { data: unknown };
  error.data = { code: 'UNAUTHENTICATED', message };
  return error;
}
