import { validationFailed } from '../common/errors/domain-error';

/**
 * The opaque cursor of the change log: the last entry's time and id, so the next page starts strictly after
 * it even when several entries share a millisecond.
 */
export interface ChangeLogCursor {
  createdAt: string;
  id: string;
}

export function encodeCursor(change: ChangeLogCursor): string {
  return Buffer.from(JSON.stringify([change.createdAt, change.id])).toString('base64url');
}

export function decodeCursor(cursor: string): ChangeLogCursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((part) => typeof part === 'string')) {
      return { createdAt: parsed[0], id: parsed[1] };
    }
  } catch {
    // Falls through to the validation error below.
  }
  throw validationFailed({ cursor: ['cursor is not a cursor this endpoint returned'] });
}
