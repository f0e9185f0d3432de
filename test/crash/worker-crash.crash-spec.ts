import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { io, Socket } from 'socket.io-client';

import type { Ack, JoinSessionResult } from '../../src/realtime/realtime.contract';
import { eventually } from '../utils/eventually';
import { connectLive, LiveClient, ok } from '../utils/socket-client';
import { ServerProcess, setUpEvent, sleep, startServer } from './server-process';

/**
 * WORKERS=2: `kill -9` of one worker in the middle of chat. The primary starts another in its slot, the
 * clients of the dead worker reconnect (to either worker) and resume with `after`, nothing acknowledged is
 * lost, `seq` has no gap, and a resend of everything (same clientId) answers the originals.
 */
const SENDERS = 4;

interface Sent {
  clientId: string;
  sender: number;
  ackedId?: string;
}

/** A client that reconnects by itself and rejoins with `after` = the last seq it saw. */
class Observer {
  readonly seen = new Set<number>();
  lastSeq = 0;
  truncated = false;
  readonly socket: Socket;

  constructor(url: string, token: string, sessionId: string) {
    this.socket = io(`${url}/live`, {
      auth: { token },
      transports: ['websocket'],
      reconnectionDelay: 100,
      reconnectionDelayMax: 1000,
    });
    this.socket.on('connect', () => void this.join(sessionId));
    this.socket.on('chat:message-posted', ({ message }: { message: { seq: number } }) =>
      this.note(message.seq),
    );
  }

  private note(seq: number): void {
    this.seen.add(seq);
    this.lastSeq = Math.max(this.lastSeq, seq);
  }

  async join(sessionId: string): Promise<void> {
    const ack = (await this.socket
      .timeout(5000)
      .emitWithAck('session:join', this.lastSeq > 0 ? { sessionId, after: this.lastSeq } : { sessionId })
      .catch(() => null)) as Ack<JoinSessionResult> | null;
    if (ack && 'data' in ack) {
      this.truncated ||= ack.data.truncated === true;
      ack.data.changes?.forEach((change) => this.note(change.seq));
      this.lastSeq = Math.max(this.lastSeq, ack.data.seq);
    }
  }
}

describe('A worker killed during chat (WORKERS=2)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plenary-worker-crash-'));
  const databasePath = join(dir, 'plenary.sqlite');
  let server: ServerProcess;

  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('should restart the worker, resume its clients and lose no acknowledged message', async () => {
    server = await startServer(databasePath, { WORKERS: '2' });
    const setup = await setUpEvent(server, SENDERS);
    const observer = new Observer(server.url, setup.organizer.token, setup.sessionId);
    const sent: Sent[] = [];
    const sockets: LiveClient[] = [];
    let cutOff = 0;
    for (const attendee of setup.attendees) {
      const socket = await connectLive(server.asApp(), attendee.token);
      await ok(socket, 'session:join', { sessionId: setup.sessionId });
      socket.on('disconnect', () => (cutOff += 1));
      sockets.push(socket);
    }
    let stopped = false;
    const lanes = sockets.map(async (socket, sender) => {
      while (!stopped && socket.connected) {
        const item: Sent = { clientId: randomUUID(), sender };
        sent.push(item);
        const ack = (await socket
          .timeout(3000)
          .emitWithAck('chat:send', {
            sessionId: setup.sessionId,
            text: `m ${item.clientId}`,
            clientId: item.clientId,
          })
          .catch(() => null)) as Ack<{ message: { id: string } }> | null;
        if (ack && 'data' in ack) {
          item.ackedId = ack.data.message.id;
        }
      }
    });
    await sleep(500);
    const pids = await workerPids(server.child.pid!);
    const victim = pids[pids.length - 1];
    process.kill(victim, 'SIGKILL');
    await eventually('a new worker replaced the dead one', async () => {
      const now = await workerPids(server.child.pid!);
      return now.length === 2 && !now.includes(victim);
    });
    await sleep(300);
    stopped = true;
    await Promise.all(lanes);
    // The balancer spread the senders: the dead worker held some of them, the other kept its own.
    expect(cutOff).toBeGreaterThan(0);
    expect(cutOff).toBeLessThan(SENDERS);
    sockets.forEach((socket) => socket.close());

    // Resend everything with its clientId: acked ones answer their original, the rest are written once.
    const again: LiveClient[] = [];
    for (const attendee of setup.attendees) {
      const socket = await connectLive(server.asApp(), attendee.token);
      await ok(socket, 'session:join', { sessionId: setup.sessionId });
      again.push(socket);
    }
    const changed: string[] = [];
    for (const item of sent) {
      const { message } = await ok<{ message: { id: string } }>(again[item.sender], 'chat:send', {
        sessionId: setup.sessionId,
        text: `m ${item.clientId}`,
        clientId: item.clientId,
      });
      if (item.ackedId !== undefined && item.ackedId !== message.id) {
        changed.push(item.clientId);
      }
      item.ackedId = message.id;
    }
    expect(changed).toEqual([]);
    again.forEach((socket) => socket.close());
    await observer.join(setup.sessionId);
    observer.socket.close();

    const stoppedServer = server.exited;
    server.child.kill('SIGTERM');
    expect(await stoppedServer).toEqual({ code: 0, signal: null });
    const db = new Database(databasePath, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const messages = (db.prepare('SELECT COUNT(*) AS n FROM chat_messages').get() as { n: number }).n;
      expect(messages).toBe(sent.length);
      const seq = db
        .prepare(
          'SELECT COUNT(*) AS n, MIN("seq") AS low, MAX("seq") AS high FROM live_changes WHERE "sessionId" = ?',
        )
        .get(setup.sessionId) as { n: number; low: number; high: number };
      expect(seq).toEqual({ n: seq.high, low: 1, high: seq.high });
      expect(observer.truncated).toBe(false);
      expect(
        Array.from({ length: seq.high }, (_unused, i) => i + 1).filter((n) => !observer.seen.has(n)),
      ).toEqual([]);
    } finally {
      db.close();
    }
  });
});

/** The primary's children (its workers), oldest first. */
async function workerPids(primary: number): Promise<number[]> {
  const { execFileSync } = await import('node:child_process');
  const out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(primary), '--sort=start_time'], {
    encoding: 'utf8',
  });
  return out
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((pid) => pid > 0);
}
