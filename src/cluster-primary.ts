import cluster, { Worker } from 'node:cluster';
import { createServer } from 'node:http';
import { Socket } from 'node:net';

import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { setupPrimary as setupClusterAdapterPrimary } from '@socket.io/cluster-adapter';
import { setupMaster as setupStickyPrimary } from '@socket.io/sticky';
import { DataSource } from 'typeorm';

import {
  BUS_MESSAGE,
  BusMessage,
  STORE_REPLY,
  STORE_REQUEST,
  StoreRequest,
  WORKER_READY,
} from './common/cluster/primary-link';
import { PrimaryStore } from './common/cluster/primary-store';
import { handleStoreRequest } from './common/cluster/store-scripts';
import { logger } from './common/logging/json-logger';
import { AppConfig, resolveJwtSecret } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { assertSchemaCurrent } from './database/schema-check';
import { DemoModule } from './demo/demo.module';

/** A worker that dies within this of its start is restarted after a growing pause (a crash loop). */
const QUICK_DEATH_MS = 5_000;
const MAX_RESTART_DELAY_MS = 5_000;
/** API.md "Shutdown": the workers drain within 10 s; the primary waits a little longer for their exit. */
const SHUTDOWN_DEADLINE_MS = 11_000;

/**
 * Before any worker starts: SQLite migrated (PostgreSQL checked), the demo loaded, the JWT secret file
 * written, each exactly once, so the workers never race for them.
 */
async function prepare(config: AppConfig): Promise<void> {
  resolveJwtSecret(config);
  @Module({
    imports: [
      ConfigModule.forRoot(config),
      DatabaseModule.forRoot(config.database, { migrate: true, checkpoint: false }),
      DemoModule,
    ],
  })
  class PrepareModule {}
  const context = await NestFactory.createApplicationContext(PrepareModule, { logger });
  try {
    await assertSchemaCurrent(context.get(DataSource));
    await context.init();
  } finally {
    await context.close();
  }
}

/**
 * When a connection's handle goes to a worker, Node stops delivering what the primary's copy still reads
 * (its `onread` becomes a no-op) until the copy closes, once the message is written. On a busy machine the
 * worker can answer the WebSocket upgrade and the client send its first frame (the namespace connect) before
 * that: the frame would be read here and dropped, and the client would wait for an answer forever. So the
 * primary's copy stops reading before the hand-off; the kernel keeps the bytes for the worker.
 */
function stopReadingBeforeHandOff(worker: Worker): void {
  const send = worker.send.bind(worker) as (...args: unknown[]) => boolean;
  (worker as { send: (...args: unknown[]) => boolean }).send = (...args: unknown[]) => {
    const handle = (args[1] as { _handle?: { readStop?: () => void } } | undefined)?._handle;
    if (args[1] instanceof Socket) {
      handle?.readStop?.();
    }
    return send(...args);
  };
}

/**
 * WORKERS > 1: this process forks the workers and owns the port. `@socket.io/sticky` hands each connection
 * to a worker (a polling client's requests always to the worker that holds its session), the cluster
 * adapter's primary relays broadcasts between workers, and the shared store answers what Redis would
 * (presence, vote and reaction claims, rate limits, token states) unless REDIS_URL is set. A worker that dies
 * is forked again in its slot (slot 1 runs the background jobs); SIGTERM drains every worker, then exits.
 */
export async function runPrimary(config: AppConfig): Promise<void> {
  await prepare(config);
  cluster.setupPrimary({ serialization: 'advanced' });
  const store = new PrimaryStore();
  setInterval(() => store.sweep(), 10_000).unref();
  const slots = new Map<number, Worker>();
  const ready = new Set<number>();
  const startedAt = new Map<number, number>();
  const quickDeaths = new Map<number, number>();
  let stopping = false;

  const fork = (slot: number): void => {
    const worker = cluster.fork({ PLENARY_WORKER_SLOT: String(slot) });
    stopReadingBeforeHandOff(worker);
    slots.set(slot, worker);
    startedAt.set(slot, Date.now());
    worker.on('message', (message: unknown) => {
      if ((message as { type?: unknown })?.type === WORKER_READY) {
        ready.add(slot);
        logger.info('worker ready', { slot, pid: worker.process.pid });
      }
    });
  };

  cluster.on('message', (worker: Worker, message: unknown) => {
    const type = (message as { type?: unknown })?.type;
    if (type === STORE_REQUEST) {
      const { id, op, args } = message as StoreRequest;
      try {
        worker.send({ type: STORE_REPLY, id, result: handleStoreRequest(store, op, args) });
      } catch (error) {
        worker.send({ type: STORE_REPLY, id, error: (error as Error).message });
      }
    } else if (type === BUS_MESSAGE) {
      for (const other of slots.values()) {
        if (other !== worker && other.isConnected()) {
          other.send(message as BusMessage);
        }
      }
    }
  });

  cluster.on('exit', (worker: Worker, code: number | null, signal: string | null) => {
    const slot = [...slots].find(([, w]) => w === worker)?.[0];
    if (slot === undefined) {
      return;
    }
    slots.delete(slot);
    ready.delete(slot);
    if (stopping) {
      return;
    }
    const lived = Date.now() - (startedAt.get(slot) ?? 0);
    const deaths = lived < QUICK_DEATH_MS ? (quickDeaths.get(slot) ?? 0) + 1 : 0;
    quickDeaths.set(slot, deaths);
    const delay = Math.min(deaths * 500, MAX_RESTART_DELAY_MS);
    logger.error('worker died; starting another', { slot, pid: worker.process.pid, code, signal, delay });
    setTimeout(() => {
      if (!stopping) {
        fork(slot);
      }
    }, delay);
  });

  const server = createServer();
  setupStickyPrimary(server, { loadBalancingMethod: 'least-connection' });
  setupClusterAdapterPrimary();
  for (let slot = 1; slot <= config.workers; slot++) {
    fork(slot);
  }
  await new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (ready.size === config.workers) {
        clearInterval(check);
        resolve();
      }
    }, 20);
  });
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  logger.info('Plenary is listening', {
    url: `http://localhost:${config.port}`,
    database: config.database.type,
    workers: config.workers,
    shared: config.redisUrl ? 'redis' : 'primary',
  });

  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    logger.info('Plenary is shutting down', { signal, workers: slots.size });
    server.close();
    setTimeout(() => {
      logger.error('Workers did not stop in time; exiting', { signal });
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    let failed = false;
    const workers = [...slots.values()];
    let left = workers.length;
    const done = (): void => {
      logger.info('Plenary stopped', { signal });
      process.exit(failed ? 1 : 0);
    };
    if (left === 0) {
      done();
      return;
    }
    for (const worker of workers) {
      worker.once('exit', (code: number | null) => {
        failed ||= code !== 0;
        if (--left === 0) {
          done();
        }
      });
      worker.process.kill('SIGTERM');
    }
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
