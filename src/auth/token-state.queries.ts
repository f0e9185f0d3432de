import { all, get, LiveOp } from '../realtime/live-db';
import { liveRow } from '../realtime/live-rows';

/** What a token check needs of an account's settings (no settings row yet: every token is version 0). */
export interface TokenSettingsRow {
  tokenVersion: number;
  authStamp: number;
  locale: string;
}

const SETTINGS_ROW = liveRow<TokenSettingsRow>('account_settings', {
  tokenVersion: 'number',
  authStamp: 'number',
  locale: 'text',
});

/**
 * The account's token settings, `null` when it has none yet, `undefined` when the account does not exist.
 * One statement through LiveDb's prepared statements: every handshake of a new attendee reads it.
 */
export function* selectTokenSettings(userId: string): LiveOp<TokenSettingsRow | null | undefined> {
  const row = yield* get<{ id: string } & { [K in keyof TokenSettingsRow]: TokenSettingsRow[K] | null }>(
    `SELECT u."id", ${SETTINGS_ROW.list('s')} FROM users u
     LEFT JOIN account_settings s ON s."userId" = u."id" WHERE u."id" = ?`,
    userId,
  );
  if (!row) {
    return undefined;
  }
  return row.tokenVersion === null
    ? null
    : { tokenVersion: Number(row.tokenVersion), authStamp: Number(row.authStamp), locale: row.locale! };
}

/** Ids of the account's signed-out tokens that have not expired yet. */
export function* selectRevokedTokenIds(userId: string, now: string): LiveOp<string[]> {
  const rows = yield* all<{ tokenId: string }>(
    `SELECT "tokenId" FROM revoked_tokens WHERE "userId" = ? AND "expiresAt" > ?`,
    userId,
    now,
  );
  return rows.map((row) => row.tokenId);
}
