import type { AuthenticationService } from '../auth/authentication.service';
import { isLanguageTag, parseAcceptLanguage } from '../common/i18n/language-tags';
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
      ({ principal, tokenId, locale }) => {
        socket.data.user = { id: principal.id, name: principal.name, email: principal.email };
        socket.data.sessions = {};
        socket.data.languages = liveLanguages(
          auth?.lang,
          locale,
          socket.handshake.headers['accept-language'],
        );
        // Joined before the connection is accepted, so a logout that commits from now on reaches it.
        void socket.join(tokenRoom(tokenId));
        next();
      },
      () => next(unauthenticated('The access token is invalid, expired or signed out')),
    );
  };
}

/**
 * The languages the join snapshot's texts are served in, most wanted first: `auth.lang` (a malformed tag is
 * ignored), then the account's saved locale, then the handshake's `Accept-Language`; the first that is one
 * of the event's languages wins, else the originals. The saved locale goes before the header because a
 * browser sets the header from its own settings, not from the language the user chose in Plenary.
 */
export function liveLanguages(
  lang: unknown,
  locale: string | null,
  acceptLanguage: string | string[] | undefined,
): string[] {
  return [
    ...(isLanguageTag(lang) ? [lang] : []),
    ...(locale ? [locale] : []),
    ...parseAcceptLanguage(typeof acceptLanguage === 'string' ? acceptLanguage : undefined),
  ];
}

function unauthenticated(message: string): Error & { data: unknown } {
  const error = new Error('UNAUTHENTICATED') as Error & { data: unknown };
  error.data = { code: 'UNAUTHENTICATED', message };
  return error;
}
