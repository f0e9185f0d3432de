import { Injectable, OnModuleDestroy } from '@nestjs/common';
import type { Database } from 'better-sqlite3';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';

import type { LiveOp } from './live-op';
import { PostgresLiveRunner } from './live-postgres';
import { SqliteLiveRunner } from './live-sqlite';

// The operations' building blocks, where the features have always imported them from.
export {
  all,
  allCached,
  asBool,
  get,
  getCached,
  isUniqueViolation,
  placeholders,
  run,
  type LiveOp,
  type LiveQuery,
} from './live-op';

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
  private readonly sqlite: SqliteLiveRunner | null;
  private readonly postgres: PostgresLiveRunner | null;
  private closed = false;

  constructor(dataSource: DataSource) {
    if (dataSource.options.type === 'better-sqlite3') {
      const connection = (dataSource.driver as unknown as { databaseConnection: Database })
        .databaseConnection;
      this.sqlite = new SqliteLiveRunner(connection);
      this.postgres = null;
    } else {
      this.sqlite = null;
      this.postgres = new PostgresLiveRunner((dataSource.driver as unknown as { master: Pool }).master);
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
    if (this.closed) {
      return Promise.reject(new Error('The live database is closed'));
    }
    return this.sqlite ? this.sqlite.write(op) : this.postgres!.write(op);
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
    if (this.closed) {
      return Promise.reject(new Error('The live database is closed'));
    }
    if (this.sqlite) {
      return this.sqlite.write(op);
    }
    return this.postgres!.groupWrite(sessionId, op, [`session:${sessionId}`, `author:${authorId}`]);
  }

  /**
   * For state a feature derives in memory from its own committed writes (the poll tallies): a number that
   * changes whenever this process may have missed a write — any TypeORM write, a commit by another
   * connection, a rolled-back batch — so the state must be read again from the database. Null on
   * PostgreSQL, where other nodes write: there, always read. Without `lookAtOtherConnections` another
   * connection's commit counts from the last batch or read on (one statement less, for a hot path).
   */
  epoch(lookAtOtherConnections = true): number | null {
    return this.sqlite ? this.sqlite.epoch(lookAtOtherConnections) : null;
  }

  /** Runs a read operation outside any transaction. */
  read<T>(op: () => LiveOp<T>): Promise<T> {
    return this.sqlite ? this.sqlite.read(op) : this.postgres!.read(op);
  }

  /** Settles every queued write before the connection closes. */
  async flush(): Promise<void> {
    while (!(this.sqlite ?? this.postgres)!.idle) {
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.flush();
    this.closed = true;
    this.sqlite?.close();
  }
}
