import type { Pool, PoolClient } from 'pg';

import { takeAdvisoryLocks } from '../database/advisory-locks';
import { isPlainSelect } from '../database/sql-text';
import { MAX_BATCH, Outcome, PartialWrite, Pending, settle } from './live-batch';
import type { LiveOp } from './live-op';

/**
 * LiveDb on PostgreSQL: an operation gets its own transaction on a pooled connection (`write`), or shares one
 * with the others of its group queued meanwhile (`groupWrite`: one transaction per group at a time, holding
 * the advisory locks its operations name). Statements are awaited one by one; nothing is cached (several
 * nodes write the same database).
 */
export class PostgresLiveRunner {
  /** Per group key, the operations waiting for the next transaction of that group. */
  private readonly groups = new Map<string, Pending[]>();

  constructor(private readonly pool: Pool) {}

  get idle(): boolean {
    return this.groups.size === 0;
  }

  read<T>(op: () => LiveOp<T>): Promise<T> {
    return this.withClient((client) => this.driveAsync(op(), client));
  }

  async write<T>(op: () => LiveOp<T>): Promise<T> {
    return this.withClient((client) =>
      inPostgresTransaction(client, [], () => this.driveAsync(op(), client)),
    );
  }

  groupWrite<T>(key: string, op: () => LiveOp<T>, locks: readonly string[]): Promise<T> {
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
    const client = await this.pool.connect();
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

/** `?` placeholders become `$1, $2, …` (our SQL never holds a literal question mark). */
function toPostgres(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}
