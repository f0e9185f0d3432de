/** What a statement's text says about it, for code that sees SQL it did not write. */

const SELECT = /^\s*SELECT\b/i;
const WRITE_TARGET =
  /^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+"?(\w+)"?/i;

/** A plain SELECT, which surely changes nothing (anything else is assumed to write). */
export const isPlainSelect = (sql: string): boolean => SELECT.test(sql);

/** The table an INSERT, REPLACE, UPDATE or DELETE writes to; null when the text does not say (e.g. `WITH …`). */
export const writeTarget = (sql: string): string | null => WRITE_TARGET.exec(sql)?.[1] ?? null;
