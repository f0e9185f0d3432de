import type { CachedRead } from './live-rows';

/** One SQL statement an operation wants run; the runner feeds the result back into the generator. */
export interface LiveQuery {
  sql: string;
  params: unknown[];
  mode: 'get' | 'all' | 'run';
  /** For `getCached` / `allCached`: the tables whose changes make a kept answer stale. */
  dependsOn?: readonly string[];
}

/**
 * A database operation written once for both databases as a generator: `const row = yield* get<Row>(sql, a)`.
 * On SQLite the runner drives it synchronously (so a whole batch of operations commits in one tiny
 * transaction that nothing else can interleave with); on PostgreSQL it awaits each statement.
 */
export type LiveOp<T> = Generator<LiveQuery, T, unknown>;

/** Booleans travel as 1/0 to SQLite and as booleans to PostgreSQL. */
type Param = string | number | boolean | null;

export function* get<T>(sql: string, ...params: Param[]): LiveOp<T | undefined> {
  return (yield { sql, params, mode: 'get' }) as T | undefined;
}
export function* all<T>(sql: string, ...params: Param[]): LiveOp<T[]> {
  return (yield { sql, params, mode: 'all' }) as T[];
}
/**
 * Like `get`, but on SQLite the answer is kept and reused until something writes to one of the tables the
 * read declares (through this class, through TypeORM, or from another connection). PostgreSQL (several
 * nodes) always reads.
 */
export function* getCached<T>(read: CachedRead, ...params: Array<string | number>): LiveOp<T | undefined> {
  return (yield { sql: read.sql, params, mode: 'get', dependsOn: read.dependsOn }) as T | undefined;
}
/** `all` kept as `getCached` keeps its answer. The rows are shared between callers: never change them. */
export function* allCached<T>(read: CachedRead, ...params: Array<string | number>): LiveOp<readonly T[]> {
  return (yield { sql: read.sql, params, mode: 'all', dependsOn: read.dependsOn }) as readonly T[];
}
/** Runs a statement and answers how many rows it changed. */
export function* run(sql: string, ...params: Param[]): LiveOp<number> {
  return (yield { sql, params, mode: 'run' }) as number;
}

/** `IN (?, ?, …)` for a list of values. */
export const placeholders = (count: number): string => new Array<string>(count).fill('?').join(', ');

/** SQLite answers 0/1 for booleans and PostgreSQL true/false; rows are normalised with this. */
export const asBool = (value: unknown): boolean => value === true || value === 1 || value === '1';

/** A unique-constraint violation on either database. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string } | null;
  return (
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    e?.code === '23505'
  );
}
