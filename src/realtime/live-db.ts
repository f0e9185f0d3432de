import { Injectable, OnModuleDestroy } from '@nestjs/common';
import type { Database, Statement } from 'better-sqlite3';
import type { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';

import { takeAdvisoryLocks } from '../database/advisory-locks';
import { isPlainSelect, writeTarget } from '../database/sql-text';
import { watchSqliteWrites } from '../database/sqlite-transactions';
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

interface Pending {
  op: () => LiveOp<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  /** PostgreSQL: the advisory locks its transaction must hold (see `sessionWrite`). */
  locks: readonly string[];
}

const MAX_BATCH = 512;
const NO_LOCKS: readonly string[] = [];
/** Kept answers of cached reads beyond this many are all dropped (a bound on memory, not a tuning knob). */
const MAX_CACHED_ANSWERS = 100_000;

interface Prepared {
  statement: Statement;
  /** For a statement that writes: the table it writes to, or null if that could not be told (drops all). */
  target: string | null;
}

/**
 * Answers of `getCached` / `allCached` reads on SQLite, per statement. A write to a table drops the answers of
 * the statements that depend on it; any TypeORM write, a commit by another connection (`PRAGMA data_version`)
 * and a rollback drop everything.
 */
class ReadCache {
  private readonly answers = new Map<Statement, Map<string, unknown>>();
  private readonly dependents = new Map<string, Set<Statement>>();
  private size = 0;
  private dataVersion: number | undefined;

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

  /** Drops everything if another connection committed since the last look. */
  checkOtherConnections(): void {
    const version = this.versionOf.get() as number;
    if (version !== this.dataVersion) {
      this.dataVersion = version;
      this.clear();
    }
  }

  clear(): void {
    if (this.size > 0) {
      this.answers.clear();
      this.size = 0;
    }
  }
}

/**
 * The live room's path to the database. Writes are group-committed: on SQLite every operation queued during
 * one turn of the event loop runs in one transaction, and each caller's promise settles only after that
 * transaction committed — nothing is acknowledged before it is durable, and a thousand chat messages cost one
 * commit instead of a thousand. One failing operation never takes others with it: an operation that fails
 * before it wrote anything (a refused command) simply reports its error; one that fails after writing makes
 * the batch roll back and run again with a savepoint around each operation, so it rolls back alone.
 * Savepoints cost about a third of a chat message's SQL, so they are paid only when needed.
 * On PostgreSQL an operation gets its own transaction on a pooled connection (`write`), or shares one with
 * the other writes of its session (`sessionWrite`); row locks on `session_live_state` keep `seq` gap-free
 * across nodes.
 */
@Injectable()
export class LiveDb implements OnModuleDestroy {
  private readonly sqlite: Database | null;
  private readonly pool: Pool | null;
  private readonly statements = new Map<string, Prepared>();
  private readonly cache: ReadCache | null;
  private readonly stopWatching: (() => void) | null;
  /** Set when the operation being driven ran a statement that changed the database. */
  private wrote = false;
  private queue: Pending[] = [];
  private scheduled = false;
  private closed = false;
  private runBatch: ((batch: Pending[]) => Outcome[]) | null = null;
  /** PostgreSQL: per group key, the operations waiting for the next transaction of that group. */
  private readonly groups = new Map<string, Pending[]>();

  constructor(dataSource: DataSource) {
    if (dataSource.options.type === 'better-sqlite3') {
      this.sqlite = (dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection;
      this.pool = null;
      this.cache = new ReadCache(this.sqlite.prepare('PRAGMA data_version').pluck());
      this.stopWatching = watchSqliteWrites(() => this.cache!.clear());
    } else {
      this.sqlite = null;
      this.pool = (dataSource.driver as unknown as { master: Pool }).master;
      this.cache = null;
      this.stopWatching = null;
    }
  }

  get dialect(): 'sqlite' | 'postgres' {
    return this.sqlite ? 'sqlite' : 'postgres';
  }

  /**
   * Runs a write operation in a transaction; resolves after the commit. On SQLite it is group-committed with
   * every other write; on PostgreSQL it has a transaction of its own.
   */
  write<T>(op: () => LiveOp<T>): Promise<T> {
    return this.enqueue(op, null);
  }

  /**
   * Runs a write by `authorId` in session `sessionId`; resolves after the commit. On PostgreSQL the writes
   * of one session share one transaction with the others queued meanwhile (a group commit, as SQLite does
   * for every write), and that transaction takes the locks that keep several nodes from deadlocking before
   * any operation runs: the session's (one group transaction per session at a time across nodes), and each
   * author's (whose `(authorId, clientId)` keys are unique: two transactions holding writes of one author
   * never run at once, so their uncommitted inserts cannot wait on each other in opposite order).
   */
  sessionWrite<T>(sessionId: string, authorId: string, op: () => LiveOp<T>): Promise<T> {
    return this.enqueue(op, { sessionId, authorId });
  }

  private enqueue<T>(op: () => LiveOp<T>, scope: { sessionId: string; authorId: string } | null): Promise<T> {
    if (this.closed) {
      return Promise.reject(new Error('The live database is closed'));
    }
    if (!this.sqlite) {
      return scope === null
        ? this.writePostgres(op)
        : this.enqueuePostgres(scope.sessionId, op, [
            `session:${scope.sessionId}`,
            `author:${scope.authorId}`,
          ]);
    }
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ op, resolve: resolve, reject, locks: NO_LOCKS });
      this.schedule();
    });
  }

  /** Runs a read operation outside any transaction. */
  read<T>(op: () => LiveOp<T>): Promise<T> {
    if (this.sqlite) {
      try {
        this.cache!.checkOtherConnections();
        return Promise.resolve(this.driveSync(op()));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
    return this.withClient((client) => this.driveAsync(op(), client));
  }

  /** Settles every queued write before the connection closes. */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.groups.size > 0) {
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.flush();
    this.closed = true;
    this.stopWatching?.();
  }

  private schedule(): void {
    if (this.scheduled) {
      return;
    }
    this.scheduled = true;
    setImmediate(() => this.drain());
  }

  private drain(): void {
    this.scheduled = false;
    const db = this.sqlite!;
    if (this.queue.length === 0) {
      return;
    }
    // Another part of the app holds an open (async) TypeORM transaction on this one connection: joining it
    // would make our commit depend on theirs. Wait for it to finish.
    if (db.inTransaction) {
      this.scheduled = true;
      setTimeout(() => this.drain(), 1);
      return;
    }
    const batch = this.queue.splice(0, MAX_BATCH);
    let results: Outcome[];
    try {
      this.runBatch ??= this.createBatchRunner(db);
      results = this.runBatch(batch);
    } catch (error) {
      // Rows read during the batch may reflect writes that were just rolled back.
      this.cache!.clear();
      // The commit itself failed: nothing of the batch is durable.
      settle(batch, () => ({ ok: false, value: error }));
      this.afterDrain();
      return;
    }
    settle(batch, (index) => results[index]);
    this.afterDrain();
  }

  private afterDrain(): void {
    if (this.queue.length > 0) {
      this.schedule();
    }
  }

  private createBatchRunner(db: Database) {
    const runAll = (
      batch: Pending[],
      runOne: (op: () => LiveOp<unknown>) => unknown,
      abortOnPartialWrite: boolean,
    ) =>
      batch.map((pending) => {
        this.wrote = false;
        try {
          return { ok: true, value: runOne(pending.op) };
        } catch (error) {
          // SQLite rolled the whole transaction back by itself (disk full, I/O error): nothing may follow.
          if (!db.inTransaction) {
            throw error;
          }
          if (abortOnPartialWrite && this.wrote) {
            throw new PartialWrite();
          }
          if (this.wrote) {
            // Its savepoint was rolled back: rows read after its writes may reflect them.
            this.cache!.clear();
          }
          return { ok: false, value: error };
        }
      });
    // Another process's commit is looked for once the write lock is held (BEGIN IMMEDIATE): none can follow.
    const optimistic = db.transaction((batch: Pending[]) => {
      this.cache!.checkOtherConnections();
      return runAll(batch, (op) => this.driveSync(op()), true);
    }).immediate;
    // Nested transaction = savepoint: a failing operation rolls back alone.
    const one = db.transaction((op: () => LiveOp<unknown>) => this.driveSync(op()));
    const careful = db.transaction((batch: Pending[]) => {
      this.cache!.checkOtherConnections();
      return runAll(batch, one, false);
    }).immediate;
    return (batch: Pending[]) => {
      try {
        return optimistic(batch);
      } catch (error) {
        if (error instanceof PartialWrite) {
          this.cache!.clear();
          return careful(batch);
        }
        throw error;
      }
    };
  }

  private driveSync<T>(generator: LiveOp<T>): T {
    let step = generator.next();
    while (!step.done) {
      const query = step.value;
      let result: unknown;
      try {
        result = this.execSqlite(query);
      } catch (error) {
        step = generator.throw(error);
        continue;
      }
      step = generator.next(result);
    }
    return step.value;
  }

  private execSqlite(query: LiveQuery): unknown {
    let prepared = this.statements.get(query.sql);
    if (!prepared) {
      const statement = this.sqlite!.prepare(query.sql);
      const target = statement.readonly ? null : writeTarget(query.sql);
      prepared = { statement, target };
      this.statements.set(query.sql, prepared);
    }
    const statement = prepared.statement;
    const params = query.params.map((value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value));
    let result: unknown;
    switch (query.mode) {
      case 'get':
        result = query.dependsOn
          ? this.cachedRead(statement, 'get', params, query.dependsOn)
          : statement.get(...params);
        break;
      case 'all':
        result = query.dependsOn
          ? this.cachedRead(statement, 'all', params, query.dependsOn)
          : statement.all(...params);
        break;
      case 'run':
        result = statement.run(...params).changes;
        break;
    }
    if (!statement.readonly) {
      this.wrote = true;
      this.cache!.wrote(prepared.target);
    }
    return result;
  }

  private cachedRead(
    statement: Statement,
    mode: 'get' | 'all',
    params: unknown[],
    dependsOn: readonly string[],
  ): unknown {
    const key = params.join('\u0000');
    const kept = this.cache!.get(statement, key);
    if (kept !== undefined) {
      return kept;
    }
    const answer = mode === 'get' ? statement.get(...params) : statement.all(...params);
    // An answer read inside someone else's open TypeORM transaction is dropped by its COMMIT or ROLLBACK.
    if (answer !== undefined) {
      this.cache!.set(statement, key, answer, dependsOn);
    }
    return answer;
  }

  private async writePostgres<T>(op: () => LiveOp<T>): Promise<T> {
    return this.withClient((client) =>
      inPostgresTransaction(client, [], () => this.driveAsync(op(), client)),
    );
  }

  private enqueuePostgres<T>(key: string, op: () => LiveOp<T>, locks: readonly string[]): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiting = this.groups.get(key);
      if (waiting) {
        waiting.push({ op, resolve: resolve, reject, locks });
        return;
      }
      this.groups.set(key, [{ op, resolve: resolve, reject, locks }]);
      // Started on the next turn, so everything queued during this one shares the first transaction.
      setImmediate(() => void this.drainGroup(key));
    });
  }

  /** One transaction at a time per group; what arrives meanwhile waits for the next one. */
  private async drainGroup(key: string): Promise<void> {
    const waiting = this.groups.get(key)!;
    while (waiting.length > 0) {
      const batch = waiting.splice(0, MAX_BATCH);
      try {
        const results = await this.withClient((client) => this.runPostgresBatch(client, batch));
        settle(batch, (index) => results[index]);
      } catch (error) {
        // The commit (or the connection) failed: nothing of the batch is durable.
        settle(batch, () => ({ ok: false, value: error }));
      }
    }
    this.groups.delete(key);
  }

  /**
   * As on SQLite: the batch runs without savepoints; an operation refused before it ran a statement that
   * wrote or failed just reports its error. Otherwise (PostgreSQL aborts the whole transaction on a failed
   * statement, even one the operation caught) the batch is rolled back and run again with a savepoint
   * around each operation.
   */
  private async runPostgresBatch(client: PoolClient, batch: Pending[]): Promise<Outcome[]> {
    try {
      return await inPostgresTransaction(client, batch, async () => {
        const results: Outcome[] = [];
        for (const pending of batch) {
          const trace = { wrote: false, failed: false };
          let value: unknown;
          try {
            value = await this.driveAsync(pending.op(), client, trace);
          } catch (error) {
            if (trace.wrote || trace.failed) {
              throw new PartialWrite();
            }
            results.push({ ok: false, value: error });
            continue;
          }
          if (trace.failed) {
            throw new PartialWrite();
          }
          results.push({ ok: true, value });
        }
        return results;
      });
    } catch (error) {
      if (!(error instanceof PartialWrite)) {
        throw error;
      }
    }
    return inPostgresTransaction(client, batch, async () => {
      const results: Outcome[] = [];
      for (const pending of batch) {
        await client.query('SAVEPOINT live_op');
        try {
          const value = await this.driveAsync(pending.op(), client);
          await client.query('RELEASE SAVEPOINT live_op');
          results.push({ ok: true, value });
        } catch (error) {
          await client.query('ROLLBACK TO SAVEPOINT live_op');
          results.push({ ok: false, value: error });
        }
      }
      return results;
    });
  }

  private async withClient<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool!.connect();
    try {
      return await work(client);
    } finally {
      client.release();
    }
  }

  /** `trace` learns whether a statement that may write ran, and whether a statement failed. */
  private async driveAsync<T>(
    generator: LiveOp<T>,
    client: PoolClient,
    trace?: { wrote: boolean; failed: boolean },
  ): Promise<T> {
    let step = generator.next();
    while (!step.done) {
      const query = step.value;
      let result: unknown;
      try {
        if (trace && !isPlainSelect(query.sql)) {
          trace.wrote = true;
        }
        const response = await client.query(toPostgres(query.sql), query.params);
        result =
          query.mode === 'get'
            ? response.rows[0]
            : query.mode === 'all'
              ? response.rows
              : (response.rowCount ?? 0);
      } catch (error) {
        if (trace) {
          trace.failed = true;
        }
        step = generator.throw(error);
        continue;
      }
      step = generator.next(result);
    }
    return step.value;
  }
}

