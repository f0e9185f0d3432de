import cluster from 'node:cluster';

import { INestApplication } from '@nestjs/common';
import { setupWorker } from '@socket.io/sticky';

import { WORKER_READY } from './common/cluster/primary-link';
import { LiveHub } from './realtime/live-hub';

type Buffered = [message: unknown, handle: unknown];

/**
 * A worker may be handed connections while it boots (a replacement for a worker that died is a worker like
 * the others to the primary's balancer). Until the app can take them they wait here, unread, and are
 * replayed to `@socket.io/sticky` in order: a reconnecting client waits for the boot instead of hanging.
 */
const early: Buffered[] = [];
const keepEarly = (message: unknown, handle: unknown): void => {
  const type = (message as { type?: unknown })?.type;
  if (typeof type === 'string' && type.startsWith('sticky:')) {
    early.push([message, handle]);
  }
};

/** Call first thing in a worker, before the app is created. */
export function holdConnectionsUntilReady(): void {
  if (cluster.isWorker) {
    process.on('message', keepEarly);
  }
}

/** The app is initialised (not listening: the primary owns the port): take connections from the primary. */
export function attachToPrimary(app: INestApplication): void {
  const namespace = app.get(LiveHub).server;
  if (!namespace) {
    throw new Error('the live gateway did not start');
  }
  setupWorker(namespace.server);
  process.off('message', keepEarly);
  for (const [message, handle] of early.splice(0)) {
    process.emit('message', message, handle as never);
  }
  process.send!({ type: WORKER_READY });
}
