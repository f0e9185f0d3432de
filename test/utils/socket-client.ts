import { io, Socket } from 'socket.io-client';

import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../../src/realtime/realtime.contract';
import type { TestApp } from './create-test-app';

export type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Connects to `/live` with a token (websocket only, no reconnection) and waits for the connection. */
export function connectLive(
  t: TestApp,
  token: string | undefined,
  options: { extraHeaders?: Record<string, string>; transports?: string[] } = {},
): Promise<LiveClient> {
  const socket: LiveClient = io(`${t.url}/live`, {
    auth: token === undefined ? {} : { token },
    transports: options.transports ?? ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: options.extraHeaders,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** Sends a command and resolves with its ack (rejects after 5 s: a command must never go unanswered). */
export function command<T = unknown>(socket: LiveClient, event: string, payload: unknown): Promise<Ack<T>> {
  const raw = socket as unknown as {
    timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<Ack<T>> };
  };
  return raw.timeout(5000).emitWithAck(event, payload);
}

/** `data` of a successful ack, or throws with the error. */
export async function ok<T = Record<string, unknown>>(
  socket: LiveClient,
  event: string,
  payload: unknown,
): Promise<T> {
  const ack = await command<T>(socket, event, payload);
  if ('error' in ack) {
    throw new Error(`${event} failed: ${JSON.stringify(ack.error)}`);
  }
  return ack.data;
}

export interface Received {
  event: string;
  payload: unknown;
}

/** Records everything the server sends a socket. */
export function record(socket: LiveClient): Received[] {
  const received: Received[] = [];
  socket.onAny((event: string, payload: unknown) => received.push({ event, payload }));
  return received;
}

/** Resolves with the first `event` matching `predicate` (rejects after 5 s). */
export function waitFor<T = unknown>(
  socket: LiveClient,
  event: string,
  predicate: (payload: T) => boolean = () => true,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.offAny(listener);
      reject(new Error(`timed out waiting for ${event}`));
    }, 5000);
    const listener = (name: string, payload: T) => {
      if (name === event && predicate(payload)) {
        clearTimeout(timer);
        socket.offAny(listener);
        resolve(payload);
      }
    };
    socket.onAny(listener);
  });
}

/** Lets in-flight packets arrive: a round trip through the server on each socket. */
export async function settle(...sockets: LiveClient[]): Promise<void> {
  await Promise.all(
    sockets.map((socket) =>
      command(socket, 'session:leave', { sessionId: '00000000-0000-4000-8000-000000000000' }),
    ),
  );
}
