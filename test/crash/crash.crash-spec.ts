import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { io, Socket } from 'socket.io-client';

import type { Ack, JoinSessionResult } from '../../src/realtime/realtime.contract';
import { connectLive, LiveClient, ok } from '../utils/socket-client';
import { freePort, LiveSetup, ServerProcess, setUpEvent, sleep, startServer } from './server-process';

/**
 * `kill -9` in the middle of chat and question traffic, CRASH_CYCLES times (5 by default; scripts/crash-loop.sh
 * runs 50): after each crash the SQLite file passes `PRAGMA integrity_check`, holds every acknowledged
 * message and question, numbers each session's changes without a gap, and a resend of everything (same
 * clientId) after the restart answers the originals and creates no duplicate.
 */
const CYCLES = Math.max(1, Number(process.env.CRASH_CYCLES ?? 5));
const SENDERS = 4;
/** Commands each sender keeps in flight, so the kill always lands mid-stream. */
const IN_FLIGHT = 3;

interface Sent {
  kind: 'chat' | 'question';
  clientId: string;
  sender: number;
  /** The id the ack carried, once acked. */
  ackedId?: string;
}

function payload(setup: LiveSetup, item: Sent) {
  return item.kind === 'chat'
    ? {
        event: 'chat:send',
        body: { sessionId: setup.sessionId, text: `m ${item.clientId}`, clientId: item.clientId },
      }
    : {
        event: 'qa:ask',
        body: { sessionId: setup.sessionId, text: `q ${item.clientId}`, clientId: item.clientId },
      };
}

function emit(
  socket: LiveClient,
  event: string,
  body: unknown,
): Promise<Ack<Record<string, { id: string }>>> {
  const raw = socket as unknown as {
    timeout(ms: number): {
      emitWithAck(event: string, body: unknown): Promise<Ack<Record<string, { id: string }>>>;
    };
  };
  return raw.timeout(3000).emitWithAck(event, body);
}

