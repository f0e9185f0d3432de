import { en, type MessageKey } from './en';
import type { Translate } from './i18n';

const PREFIX = 'apiError.';

/** The catalogue key for a server (or client: NETWORK, TIMEOUT) error code, or null when none exists. */
export function errorCodeKey(code: string): MessageKey | null {
  const key = `${PREFIX}${code}`;
  return Object.prototype.hasOwnProperty.call(en, key) ? (key as MessageKey) : null;
}

/** Every error code with a message in the catalogues. */
export function localizedErrorCodes(): string[] {
  return Object.keys(en)
    .filter((key) => key.startsWith(PREFIX) && /^[A-Z_]+$/.test(key.slice(PREFIX.length)))
    .map((key) => key.slice(PREFIX.length));
}

function retryAfterSeconds(details: Record<string, unknown> | undefined): number | null {
  const ms = details?.['retryAfterMs'];
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
    return null;
  }
  return Math.max(1, Math.ceil(ms / 1000));
}

/**
 * A sentence in the UI language for an error code from the API (REST body or Socket.IO ack).
 * Unknown codes get a generic message; RATE_LIMITED says when to retry when the server said so.
 */
export function localizeErrorCode(t: Translate, code: string, details?: Record<string, unknown>): string {
  if (code === 'RATE_LIMITED') {
    const seconds = retryAfterSeconds(details);
    if (seconds !== null) {
      return t('apiError.retryIn', { seconds });
    }
  }
  const key = errorCodeKey(code);
  return key ? t(key) : t('apiError.unknown');
}
