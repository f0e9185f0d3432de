import type { TokenService } from '../auth/token.service';
import { isLanguageTag } from '../common/i18n/language-tags';
import type { LiveSocket } from './live-hub';

/**
 * The handshake check: the same TokenService.verify as REST. The token comes from `auth.token` (never the
 * query string); a missing or bad one gives the client `connect_error` with message `UNAUTHENTICATED`.
 */
export function wsAuthMiddleware(tokens: TokenService) {
  return (socket: LiveSocket, next: (error?: Error) => void): void => {
    const auth = socket.handshake.auth as Record<string, unknown> | undefined;
    const token = typeof auth?.token === 'string' ? auth.token.replace(/^Bearer\s+/i, '') : undefined;
    if (!token) {
      next(unauthenticated('An access token is required (auth: { token })'));
      return;
    }
    try {
      const principal = tokens.verify(token);
      socket.data.user = { id: principal.id, name: principal.name, email: principal.email };
      socket.data.sessions = {};
      // The language the join snapshot's texts are served in; a malformed tag is ignored (originals).
      socket.data.lang = isLanguageTag(auth?.lang) ? auth.lang : undefined;
      next();
    } catch {
      next(unauthenticated('The access token is invalid or expired'));
    }
  };
}

function unauthenticated(message: string): Error & { data: unknown } {
  const error = new Error('UNAUTHENTICATED') as Error & { data: unknown };
  error.data = { code: 'UNAUTHENTICATED', message };
  return error;
}
