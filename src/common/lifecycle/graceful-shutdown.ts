import type { Server } from 'node:http';

import { INestApplication } from '@nestjs/common';

import { logger } from '../logging/json-logger';
import { CommandDrain } from './command-drain';

/** API.md "Shutdown": done within 10 seconds of SIGTERM, else the process gives up with exit code 1. */
const HARD_DEADLINE_MS = 9_500;
/** How long commands already running may take to finish. */
const COMMAND_GRACE_MS = 5_000;

/**
 * SIGTERM and SIGINT: stop accepting connections, let running HTTP requests and Socket.IO commands finish
 * (new commands are refused with UNAVAILABLE), tell connected clients (`server:shutdown`, from the live
 * gateway), flush and close the database, and exit 0. Replaces Nest's shutdown hooks, which re-raise the
 * signal after closing and so never exit 0.
 */
export function installGracefulShutdown(app: INestApplication): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    logger.info('Plenary is shutting down', { signal });
    setTimeout(() => {
      logger.error('Shutdown did not finish in time; exiting', { signal });
      process.exit(1);
    }, HARD_DEADLINE_MS).unref();
    const server = app.getHttpServer() as Server;
    server.close();
    // Keep-alive connections that finish a request while we drain would otherwise hold the server open.
    setInterval(() => server.closeIdleConnections(), 100).unref();
    void (async () => {
      try {
        await app.get(CommandDrain).drain(COMMAND_GRACE_MS);
        await app.close();
        logger.info('Plenary stopped', { signal });
        process.exit(0);
      } catch (error) {
        logger.error('Shutdown failed', {
          error: error instanceof Error ? { message: error.message, stack: error.stack } : String(error),
        });
        process.exit(1);
      }
    })();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
