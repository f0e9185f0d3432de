import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import type { TestApp } from '../utils/create-test-app';

export const DIST_MAIN = join(__dirname, '..', '..', 'dist', 'src', 'main.js');
export const JWT_SECRET = 'crash-test-secret-that-is-long-enough-0123456789';

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

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The real server (`node dist/src/main.js`, from `npm run build:server`) as a child process. */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  exited: Promise<Exit>;
  /** The last lines it printed (for failure messages). */
  tail(): string;
  /** `connectLive` and friends only need the URL. */
  asApp(): TestApp;
}

export async function startServer(
  databasePath: string,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  if (!existsSync(DIST_MAIN)) {
    throw new Error(`${DIST_MAIN} is missing: run npm run build:server first`);
  }
  // A fixed PORT (a restart on the same address, for clients that reconnect by themselves) or a free one.
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child = spawn(process.execPath, [DIST_MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: `sqlite:${databasePath}`,
      JWT_SECRET,
      SEED_DEMO: 'false',
      RATE_LIMITS: 'off',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    output.splice(0, Math.max(0, output.length - 40));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    child,
    url,
    exited,
    tail: () => output.join('\n'),
    asApp: () => ({ url }) as TestApp,
  };
  let dead = false;
  void exited.then(() => {
    dead = true;
  });
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (dead) {
      throw new Error(`the server exited during start:\n${server.tail()}`);
    }
    const up = await fetch(`${url}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (up) {
      return server;
    }
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`the server never answered /health:\n${server.tail()}`);
}

/** JSON over HTTP against a child server; throws on an unexpected status. */
export async function api<T = Record<string, unknown>>(
  server: { url: string },
  method: string,
  path: string,
  options: { token?: string; body?: unknown; expect?: number } = {},
): Promise<T> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
      ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  if (response.status !== (options.expect ?? response.status) || response.status >= 400) {
    throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  }
  return (text ? JSON.parse(text) : {}) as T;
}

export interface LiveSetup {
  organizer: { id: string; token: string };
  attendees: Array<{ id: string; token: string }>;
  eventSlug: string;
  sessionId: string;
}

/** Through the API, as a real deployment would be set up: an event with one live session and attendees. */
export async function setUpEvent(server: { url: string }, attendeeCount: number): Promise<LiveSetup> {
  const account = async (label: string) => {
    const body = await api<{ accessToken: string; user: { id: string } }>(
      server,
      'POST',
      '/api/auth/register',
      {
        body: {
          email: `${label.replace(/\W/g, '')}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`,
          password: 'correct horse battery',
          name: label,
        },
      },
    );
    return { id: body.user.id, token: body.accessToken };
  };
  const organizer = await account('Organizer');
  const eventSlug = `crash-${Date.now().toString(36)}`;
  const today = new Date().toISOString().slice(0, 10);
  await api(server, 'POST', '/api/events', {
    token: organizer.token,
    body: { slug: eventSlug, title: 'Crash test', timezone: 'UTC', startsOn: today, endsOn: today },
  });
  await api(server, 'POST', `/api/events/${eventSlug}/publish`, { token: organizer.token });
  const room = await api<{ id: string }>(server, 'POST', `/api/events/${eventSlug}/rooms`, {
    token: organizer.token,
    body: { name: 'Main Hall' },
  });
  const session = await api<{ id: string }>(server, 'POST', `/api/events/${eventSlug}/sessions`, {
    token: organizer.token,
    body: {
      title: 'Plenary',
      kind: 'talk',
      startsAt: `${today}T00:00:00Z`,
      endsAt: `${today}T23:00:00Z`,
      roomId: room.id,
    },
  });
  const attendees = [];
  for (let i = 0; i < attendeeCount; i += 1) {
    const attendee = await account(`Attendee ${i}`);
    await api(server, 'POST', `/api/events/${eventSlug}/registrations`, { token: attendee.token, body: {} });
    attendees.push(attendee);
  }
  return { organizer, attendees, eventSlug, sessionId: session.id };
}