/** Sends until `stop` resolves; every ack is recorded on its item. */
async function traffic(
  socket: LiveClient,
  setup: LiveSetup,
  sender: number,
  sent: Sent[],
  stop: Promise<void>,
) {
  let stopped = false;
  void stop.then(() => {
    stopped = true;
  });
  const lane = async () => {
    while (!stopped && socket.connected) {
      const item: Sent = { kind: Math.random() < 0.5 ? 'chat' : 'question', clientId: randomUUID(), sender };
      sent.push(item);
      const { event, body } = payload(setup, item);
      try {
        const ack = await emit(socket, event, body);
        if ('data' in ack) {
          item.ackedId = (ack.data.message ?? ack.data.question).id;
        }
      } catch {
        // Timed out or disconnected: the server died; the item may or may not have committed.
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
}

async function connectAll(server: ServerProcess, setup: LiveSetup): Promise<LiveClient[]> {
  const sockets = [];
  for (const attendee of setup.attendees) {
    const socket = await connectLive(server.asApp(), attendee.token);
    await ok(socket, 'session:join', { sessionId: setup.sessionId });
    sockets.push(socket);
  }
  return sockets;
}

/** Checks the file while no server runs; answers what is wrong (empty when all is well). */
function checkDatabase(path: string, setup: LiveSetup, sent: Sent[]): string[] {
  const db = new Database(path);
  try {
    const problems: string[] = [];
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') {
      problems.push(`integrity_check: ${String(integrity)}`);
    }
    const messageIds = new Set(
      (db.prepare('SELECT "id" FROM chat_messages').all() as Array<{ id: string }>).map((row) => row.id),
    );
    const questionIds = new Set(
      (db.prepare('SELECT "id" FROM questions').all() as Array<{ id: string }>).map((row) => row.id),
    );
    const lost = sent.filter(
      (item) => item.ackedId && !(item.kind === 'chat' ? messageIds : questionIds).has(item.ackedId),
    );
    if (lost.length > 0) {
      problems.push(`${lost.length} acknowledged writes lost, e.g. ${JSON.stringify(lost[0])}`);
    }
    for (const table of ['chat_messages', 'questions']) {
      const duplicates = db
        .prepare(`SELECT "clientId" FROM ${table} GROUP BY "authorId", "clientId" HAVING COUNT(*) > 1`)
        .all();
      if (duplicates.length > 0) {
        problems.push(`${duplicates.length} duplicated clientIds in ${table}`);
      }
    }
    const seq = db
      .prepare(
        'SELECT COUNT(*) AS n, MIN("seq") AS low, MAX("seq") AS high FROM live_changes WHERE "sessionId" = ?',
      )
      .get(setup.sessionId) as { n: number; low: number | null; high: number | null };
    if (seq.n > 0 && (seq.low !== 1 || seq.high !== seq.n)) {
      problems.push(`seq has gaps: ${JSON.stringify(seq)}`);
    }
    const state = db
      .prepare('SELECT "lastSeq" FROM session_live_state WHERE "sessionId" = ?')
      .get(setup.sessionId) as { lastSeq: number } | undefined;
    if ((state?.lastSeq ?? 0) !== (seq.high ?? 0)) {
      problems.push(`lastSeq ${state?.lastSeq} but the change log ends at ${seq.high}`);
    }
    return problems;
  } finally {
    db.close();
  }
}

/**
 * A moderator's client as the browser client behaves: it reconnects by itself (jittered backoff) whenever
 * the server comes back and rejoins with `after` = the last seq it saw, so it must end up with every change.
 */
class Observer {
  readonly seen = new Set<number>();
  lastSeq = 0;
  truncated = false;
  readonly socket: Socket;

  constructor(url: string, token: string, sessionId: string) {
    this.socket = io(`${url}/live`, {
      auth: { token },
      transports: ['websocket'],
      reconnection: true,
      reconnectionDelay: 100,
      reconnectionDelayMax: 1000,
      randomizationFactor: 0.5,
    });
    this.socket.on('connect', () => void this.join(sessionId));
    const note = (seq: number) => {
      this.seen.add(seq);
      this.lastSeq = Math.max(this.lastSeq, seq);
    };
    this.socket.on('chat:message-posted', ({ message }: { message: { seq: number } }) => note(message.seq));
    this.socket.on('qa:question-asked', ({ question }: { question: { seq: number } }) => note(question.seq));
    this.socket.on('qa:question-updated', ({ question }: { question: { seq: number } }) =>
      note(question.seq),
    );
    this.join = async (id: string) => {
      const ack = (await this.socket
        .timeout(5000)
        .emitWithAck(
          'session:join',
          this.lastSeq > 0 ? { sessionId: id, after: this.lastSeq } : { sessionId: id },
        )
        .catch(() => null)) as Ack<JoinSessionResult> | null;
      if (ack && 'data' in ack) {
        this.truncated ||= ack.data.truncated === true;
        ack.data.changes?.forEach((change) => note(change.seq));
        this.lastSeq = Math.max(this.lastSeq, ack.data.seq);
      }
    };
  }

  join: (sessionId: string) => Promise<void>;
}

describe('Crashes (kill -9 during chat and questions)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plenary-crash-'));
  const databasePath = join(dir, 'plenary.sqlite');
  let server: ServerProcess | null = null;

  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it(`should lose no acknowledged write and duplicate nothing across ${CYCLES} crashes`, async () => {
    const port = String(await freePort());
    server = await startServer(databasePath, { PORT: port });
    const setup = await setUpEvent(server, SENDERS);
    const observer = new Observer(server.url, setup.organizer.token, setup.sessionId);
    const sent: Sent[] = [];
    let resentUpTo = 0;

    for (let cycle = 1; cycle <= CYCLES; cycle += 1) {
      const sockets = await connectAll(server, setup);
      // Resend what the last round sent (acked or not) with its clientId: the originals come back.
      for (const item of sent.slice(resentUpTo)) {
        const { event, body } = payload(setup, item);
        const ack = await emit(sockets[item.sender], event, body);
        if (!('data' in ack)) {
          throw new Error(`resend refused in cycle ${cycle}: ${JSON.stringify(ack)}`);
        }
        const id = (ack.data.message ?? ack.data.question).id;
        if (item.ackedId !== undefined && item.ackedId !== id) {
          throw new Error(`resend of ${item.clientId} answered ${id}, the original was ${item.ackedId}`);
        }
        item.ackedId = id;
      }
      resentUpTo = sent.length;

      let kill!: () => void;
      const stop = new Promise<void>((resolve) => {
        kill = resolve;
      });
      const running = sockets.map((socket, sender) => traffic(socket, setup, sender, sent, stop));
      await sleep(200 + Math.floor(Math.random() * 500));
      server.child.kill('SIGKILL');
      const exit = await server.exited;
      kill();
      await Promise.all(running);
      sockets.forEach((socket) => socket.close());
      expect(exit.signal).toBe('SIGKILL');

      const problems = checkDatabase(databasePath, setup, sent);
      expect({ cycle, problems }).toEqual({ cycle, problems: [] });
      server = await startServer(databasePath, { PORT: port });
    }

    // The last round of resends, then the totals: one row per clientId, nothing more.
    const sockets = await connectAll(server, setup);
    for (const item of sent) {
      const { event, body } = payload(setup, item);
      await ok(sockets[item.sender], event, body);
    }
    sockets.forEach((socket) => socket.close());
    // The observer came back after every crash by itself; one more rejoin collects the last changes.
    await observer.join(setup.sessionId);
    observer.socket.close();
    const stopped = server.exited;
    server.child.kill('SIGTERM');
    expect(await stopped).toEqual({ code: 0, signal: null });
    const db = new Database(databasePath, { readonly: true });
    const rows = (table: string) =>
      (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect({ messages: rows('chat_messages'), questions: rows('questions') }).toEqual({
      messages: sent.filter((item) => item.kind === 'chat').length,
      questions: sent.filter((item) => item.kind === 'question').length,
    });
    const { high } = db.prepare('SELECT MAX("seq") AS high FROM live_changes').get() as { high: number };
    db.close();
    expect(checkDatabase(databasePath, setup, sent)).toEqual([]);
    // Nothing missing on the reconnecting client: every seq from 1 to the last, through broadcasts and
    // `after` catch-ups across all the crashes.
    expect(observer.truncated).toBe(false);
    expect(
      Array.from({ length: high }, (_unused, i) => i + 1).filter((seq) => !observer.seen.has(seq)),
    ).toEqual([]);
    expect(sent.filter((item) => item.ackedId).length).toBeGreaterThan(CYCLES * 10);
  });
});
