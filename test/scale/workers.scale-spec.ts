import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Redis from 'ioredis';

import type { VotesChangedPayload } from '../../src/realtime/realtime.contract';
import { api, LiveSetup, ServerProcess, setUpEvent, startServer } from '../crash/server-process';
import { eventually } from '../utils/eventually';
import { createClusterDatabase, runPrefix, SHARED_REDIS_URL } from './cluster';
import { connectLive, LiveClient, ok, record, waitFor } from '../utils/socket-client';

/**
 * WORKERS=2 on one SQLite file (without Redis, then with the local Redis) and on PostgreSQL with Redis: the
 * primary hands each connection to a worker (@socket.io/sticky, least connections); broadcasts cross through the cluster adapter and what
 * Redis would share lives in the primary, or both go through Redis when REDIS_URL is set. Which worker holds
 * a socket is read from @socket.io/sticky's own debug output (the primary logs "session <sid> bound to
 * worker <n>"), so nothing in the product exists for this test.
 */
describe.each([
  {
    label: 'on SQLite without Redis (cluster adapter, shared state in the primary)',
    redis: false,
    postgres: false,
  },
  { label: 'on SQLite with REDIS_URL (Redis adapter and Redis state)', redis: true, postgres: false },
  { label: 'on PostgreSQL with REDIS_URL', redis: true, postgres: true },
])('Two workers (WORKERS=2) $label', ({ redis, postgres }) => {
  const sharing: Record<string, string> = redis
    ? { REDIS_URL: SHARED_REDIS_URL, REDIS_PREFIX: runPrefix() }
    : {};
  let database: Awaited<ReturnType<typeof createClusterDatabase>> | null = null;
  const dir = mkdtempSync(join(tmpdir(), 'plenary-workers-'));
  const bound = new Map<string, string>();
  let server: ServerProcess;
  let setup: LiveSetup;
  const open: LiveClient[] = [];

  beforeAll(async () => {
    database = postgres ? await createClusterDatabase() : null;
    server = await startServer(join(dir, 'plenary.sqlite'), {
      WORKERS: '2',
      DEBUG: 'socket.io-sticky',
      ...sharing,
      ...(database ? { DATABASE_URL: database.url } : {}),
    });
    server.child.stderr!.on('data', (chunk: Buffer) => {
      for (const match of chunk.toString('utf8').matchAll(/session (\S+) bound to worker (\d+)/g)) {
        bound.set(match[1], match[2]);
      }
    });
    setup = await setUpEvent(server, 6);
  });

  afterAll(async () => {
    open.forEach((socket) => socket.close());
    if (server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    rmSync(dir, { recursive: true, force: true });
    await database?.drop();
    if (sharing.REDIS_PREFIX) {
      const redis = new Redis(SHARED_REDIS_URL);
      const keys = await redis.keys(`${sharing.REDIS_PREFIX}:*`);
      if (keys.length > 0) {
        await redis.del(...keys);
      }
      await redis.quit();
    }
  });

  async function connect(token: string, transports?: string[]): Promise<LiveClient> {
    const socket = await connectLive(server.asApp(), token, { transports });
    open.push(socket);
    await ok(socket, 'session:join', { sessionId: setup.sessionId });
    return socket;
  }

  async function workerOf(socket: LiveClient): Promise<string> {
    const sid = (socket.io as unknown as { engine: { id: string } }).engine.id;
    await eventually(`the primary bound ${sid}`, () => bound.has(sid));
    return bound.get(sid)!;
  }

  it('should put two sockets on different workers and show each the chat of the other', async () => {
    const a = await connect(setup.attendees[0].token);
    const b = await connect(setup.attendees[1].token);
    expect(await workerOf(a)).not.toEqual(await workerOf(b));

    const toB = waitFor<{ message: { text: string } }>(
      b,
      'chat:message-posted',
      (p) => p.message.text === 'from a',
    );
    await ok(a, 'chat:send', { sessionId: setup.sessionId, text: 'from a', clientId: crypto.randomUUID() });
    expect((await toB).message.text).toBe('from a');
    const toA = waitFor<{ message: { text: string } }>(
      a,
      'chat:message-posted',
      (p) => p.message.text === 'from b',
    );
    await ok(b, 'chat:send', { sessionId: setup.sessionId, text: 'from b', clientId: crypto.randomUUID() });
    expect((await toA).message.text).toBe('from b');
  });

  it('should coalesce upvotes from both workers into announcements of the committed count', async () => {
    // One after the other: the primary counts a worker's connections once the worker reported them.
    const sockets: LiveClient[] = [];
    for (const attendee of setup.attendees.slice(2, 6)) {
      const socket = await connect(attendee.token);
      await workerOf(socket);
      sockets.push(socket);
    }
    const [asker, ...voters] = sockets;
    const workers = new Set(await Promise.all(voters.map(workerOf)));
    expect(workers.size).toBe(2);
    const { question } = await ok<{ question: { id: string } }>(asker, 'qa:ask', {
      sessionId: setup.sessionId,
      text: 'Across workers?',
      clientId: crypto.randomUUID(),
    });
    const heard = record(asker);
    await Promise.all(voters.map((voter) => ok(voter, 'qa:upvote', { questionId: question.id })));
    const counts = (): number[] =>
      heard
        .filter((r) => r.event === 'qa:votes-changed')
        .flatMap((r) => (r.payload as VotesChangedPayload).votes)
        .filter((v) => v.questionId === question.id)
        .map((v) => v.votes);
    await eventually('the asker hears all three votes', () => counts().at(-1) === 3);
    // Pooled in the primary and claimed by one worker per interval: never one announcement per vote and
    // worker, and never an older count after a newer one.
    expect(counts().length).toBeLessThanOrEqual(2);
    expect([...counts()].sort((x, y) => x - y)).toEqual(counts());
  });

  it('should disconnect a banned user on the other worker than the moderator', async () => {
    const moderator = await connect(setup.organizer.token);
    const moderatorWorker = await workerOf(moderator);
    // attendees 0 and 1 sit on different workers (first test): take the one away from the moderator.
    const targetIndex = (await workerOf(open[0])) === moderatorWorker ? 1 : 0;
    const victim = open[targetIndex];
    expect(await workerOf(victim)).not.toEqual(moderatorWorker);
    const banned = waitFor(victim, 'moderation:banned');
    const gone = new Promise<string>((resolve) => victim.once('disconnect', resolve));
    await ok(moderator, 'moderation:ban', {
      eventSlug: setup.eventSlug,
      userId: setup.attendees[targetIndex].id,
    });
    await banned;
    expect(await gone).toBe('io server disconnect');
  });

  it('should serve a long-polling client through the sticky primary', async () => {
    const polling = await connect(setup.attendees[5].token, ['polling']);
    const listener = await connect(setup.attendees[4].token);
    expect(polling.io.engine.transport.name).toBe('polling');
    const heard = waitFor<{ message: { text: string } }>(
      listener,
      'chat:message-posted',
      (p) => p.message.text === 'polled',
    );
    for (let i = 0; i < 5; i += 1) {
      // Each command is a POST that the primary relays to the session's worker, whatever connection it uses.
      await ok(polling, 'chat:send', {
        sessionId: setup.sessionId,
        text: i === 4 ? 'polled' : `poll ${i}`,
        clientId: crypto.randomUUID(),
      });
    }
    expect((await heard).message.text).toBe('polled');
  });

  it('should count presence over both workers in the join snapshot', async () => {
    const extra = await connectLive(server.asApp(), setup.attendees[3].token);
    open.push(extra);
    const joined = await ok<{ presence: { count: number } }>(extra, 'session:join', {
      sessionId: setup.sessionId,
    });
    // Everyone still joined, on either worker: the unbanned one of attendees 0 and 1, 2–5, the organizer.
    expect(joined.presence.count).toBe(6);
  });

  it('should refuse a signed-out token on every worker', async () => {
    const token = setup.attendees[2].token;
    const logout = await fetch(`${server.url}/api/auth/logout`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(logout.status).toBeLessThan(300);
    // Each request is a new connection (the workers close them), balanced over both workers.
    const statuses = await Promise.all(
      Array.from({ length: 6 }, () =>
        fetch(`${server.url}/api/auth/me`, { headers: { Authorization: `Bearer ${token}` } }).then(
          (response) => response.status,
        ),
      ),
    );
    expect(statuses).toEqual(Array(6).fill(401));
  });

  it('should drop the agenda cache of the other worker when one changes a session', async () => {
    const a = await connect(setup.attendees[4].token);
    const b = await connect(setup.attendees[5].token);
    const sids = [a, b].map((socket) => (socket.io as unknown as { engine: { id: string } }).engine.id);
    expect(new Set(await Promise.all([a, b].map(workerOf))).size).toBe(2);
    // @socket.io/sticky routes any request whose head names a session (`sid=…`) to that session's worker.
    const agendaOn = async (sid: string): Promise<string[]> => {
      const response = await fetch(`${server.url}/api/events/${setup.eventSlug}/agenda`, {
        headers: { 'X-Route': `sid=${sid}` },
      });
      const body = (await response.json()) as { days: Array<{ sessions: Array<{ title: string }> }> };
      return body.days.flatMap((day) => day.sessions.map((session) => session.title));
    };
    // Both workers answer (and cache) the agenda, then one of them changes the session.
    expect(await agendaOn(sids[0])).toContain('Plenary');
    expect(await agendaOn(sids[1])).toContain('Plenary');
    await api(server, 'PATCH', `/api/events/${setup.eventSlug}/sessions/${setup.sessionId}`, {
      token: setup.organizer.token,
      body: { title: 'Plenary, renamed' },
    });
    await eventually('both workers show the new title', async () =>
      (await Promise.all(sids.map(agendaOn))).every((titles) => titles.includes('Plenary, renamed')),
    );
  });

  it('should drain both workers on SIGTERM and exit 0', async () => {
    open.forEach((socket) => socket.close());
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });
});