interface Outcome {
  ok: boolean;
  value: unknown;
}

/** BEGIN … COMMIT around `work`, with the batch's locks taken first; rolled back if anything fails. */
async function inPostgresTransaction<T>(
  client: PoolClient,
  batch: Pending[],
  work: () => Promise<T>,
): Promise<T> {
  await client.query('BEGIN');
  try {
    await takeAdvisoryLocks(
      client,
      batch.flatMap((pending) => pending.locks),
    );
    const value = await work();
    const done = await client.query('COMMIT');
    // PostgreSQL answers the COMMIT of a transaction a failed statement aborted with ROLLBACK, not an error.
    if (done.command !== 'COMMIT') {
      throw new Error('The transaction was rolled back by the database');
    }
    return value;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Resolves or rejects each caller of a batch with its operation's outcome. */
function settle(batch: Pending[], outcomeOf: (index: number) => Outcome): void {
  batch.forEach((pending, index) => {
    const outcome = outcomeOf(index);
    if (outcome.ok) {
      pending.resolve(outcome.value);
    } else {
      pending.reject(outcome.value);
    }
  });
}

/** An operation failed after it wrote: the batch is rolled back and run again with savepoints. */
class PartialWrite extends Error {}

/** `?` placeholders become `$1, $2, …` (our SQL never holds a literal question mark). */
function toPostgres(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}

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
