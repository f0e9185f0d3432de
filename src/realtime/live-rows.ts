/**
 * Declarations that tie the live features' hand-written SQL to the migrated schema. A feature's
 * `*.queries.ts` declares each row it reads or writes (`liveRow`) and each cached read (`cachedRead`);
 * both are recorded here, and `live-queries.int-spec.ts` / `live-queries.pg-spec.ts` check every one of them
 * against the tables on SQLite and PostgreSQL.
 */

/** How the code reads a column: text, a number (PostgreSQL returns bigint as a string), or a boolean. */
export type ColumnKind = 'text' | 'text?' | 'number' | 'number?' | 'bool';

/** The kind a row type's field demands, so the declaration cannot drift from the TypeScript type. */
type KindOf<V> = unknown extends V
  ? 'bool'
  : [V] extends [boolean]
    ? 'bool'
    : [V] extends [string]
      ? 'text'
      : [V] extends [string | null]
        ? 'text?'
        : [V] extends [number | string]
          ? 'number'
          : [V] extends [number | string | null]
            ? 'number?'
            : never;

/** Every field of `Row`, each with the kind its type demands. */
export type ColumnsOf<Row> = { [K in keyof Row]-?: KindOf<Row[K]> };

export interface LiveRow {
  table: string;
  columns: Readonly<Record<string, ColumnKind>>;
  /** The column names in declaration order, quoted: `"id", "sessionId", …` (`alias` prefixes each: `s."id"`). */
  list(alias?: string): string;
  /** `?, ?, …`, one per column, for an INSERT of the whole row. */
  values: string;
}

export interface CachedRead {
  /** The tables whose changes make a kept answer stale. */
  dependsOn: readonly string[];
  sql: string;
}

const rows: LiveRow[] = [];
const cachedReads: CachedRead[] = [];

/**
 * Declares the columns of `table` that a row type holds: `liveRow<ChatMessageRow>('chat_messages', {…})`.
 * TypeScript checks the fields against the row type; the schema tests check them against the table.
 */
export function liveRow<Row>(table: string, columns: ColumnsOf<Row>): LiveRow {
  const declared = columns as Record<string, ColumnKind>;
  const names = Object.keys(declared);
  const row: LiveRow = {
    table,
    columns: declared,
    list: (alias) => names.map((name) => (alias ? `${alias}."${name}"` : `"${name}"`)).join(', '),
    values: names.map(() => '?').join(', '),
  };
  rows.push(row);
  return row;
}

/**
 * Declares a read whose answer LiveDb may keep (SQLite) until something writes to one of `dependsOn`. The
 * answer must depend on nothing else: no clock, no random values. A test derives the tables from the SQL
 * and fails if one is missing here.
 */
export function cachedRead(dependsOn: readonly string[], sql: string): CachedRead {
  const read = { dependsOn, sql };
  cachedReads.push(read);
  return read;
}

/** Everything declared so far (the tests load every `*.queries.ts` first). */
export const declaredRows = (): readonly LiveRow[] => rows;
export const declaredCachedReads = (): readonly CachedRead[] => cachedReads;
