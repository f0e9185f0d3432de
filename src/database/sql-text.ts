/** What a statement's text says about it, for code that sees SQL it did not write. */

const SELECT = /^\s*SELECT\b/i;
const WRITE_TARGET =
  /^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+"?(\w+)"?/i;

/** A plain SELECT, which surely changes nothing (anything else is assumed to write). */
export const isPlainSelect = (sql: string): boolean => SELECT.test(sql);

/** The table an INSERT, REPLACE, UPDATE or DELETE writes to; null when the text does not say (e.g. `WITH …`). */
export const writeTarget = (sql: string): string | null => WRITE_TARGET.exec(sql)?.[1] ?? null;

/** What a statement TypeORM ran may have changed, for caches of rows read elsewhere. */
export type StatementEffect =
  | { kind: 'begin' }
  /** COMMIT, RELEASE, SAVEPOINT: no row changes. */
  | { kind: 'none' }
  /** ROLLBACK, also to a savepoint: undoes the writes since the transaction began. */
  | { kind: 'rollback' }
  /** An INSERT or UPDATE: rows of this one table (no cascades: the schema has no ON UPDATE rules or triggers). */
  | { kind: 'write'; table: string }
  /** Anything else (DELETE with its cascades, REPLACE, DDL, PRAGMA, …): any row may have changed. */
  | { kind: 'any' };

const VERB = /^\s*(\w+)/;
const ONE_TABLE_WRITE = /^\s*(?:INSERT\s+INTO|UPDATE(?!\s+OR\s))\s+"?(\w+)"?/i;

export function statementEffect(sql: string): StatementEffect {
  const verb = VERB.exec(sql)?.[1]?.toUpperCase() ?? '';
  switch (verb) {
    case 'BEGIN':
      return { kind: 'begin' };
    case 'COMMIT':
    case 'END':
    case 'RELEASE':
    case 'SAVEPOINT':
      return { kind: 'none' };
    case 'ROLLBACK':
      return { kind: 'rollback' };
  }
  const table = ONE_TABLE_WRITE.exec(sql)?.[1];
  return table ? { kind: 'write', table } : { kind: 'any' };
}
