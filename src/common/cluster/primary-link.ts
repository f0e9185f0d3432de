import cluster from 'node:cluster';

/** Messages between a worker and the primary (WORKERS > 1); other types belong to Socket.IO's cluster parts. */
export const STORE_REQUEST = 'plenary:store';
export const STORE_REPLY = 'plenary:store-reply';
export const BUS_MESSAGE = 'plenary:bus';
/** Sent once a worker can take connections (src/cluster-worker.ts); the primary listens when all are. */
export const WORKER_READY = 'plenary:worker-ready';

export interface StoreRequest {
  type: typeof STORE_REQUEST;
  id: number;
  op: string;
  args: unknown[];
}

export interface StoreReply {
  type: typeof STORE_REPLY;
  id: number;
  result?: unknown;
  error?: string;
}

export interface BusMessage {
  type: typeof BUS_MESSAGE;
  channel: string;
  payload: unknown;
}

/** A store request unanswered after this fails, so callers fall back as they do when Redis is slow. */
const REQUEST_TIMEOUT_MS = 1000;

/**
 * This worker's line to the primary: requests to the primary's shared store (what Redis holds for several
 * nodes) and a bus that reaches every other worker. One per process; inert outside a cluster worker.
 */
class PrimaryLink {
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }
  >();
  private readonly subscribers = new Map<string, Array<(payload: unknown) => void>>();
  private listening = false;

  get available(): boolean {
    return cluster.isWorker && process.connected;
  }

  request(op: string, args: unknown[]): Promise<unknown> {
    this.listen();
    if (!this.available) {
      return Promise.reject(new Error('no primary process'));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`primary store did not answer ${op}`));
      }, REQUEST_TIMEOUT_MS);
      timer.unref();
      this.waiting.set(id, { resolve, reject, timer });
      const message: StoreRequest = { type: STORE_REQUEST, id, op, args };
      process.send!(message, undefined, undefined, (error: Error | null) => {
        if (error) {
          this.settle({ type: STORE_REPLY, id, error: error.message });
        }
      });
    });
  }

  /** Sends `payload` to the other workers' subscribers of `channel` (not to this one). */
  publish(channel: string, payload: unknown): void {
    if (this.available) {
      const message: BusMessage = { type: BUS_MESSAGE, channel, payload };
      process.send!(message, undefined, undefined, () => undefined);
    }
  }

  subscribe(channel: string, listener: (payload: unknown) => void): void {
    this.listen();
    const listeners = this.subscribers.get(channel) ?? [];
    listeners.push(listener);
    this.subscribers.set(channel, listeners);
  }

  private listen(): void {
    if (this.listening || !cluster.isWorker) {
      return;
    }
    this.listening = true;
    process.on('message', (message: unknown) => {
      const typed = message as { type?: unknown };
      if (typed?.type === STORE_REPLY) {
        this.settle(message as StoreReply);
      } else if (typed?.type === BUS_MESSAGE) {
        const { channel, payload } = message as BusMessage;
        for (const listener of this.subscribers.get(channel) ?? []) {
          listener(payload);
        }
      }
    });
  }

  private settle(reply: StoreReply): void {
    const waiting = this.waiting.get(reply.id);
    if (!waiting) {
      return;
    }
    this.waiting.delete(reply.id);
    clearTimeout(waiting.timer);
    if (reply.error !== undefined) {
      waiting.reject(new Error(reply.error));
    } else {
      waiting.resolve(reply.result);
    }
  }
}

export const primaryLink = new PrimaryLink();
