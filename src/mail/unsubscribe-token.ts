import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The token of a reminder mail's unsubscribe link: the account id and an HMAC of it under the server secret,
 * so the link needs no login and cannot be made for another account.
 */
export function unsubscribeToken(secret: string, userId: string): string {
  return `${userId}.${mac(secret, userId)}`;
}

/** The account id of a valid token, else null. */
export function verifyUnsubscribeToken(secret: string, token: string): string | null {
  const [userId, given, extra] = token.split('.');
  if (!userId || !given || extra !== undefined || userId.length > 36) {
    return null;
  }
  const expected = Buffer.from(mac(secret, userId));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? userId : null;
}

function mac(secret: string, userId: string): string {
  return createHmac('sha256', secret).update(`unsubscribe-reminders:${userId}`).digest('base64url');
}
