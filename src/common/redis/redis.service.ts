import { randomBytes } from 'node:crypto';

import { Inject, Injectable, OnApplicationShutdown, Optional } from '@nestjs/common';
import Redis, { RedisOptions } from 'ioredis';
import { Gauge } from 'prom-client';

import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { MetricsService } from '../../metrics/metrics.service';
import { primaryLink } from '../cluster/primary-link';
import { logger } from '../logging/json-logger';
import { primaryCommands, SharedCommands } from './shared-commands';

/** Reconnect delay after the n-th failed attempt: 100 ms, 200 ms, … capped at 2 s, with jitter. */
export function reconnectDelay(attempt: number): number {
  return Math.min(100 * attempt, 2000) + Math.floor(Math.random() * 100);
}

/**
 * ioredis whose commands can never become unhandled rejections: the Socket.IO Redis adapter fires PUBLISH and
 * SUBSCRIBE without awaiting them, and a rejection while Redis is away would otherwise crash the process.
 * Callers that await a command still see its error.
 */
class GuardedRedis extends Redis {
  override sendCommand(...args: Parameters<Redis['sendCommand']>): unknown {
    const result = super.sendCommand(...args);
    if (result instanceof Promise) {
      result.catch(() => undefined);
    }
    return result;
  }
}

export type ScriptRunner = (keys: string[], args: (string | number)[]) => Promise<unknown>;

type Role = 'commands' | 'pub' | 'sub';

/**
 * The state shared between nodes: Redis with REDIS_URL, else, in a worker of WORKERS > 1, the primary
 * process's store (`viaPrimary`: same commands, each Lua script answered by its JavaScript twin in
 * src/common/cluster/store-scripts.ts). Callers check `enabled` and `ready` and never know which.
 *
 * The Redis connections of this node (only with REDIS_URL). Three clients, each tuned for its job:
 *
 * - `commands` (rate limits, presence, vote flush locks) fails fast while Redis is away — no offline queue,
 *   one retry, a 1 s timeout — so callers fall back to local behaviour instead of waiting;
 * - `pub` (Socket.IO adapter) queues publishes through a short blip and drops them after three failed
 *   reconnects, so a long outage cannot grow memory without bound;
 * - `sub` (Socket.IO adapter) waits for Redis as long as it takes and resubscribes after every reconnect.
 *
 * All reconnect forever with a capped backoff; errors are logged once per outage, never thrown.
 */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  readonly enabled: boolean;
  /** Shared state lives in the primary process (WORKERS > 1 without REDIS_URL). */
  readonly viaPrimary: boolean;
  readonly prefix: string;
  /** Unique per process (two processes may share NODE_NAME by mistake): presence entries and logs. */
  readonly nodeId: string;
  private commandClient: Redis | null = null;
  private primary: SharedCommands | null = null;
  private readonly clients = new Map<Redis, Role>();
  private readonly down = new Set<Redis>();
  private readonly readyListeners: Array<() => void> = [];
  private readonly scripts = new Map<string, ScriptRunner>();
  private closing = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() metrics?: MetricsService,
  ) {
    this.viaPrimary = config.redisUrl === null && config.workerSlot !== null;
    this.enabled = config.redisUrl !== null || this.viaPrimary;
    this.prefix = config.redisPrefix;
    this.nodeId = `${config.nodeName}.${randomBytes(4).toString('hex')}`;
    if (config.redisUrl !== null && metrics) {
      const isReady = (): number => (this.ready ? 1 : 0);
      new Gauge({
        name: 'plenary_redis_connected',
        help: '1 while the Redis command client of this node is connected (only with REDIS_URL)',
        registers: [metrics.registry],
        collect(this: Gauge) {
          this.set(isReady());
        },
      });
    }
  }

  /** `<prefix>:<parts…>`: every key this node writes. */
  key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':');
  }

  /** True while the command client is connected: callers skip Redis (and use their fallback) otherwise. */
  get ready(): boolean {
    if (this.viaPrimary) {
      return primaryLink.available;
    }
    return this.commandClient?.status === 'ready';
  }

  get commands(): SharedCommands {
    if (this.viaPrimary) {
      this.primary ??= primaryCommands();
      return this.primary;
    }
    return this.redisCommands();
  }

  private redisCommands(): Redis {
    if (!this.commandClient) {
      this.commandClient = this.connect('commands', {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        commandTimeout: 1000,
      });
    }
    return this.commandClient;
  }

  /** Called after every (re)connection of the command client: state lost in a Redis restart is rewritten. */
  onReady(listener: () => void): void {
    if (this.viaPrimary) {
      // The primary's store is there from the start; it goes away only with the whole cluster.
      queueMicrotask(listener);
      return;
    }
    this.readyListeners.push(listener);
    // Connect now so the first commands find the client ready.
    void this.commands;
  }

  /** A Lua script on the command client (EVALSHA, reloaded by ioredis after a Redis restart). */
  script(name: string, numberOfKeys: number, lua: string): ScriptRunner {
    let runner = this.scripts.get(name);
    if (!runner && this.viaPrimary) {
      runner = (keys, args) => primaryLink.request('script', [name, keys, args]);
      this.scripts.set(name, runner);
    }
    if (!runner) {
      const client = this.redisCommands();
      client.defineCommand(name, { numberOfKeys, lua });
      const command = (client as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[name];
      runner = (keys, args) => command.call(client, ...keys, ...args);
      this.scripts.set(name, runner);
    }
    return runner;
  }

  /** A publisher and a subscriber for the Socket.IO Redis adapter. */
  createAdapterClients(): { pub: Redis; sub: Redis } {
    return {
      pub: this.connect('pub', { enableOfflineQueue: true, maxRetriesPerRequest: 3 }),
      sub: this.connect('sub', { enableOfflineQueue: true, maxRetriesPerRequest: null }),
    };
  }

  private connect(role: Role, options: RedisOptions): Redis {
    if (!this.config.redisUrl) {
      throw new Error('REDIS_URL is not set');
    }
    const client = new GuardedRedis(this.config.redisUrl, {
      connectionName: `plenary:${role}:${this.nodeId}`,
      connectTimeout: 5000,
      retryStrategy: reconnectDelay,
      ...options,
    });
    this.clients.set(client, role);
    client.on('error', (error: Error) => {
      if (this.closing || this.down.has(client)) {
        return;
      }
      this.down.add(client);
      logger.warn('Redis unavailable; reconnecting', {
        role,
        node: this.config.nodeName,
        error: error.message,
      });
    });
    client.on('ready', () => {
      if (this.down.delete(client)) {
        logger.info('Redis reconnected', { role, node: this.config.nodeName });
      }
      if (role === 'commands') {
        for (const listener of this.readyListeners) {
          try {
            listener();
          } catch (error) {
            logger.error('Redis ready listener failed', { error: (error as Error).message });
          }
        }
      }
    });
    return client;
  }

  /** After the Socket.IO server (and its adapter) closed: quit politely, or drop the socket after 1 s. */
  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    await Promise.all(
      [...this.clients.keys()].map(async (client) => {
        const timer = setTimeout(() => client.disconnect(), 1000);
        try {
          if (client.status === 'ready') {
            await client.quit();
          } else {
            client.disconnect();
          }
        } catch {
          client.disconnect();
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    this.clients.clear();
    this.commandClient = null;
  }
}
