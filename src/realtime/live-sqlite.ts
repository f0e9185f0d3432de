import type { Database, Statement } from 'better-sqlite3';

import { writeTarget } from '../database/sql-text';
import { watchSqliteWrites } from '../database/sqlite-transactions';
import { MAX_BATCH, Outcome, PartialWrite, Pending, settle } from './live-batch';
import type { LiveOp, LiveQuery } from './live-op';
import { ReadCache } from './live-read-cache';

interface Prepared {
  statement: Statement;
  /** For a statement that writes: the table it writes to, or null if that could not be told (drops all). */
  target: string | null;
}

const NO_LOCKS: readonly string[] = [];

/**
 * LiveDb on SQLite: every write queued during one turn of the event loop runs in one transaction (group
 * commit), driven synchronously, so nothing else can interleave with it; reads run at once, through the
 * read cache.
 */
export class SqliteLiveRunner {
  private readonly statements = new Map<string, Prepared>();
  private readonly cache: ReadCache;
  private readonly stopWatching: () => void;
  /** Set when the operation being driven ran a statement that changed the database. */
  private wrote = false;
  private queue: Pending[] = [];
  private scheduled = false;
  private runBatch: ((batch: Pending[]) => Outcome[]) | null = null;

  constructor(private readonly db: Database) {
    this.cache = new ReadCache(db.prepare('PRAGMA data_version').pluck());
    this.stopWatching = watchSqliteWrites((table) => this.cache.wroteElsewhere(table));
  }

  write<T>(op: () => LiveOp<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ op, resolve, reject, locks: NO_LOCKS });
      this.schedule();
    });
  }

  read<T>(op: () => LiveOp<T>): Promise<T> {
    try {
      this.cache.checkOtherConnections();
      return Promise.resolve(this.driveSync(op()));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** See LiveDb.epoch. */
  epoch(lookAtOtherConnections: boolean): number {
    if (lookAtOtherConnections) {
      this.cache.checkOtherConnections();
    }
    return this.cache.generation;
  }

  get idle(): boolean {
    return this.queue.length === 0;
  }

  close(): void {
    this.stopWatching();
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
    const db = this.db;
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
      this.cache.clear();
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
            this.cache.clear();
          }
          return { ok: false, value: error };
        }
      });
    // Another process's commit is looked for once the write lock is held (BEGIN IMMEDIATE): none can follow.
    const optimistic = db.transaction((batch: Pending[]) => {
      this.cache.checkOtherConnections();
      return runAll(batch, (op) => this.driveSync(op()), true);
    }).immediate;
    // Nested transaction = savepoint: a failing operation rolls back alone.
    const one = db.transaction((op: () => LiveOp<unknown>) => this.driveSync(op()));
    const careful = db.transaction((batch: Pending[]) => {
      this.cache.checkOtherConnections();
      return runAll(batch, one, false);
    }).immediate;
    return (batch: Pending[]) => {
      try {
        return optimistic(batch);
      } catch (error) {
        if (error instanceof PartialWrite) {
          this.cache.clear();
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
        result = this.exec(query);
      } catch (error) {
        step = generator.throw(error);
        continue;
      }
      step = generator.next(result);
    }
    return step.value;
  }

  private exec(query: LiveQuery): unknown {
    let prepared = this.statements.get(query.sql);
    if (!prepared) {
      const statement = this.db.prepare(query.sql);
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
      this.cache.wrote(prepared.target);
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
    const kept = this.cache.get(statement, key);
    if (kept !== undefined) {
      return kept;
    }
    const answer = mode === 'get' ? statement.get(...params) : statement.all(...params);
    // An answer read inside someone else's open TypeORM transaction is dropped by its COMMIT or ROLLBACK.
    if (answer !== undefined) {
      this.cache.set(statement, key, answer, dependsOn);
    }
    return answer;
  }
}
