import type { Statement } from 'better-sqlite3';

/** Kept answers of cached reads beyond this many are all dropped (a bound on memory, not a tuning knob). */
const MAX_CACHED_ANSWERS = 100_000;

/**
 * Answers of `getCached` / `allCached` reads on SQLite, per statement. A write to a table drops the answers of
 * the statements that depend on it; any TypeORM write, a commit by another connection (`PRAGMA data_version`)
 * and a rollback drop everything.
 */
export class ReadCache {
  private readonly answers = new Map<Statement, Map<string, unknown>>();
  private readonly dependents = new Map<string, Set<Statement>>();
  private size = 0;
  private dataVersion: number | undefined;
  /** Counts the times everything was dropped and the writes of others (see LiveDb.epoch). */
  generation = 0;

  constructor(private readonly versionOf: Statement) {}

  get(statement: Statement, key: string): unknown {
    return this.answers.get(statement)?.get(key);
  }

  set(statement: Statement, key: string, answer: unknown, dependsOn: readonly string[]): void {
    if (this.size >= MAX_CACHED_ANSWERS) {
      this.clear();
    }
    let forStatement = this.answers.get(statement);
    if (!forStatement) {
      forStatement = new Map();
      this.answers.set(statement, forStatement);
      for (const table of dependsOn) {
        let statements = this.dependents.get(table);
        if (!statements) {
          statements = new Set();
          this.dependents.set(table, statements);
        }
        statements.add(statement);
      }
    }
    forStatement.set(key, answer);
    this.size++;
  }

  /** A statement wrote to `target` (null: to a table that could not be told). */
  wrote(target: string | null): void {
    if (this.size === 0) {
      return;
    }
    if (target === null) {
      this.clear();
      return;
    }
    for (const statement of this.dependents.get(target) ?? []) {
      const forStatement = this.answers.get(statement);
      if (forStatement) {
        this.size -= forStatement.size;
        this.answers.delete(statement);
      }
    }
  }

  /**
   * A write LiveDb did not run (TypeORM's): drops what depends on `table` (everything when null) and counts
   * it in `generation`, so state derived from LiveDb's own writes is read again.
   */
  wroteElsewhere(table: string | null): void {
    this.generation++;
    if (table === null) {
      this.clear();
    } else {
      this.wrote(table);
    }
  }

  /** Drops everything if another connection committed since the last look. */
  checkOtherConnections(): void {
    const version = this.versionOf.get() as number;
    if (version !== this.dataVersion) {
      this.dataVersion = version;
      this.clear();
    }
  }

  clear(): void {
    this.generation++;
    if (this.size > 0) {
      this.answers.clear();
      this.size = 0;
    }
  }
}
