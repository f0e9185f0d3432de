import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';

import type { Ack } from '../../src/realtime/realtime.contract';
import { connectLive, LiveClient, ok } from '../utils/socket-client';
import { ServerProcess, setUpEvent, sleep, startServer } from './server-process';

interface Command {
  clientId: string;
  kind: 'chat' | 'question';
  /**
   * Sent before the SIGTERM: the server has it before it closes the connection, so it must answer (with
   * the result, or UNAVAILABLE once draining). Later ones may cross the closing connection; the client
   * resends those after reconnecting (same clientId).
   */
  beforeSignal: boolean;
  ack?: Ack<Record<string, { id: string }>>;
}

/**
 * SIGTERM (API.md "Shutdown"): the server stops accepting connections, answers every command already sent,
 * tells connected clients (`server:shutdown`) before closing their connections, and exits 0 within 10 s
 * (its own deadline exits 1 at 9.5 s). Whatever it acknowledged is on disk.
 */
describe('Shutdown (SIGTERM)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plenary-shutdown-'));
  const databasePath = join(dir, 'plenary.sqlite');
  let server: ServerProcess | null = null;

  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('should answer in-flight commands, tell clients, refuse new connections and exit 0', async () => {
    server = await startServer(databasePath);
    const setup = await setUpEvent(server, 3);
    const sockets: LiveClient[] = [];
    const noticed = new Set<LiveClient>();
    let disconnects = 0;
    for (const attendee of setup.attendees) {
      const socket = await connectLive(server.asApp(), attendee.token);
      await ok(socket, 'session:join', { sessionId: setup.sessionId });
      socket.on('server:shutdown', () => noticed.add(socket));
      // The server closes the transport (not a namespace disconnect), so clients reconnect by themselves.
      socket.on('disconnect', () => {
        disconnects += 1;
      });
      sockets.push(socket);
    }

    const commands: Command[] = [];
    let signalled = false;
    const lane = async (socket: LiveClient) => {
      while (socket.connected) {
        const item: Command = {
          clientId: randomUUID(),
          kind: Math.random() < 0.5 ? 'chat' : 'question',
          beforeSignal: !signalled,
        };
        commands.push(item);
        const raw = socket as unknown as {
          timeout(ms: number): {
            emitWithAck(event: string, body: unknown): Promise<Ack<Record<string, { id: string }>>>;
          };
        };
        try {
          item.ack = await raw.timeout(5000).emitWithAck(item.kind === 'chat' ? 'chat:send' : 'qa:ask', {
            sessionId: setup.sessionId,
            text: `before shutdown ${item.clientId}`,
            clientId: item.clientId,
          });
        } catch {
          // No answer: judged below.
        }
      }
    };
    const lanes = sockets.flatMap((socket) => [lane(socket), lane(socket)]);
    await sleep(300);
    const exited = server.exited;
    signalled = true;
    // Once told, a client that tries to connect afresh is refused (the listener is closed).
    const lateConnection = new Promise<string>((resolve) =>
      sockets[0].once('server:shutdown', () => {
        connectLive(server!.asApp(), setup.attendees[0].token).then(
          (late) => {
            late.close();
            resolve('connected');
          },
          () => resolve('refused'),
        );
      }),
    );
    server.child.kill('SIGTERM');
    await Promise.all(lanes);
    expect(await exited).toEqual({ code: 0, signal: null });
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
    expect(await lateConnection).toBe('refused');

    expect(disconnects).toBe(sockets.length);
    // Events are delivered only while connected, so a socket that noticed was told before it was closed.
    expect(noticed.size).toBe(sockets.length);
    const unanswered = commands.filter((item) => item.beforeSignal && item.ack === undefined);
    expect(unanswered).toEqual([]);
    const refused = commands.filter((item) => item.ack && 'error' in item.ack);
    expect(
      refused.every((item) => item.ack && 'error' in item.ack && item.ack.error.code === 'UNAVAILABLE'),
    ).toBe(true);

    const acked = commands.filter((item) => item.ack && 'data' in item.ack);
    expect(acked.length).toBeGreaterThan(0);
    const db = new Database(databasePath, { readonly: true });
    const present = (item: Command) =>
      db
        .prepare(`SELECT 1 FROM ${item.kind === 'chat' ? 'chat_messages' : 'questions'} WHERE "clientId" = ?`)
        .get(item.clientId) !== undefined;
    expect(acked.filter((item) => !present(item)).map((item) => item.clientId)).toEqual([]);
    db.close();
  });
});
