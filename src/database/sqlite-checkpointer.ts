import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Database } from 'better-sqlite3';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { DataSource } from 'typeorm';

import { logger } from '../common/logging/json-logger';

/** SQLite's own default: checkpoint when the WAL holds this many pages. */
const AUTOCHECKPOINT_PAGES = 1000;
const INTERVAL_MS = 200;

/** Worker → main thread: one checkpoint's result, as `PRAGMA wal_checkpoint` reports it. */
interface CheckpointReport {
  checkpointed: number;
}

// Runs in the worker: its own connection to the same file, a PASSIVE checkpoint (never waits for, never
// blocks, readers or the writer) at an interval, a last one when told to stop.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
const checkpoint = () => {
  const [row] = db.pragma('wal_checkpoint(PASSIVE)');
  parentPort.postMessage(row);
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
parentPort.postMessage('ready');
`;

/**
 * Moves SQLite's WAL checkpoints off the event loop. By default the connection that commits copies the WAL
 * back into the database file every 1,000 pages, inside the commit: a quarter of the SQL time of a chat
 * message under load. With a file database, a worker thread with its own connection checkpoints instead and
 * the app's connection stops doing it. If the worker fails, the app's connection checkpoints again, so the WAL
 * never grows without bound. Durability is unchanged: commits are as durable as before; only who copies the
 * WAL into the main file changes.
 */
@Injectable()
export class SqliteCheckpointer implements OnApplicationBootstrap, OnModuleDestroy {
  private worker: Worker | null = null;
  private stopping = false;
  private pagesCheckpointed = 0;

  constructor(
    private readonly dataSource: DataSource,
    /** False in the workers but one (WORKERS > 1): one checkpointer per database file. */
    private readonly enabled = true,
  ) {}

  /** Whether the worker runs the checkpoints, and the pages they moved into the database file so far. */
  get stats(): { active: boolean; pagesCheckpointed: number } {
    return { active: this.worker !== null, pagesCheckpointed: this.pagesCheckpointed };
  }

  async onApplicationBootstrap(): Promise<void> {
    const connection = this.connection();
    if (!connection || connection.memory || !this.enabled) {
      return;
    }
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driver: require.resolve('better-sqlite3'),
        path: connection.name,
        intervalMs: INTERVAL_MS,
      },
    });
    worker.unref();
    const ready = new Promise<boolean>((resolve) => {
      worker.once('message', (message) => resolve(message === 'ready'));
      worker.once('error', () => resolve(false));
      worker.once('exit', () => resolve(false));
    });
    worker.on('error', (error) => logger.warn('SQLite checkpoint worker failed', { error: String(error) }));
    worker.on('exit', () => this.workerGone(connection));
    if (!(await ready)) {
      return;
    }
    worker.on('message', (report: CheckpointReport) => {
      this.pagesCheckpointed += Math.max(0, report.checkpointed);
    });
    this.worker = worker;
    connection.pragma(`wal_autocheckpoint = 0`);
  }

  async onModuleDestroy(): Promise<void> {
    const worker = this.worker;
    if (!worker) {
      return;
    }
    this.stopping = true;
    const exited = once(worker, 'exit');
    worker.postMessage('stop');
    await exited;
  }

  private workerGone(connection: Database): void {
    if (this.worker === null) {
      return;
    }
    this.worker = null;
    if (connection.open) {
      connection.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    }
    if (!this.stopping) {
      logger.warn('SQLite checkpoint worker stopped; the app connection checkpoints again');
    }
  }

  private connection(): Database | null {
    if (this.dataSource.options.type !== 'better-sqlite3') {
      return null;
    }
    return (this.dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection;
  }
}
