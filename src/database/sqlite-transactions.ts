import { AsyncLocalStorage } from 'node:async_hooks';

import { EntityManager } from 'typeorm';
import { BetterSqlite3QueryRunner } from 'typeorm/driver/better-sqlite3/BetterSqlite3QueryRunner';

import { isPlainSelect, statementEffect } from './sql-text';

/**
 * TypeORM's better-sqlite3 driver shares ONE query runner (one connection) across the whole process. Two
 * `transaction()` calls that overlap in time therefore nest (the second becomes a SAVEPOINT of the first),
 * and a plain query issued while a transaction is open joins it — one caller's rollback could undo another
 * caller's committed work. This module serialises SQLite access: a transaction holds an exclusive lock for
 * its duration; queries from inside it (tracked with AsyncLocalStorage) pass, everything else waits.
 * PostgreSQL uses a connection pool with real isolation and is left untouched.
 */

class Mutex {
  private tail: Promise<void> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    // The chain continues whether the task succeeded or failed.
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

const lock = new Mutex();
const transactionScope = new AsyncLocalStorage<symbol>();
let activeTransaction: symbol | null = null;

const insideActiveTransaction = (): boolean =>
  activeTransaction !== null && transactionScope.getStore() === activeTransaction;

let installed = false;

/** Told the table a TypeORM statement wrote, or null when any row may have changed. */
export type WriteWatcher = (table: string | null) => void;

const writeWatchers = new Set<WriteWatcher>();
/** The tables written since the last BEGIN (a ROLLBACK undoes them); null once one could not be told. */
let writtenSinceBegin: Set<string> | null = new Set();

/**
 * Calls `watcher` after every statement TypeORM ran on SQLite that may have changed data: with the table
 * an INSERT or UPDATE wrote, with each table written since BEGIN on a ROLLBACK, and with null for anything
 * it cannot tell (a DELETE, whose cascades reach other tables, DDL, PRAGMA, …). Caches of rows read
 * elsewhere drop themselves on it. Returns the function that stops watching.
 */
export function watchSqliteWrites(watcher: WriteWatcher): () => void {
  writeWatchers.add(watcher);
  return () => writeWatchers.delete(watcher);
}

function tell(table: string | null): void {
  for (const watcher of writeWatchers) {
    watcher(table);
  }
}

function afterStatement(sql: unknown): void {
  if (typeof sql === 'string' && isPlainSelect(sql)) {
    return;
  }
  const effect = typeof sql === 'string' ? statementEffect(sql) : ({ kind: 'any' } as const);
  switch (effect.kind) {
    case 'begin':
      writtenSinceBegin = new Set();
      return;
    case 'none':
      return;
    case 'rollback':
      // Rows read inside the transaction may reflect its writes, which are gone now.
      if (writtenSinceBegin === null) {
        tell(null);
      } else {
        writtenSinceBegin.forEach(tell);
      }
      return;
    case 'write':
      writtenSinceBegin?.add(effect.table);
      tell(effect.table);
      return;
    case 'any':
      writtenSinceBegin = null;
      tell(null);
      return;
  }
}

export function installSqliteTransactionSerialisation(): void {
  if (installed) {
    return;
  }
  installed = true;

  const originalTransaction = EntityManager.prototype.transaction;
  EntityManager.prototype.transaction = function patchedTransaction(
    this: EntityManager,
    ...args: unknown[]
  ): Promise<unknown> {
    const call = () => (originalTransaction as (...a: unknown[]) => Promise<unknown>).apply(this, args);
    if (this.connection.options.type !== 'better-sqlite3' || insideActiveTransaction()) {
      return call();
    }
    return lock.run(async () => {
      const token = Symbol('sqlite-transaction');
      activeTransaction = token;
      try {
        return await transactionScope.run(token, call);
      } finally {
        activeTransaction = null;
      }
    });
  };

  const originalQuery = BetterSqlite3QueryRunner.prototype.query;
  BetterSqlite3QueryRunner.prototype.query = function patchedQuery(
    this: BetterSqlite3QueryRunner,
    ...args: unknown[]
  ): Promise<unknown> {
    // Take the write lock at BEGIN (waiting up to busy_timeout for another process, WORKERS > 1): a deferred
    // transaction that read first fails at once with SQLITE_BUSY when another process committed meanwhile.
    if (args[0] === 'BEGIN TRANSACTION') {
      args[0] = 'BEGIN IMMEDIATE TRANSACTION';
    }
    const call = () => {
      const done = (originalQuery as (...a: unknown[]) => Promise<unknown>).apply(this, args);
      // Told after the statement ran (failed or not), so nothing read before it is kept after it.
      return done.finally(() => afterStatement(args[0]));
    };
    // Migrations drive transactions through the runner directly at start-up, before anything else runs.
    if (insideActiveTransaction() || (activeTransaction === null && this.isTransactionActive)) {
      return call();
    }
    return lock.run(call);
  } as typeof BetterSqlite3QueryRunner.prototype.query;
}
