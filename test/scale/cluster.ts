import 'reflect-metadata';

import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import request from 'supertest';
import { DataSource } from 'typeorm';

import { dataSourceOptions } from '../../src/database/data-source-options';
import type { TestApp } from '../utils/create-test-app';
import { eventually, sleep } from '../utils/eventually';

export { eventually, sleep };
import { createScratchDatabase } from '../utils/postgres';

const ROOT = join(__dirname, '..', '..');
export const DIST_MAIN = join(ROOT, 'dist', 'src', 'main.js');
export const JWT_SECRET = `scale-${randomBytes(24).toString('hex')}`;
/** The Redis .ci/run starts; override with TEST_REDIS_URL. */
export const SHARED_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A child process whose output is kept (the last lines) for failure messages. */
class Child {
  readonly output: string[] = [];
  readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    readonly process: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => {
      this.output.push(...chunk.toString().split('\n').filter(Boolean));
      this.output.splice(0, Math.max(0, this.output.length - 200));
    };
    process.stdout?.on('data', keep);
    process.stderr?.on('data', keep);
    // 'close' comes after the output streams ended, so tail() is complete by then.
    this.exited = new Promise((resolve) => process.once('close', (code) => resolve(code)));
  }

  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  tail(lines = 30): string {
    return `--- ${this.name} (last lines) ---\n${this.output.slice(-lines).join('\n')}`;
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) {
      return;
    }
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** A Plenary node: `node dist/src/main.js` (built by `npm run build:server`) on a free port. */
export class PlenaryNode extends Child {
  readonly url: string;

  private constructor(name: string, child: ChildProcess, url: string) {
    super(name, child);
    this.url = url;
  }

  static async start(name: string, env: Record<string, string>): Promise<PlenaryNode> {
    if (!existsSync(DIST_MAIN)) {
      throw new Error(`${DIST_MAIN} is missing: run \`npm run build:server\` (npm run test:scale does)`);
    }
    const port = await freePort();
    const child = spawn(process.execPath, [DIST_MAIN], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: String(port),
        HOST: '127.0.0.1',
        JWT_SECRET,
        SEED_DEMO: 'false',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'development',
        NODE_NAME: name,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const node = new PlenaryNode(name, child, `http://127.0.0.1:${port}`);
    for (let attempt = 0; ; attempt += 1) {
      if (!node.running) {
        await node.exited;
        throw new Error(
          `${name} exited with ${node.process.exitCode ?? node.process.signalCode}\n${node.tail()}`,
        );
      }
      if (
        await fetch(`${node.url}/health`).then(
          (response) => response.ok,
          () => false,
        )
      ) {
        break;
      }
      if (attempt >= 240) {
        await node.stop();
        throw new Error(`${name} never answered /health\n${node.tail()}`);
      }
      await sleep(250);
    }
    return node;
  }

  /** What the test helpers of test/utils need from an app: its URL and an HTTP agent. */
  asTestApp(dataSource: DataSource): TestApp {
    return {
      url: this.url,
      http: request.agent(this.url),
      app: { get: () => dataSource },
    } as unknown as TestApp;
  }

  async metrics(): Promise<string> {
    return (await fetch(`${this.url}/metrics`)).text();
  }
}

/** A Redis server of the test's own (so it can be killed and restarted without touching the shared one). */
export class RedisServer extends Child {
  static async start(port: number): Promise<RedisServer> {
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'no',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const server = new RedisServer(`redis:${port}`, child);
    await eventually(`redis-server on ${port} is ready`, () => {
      if (!server.running) {
        throw new Error(server.tail());
      }
      return server.output.some((line) => line.includes('Ready to accept connections'));
    });
    return server;
  }

  kill(): Promise<number | null> {
    this.process.kill('SIGKILL');
    return this.exited;
  }
}

/**
 * A scratch PostgreSQL database migrated the way operators do it (before any node starts), and a DataSource
 * on it for the fixtures.
 */
export async function createClusterDatabase(): Promise<{
  url: string;
  dataSource: DataSource;
  drop(): Promise<void>;
}> {
  const scratch = await createScratchDatabase('plenary_scale');
  const dataSource = new DataSource(dataSourceOptions({ type: 'postgres', url: scratch.url }));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return {
    url: scratch.url,
    dataSource,
    async drop() {
      await dataSource.destroy().catch(() => undefined);
      await scratch.drop();
    },
  };
}

/** A key prefix (and Socket.IO channel prefix) of this run only, so parallel runs on one Redis never cross. */
export function runPrefix(): string {
  return `plenary-scale-${randomBytes(4).toString('hex')}`;
}
