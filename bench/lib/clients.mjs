// Socket.IO clients of the load generator: websocket transport only, one connection each, bounded waits.
import { createRequire } from 'node:module';

import { pool } from './common.mjs';
import { connectLight } from './light-client.mjs';

const require = createRequire(import.meta.url);
const { io } = require('socket.io-client');

/** Opens `/live` (or another namespace) with a token; resolves once connected, rejects on connect_error. */
export function connect(baseUrl, token, { namespace = '/live', timeoutMs = 30_000 } = {}) {
  return new Promise((resolve, reject) => {
    const socket = io(`${baseUrl}${namespace}`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      timeout: timeoutMs,
      auth: token ? { token } : {},
    });
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error('connect timed out'));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      socket.close();
      reject(error);
    });
  });
}

/** Emits a command and resolves with its ack (`{ data }` or `{ error }`), or rejects after `timeoutMs`. */
export function command(socket, event, payload, timeoutMs = 30_000) {
  return new Promise((resolve, reject) => {
    socket.timeout(timeoutMs).emit(event, payload, (error, answer) => {
      if (error) {
        reject(new Error(`${event} timed out`));
      } else {
        resolve(answer);
      }
    });
  });
}

/** Like `command`, but an `{ error }` answer rejects. */
export async function ok(socket, event, payload, timeoutMs) {
  const answer = await command(socket, event, payload, timeoutMs);
  if (answer?.error) {
    throw new Error(`${event}: ${answer.error.code} ${answer.error.message}`);
  }
  return answer?.data ?? answer;
}

/**
 * Connects (and joins `sessionId` when given) `users` with `concurrency` handshakes in flight; `light` uses
 * the minimal client of light-client.mjs instead of socket.io-client.
 */
export async function connectMany(
  baseUrl,
  users,
  { concurrency = 100, sessionId, onSocket, light = false } = {},
) {
  return pool(users, concurrency, async (user) => {
    const socket = await (light ? connectLight : connect)(baseUrl, user.token);
    if (sessionId) {
      await ok(socket, 'session:join', { sessionId });
    }
    onSocket?.(socket, user);
    return socket;
  });
}

export async function closeAll(sockets) {
  for (const socket of sockets) {
    socket?.close();
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
}
