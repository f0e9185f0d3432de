// One session full of attendees, on Plenary or on the bare Socket.IO baseline, for the socket benchmarks.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { connectMany, ok } from './clients.mjs';
import { log } from './common.mjs';

export const BARE_SESSION = '00000000-0000-4000-8000-000000000001';

/**
 * Writes the data of a real Plenary `session:join` ack to `dir/snapshot.json`, so the bare baseline answers
 * its joins with the same bytes. Uses a throwaway attendee.
 */
export async function captureSnapshot(plenary, dir) {
  const [user] = await plenary.attendees(1);
  const [socket] = await connectMany(plenary.url, [user]);
  try {
    const data = await ok(socket, 'session:join', { sessionId: plenary.mainSessionId });
    const file = join(dir, 'snapshot.json');
    writeFileSync(file, JSON.stringify(data));
    return { file, bytes: Buffer.byteLength(JSON.stringify(data)) };
  } finally {
    socket.close();
  }
}

/** `count` attendees connected and joined to Plenary's main session (tokens minted, registrations inserted). */
export async function plenaryRoom(plenary, count, { concurrency = 100, onSocket, users: given, light } = {}) {
  const users = given ?? (await plenary.attendees(count));
  const started = Date.now();
  const sockets = await connectMany(plenary.url, users, {
    concurrency,
    sessionId: plenary.mainSessionId,
    onSocket,
    light,
  });
  log(`  plenary: ${count} attendees joined in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { sessionId: plenary.mainSessionId, sockets, users };
}

/** `count` sockets connected to the bare server and joined to its one room. */
export async function bareRoom(bare, count, { concurrency = 100, onSocket, light } = {}) {
  const users = Array.from({ length: count }, (_, index) => ({ id: `bare-${index}`, token: undefined }));
  const started = Date.now();
  const sockets = await connectMany(bare.url, users, {
    concurrency,
    sessionId: BARE_SESSION,
    onSocket,
    light,
  });
  log(`  bare: ${count} sockets joined in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { sessionId: BARE_SESSION, sockets, users };
}
