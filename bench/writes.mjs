// Benchmark 5 — durable writes: acknowledged chat messages/s. One sender per chat-enabled session (so each
// message is delivered once, to its sender, and the write path dominates), each keeping a window of sends in
// flight. After the run every acknowledged message id must be in the database (nothing acked before commit).
// Plenary on SQLite and on PostgreSQL, each against a bare Socket.IO server writing the same message to the
// same database (SQLite: group commit per event-loop turn, WAL, synchronous=FULL like Plenary; PostgreSQL:
// one INSERT per message on a pool of 20). Target: ≥ 10,000 acknowledged messages/s on SQLite.
// Knobs: WRITE_SECONDS (5), WRITE_ROUNDS (3), WRITE_WINDOW (128 per sender), WRITE_DATABASES ("sqlite,postgres").
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import { startBare } from './lib/bare.mjs';
import { closeAll, command, connectMany } from './lib/clients.mjs';
import {
  alternate,
  knob,
  LOADGEN_SATURATED,
  loadMeter,
  serverWait,
  waitMeter,
  log,
  pinLoadGenerator,
  report,
  withCleanup,
} from './lib/common.mjs';
import { Plenary } from './lib/plenary.mjs';

const SECONDS = knob('WRITE_SECONDS', 5);
const ROUNDS = knob('WRITE_ROUNDS', 3);
const WINDOW = knob('WRITE_WINDOW', 128);
const DATABASES = (process.env.WRITE_DATABASES ?? 'sqlite,postgres').split(',').map((name) => name.trim());

async function burst({ senders, server }) {
  const acked = [];
  let failures = 0;
  const errors = new Map();
  const before = await server.probe();
  const meter = loadMeter();
  const waiting = waitMeter();
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  await Promise.all(
    senders.flatMap(({ socket, sessionId }) =>
      Array.from({ length: WINDOW }, async () => {
        while (performance.now() < deadline) {
          try {
            const answer = await command(socket, 'chat:send', {
              sessionId,
              text: `durable ${performance.now()}`,
              clientId: randomUUID(),
            });
            if (answer?.data?.message?.id) {
              acked.push(answer.data.message.id);
            } else {
              failures += 1;
              errors.set(answer?.error?.code, (errors.get(answer?.error?.code) ?? 0) + 1);
            }
          } catch {
            failures += 1;
          }
        }
      }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const loadCpu = meter();
  const after = await server.probe();
  return {
    result: {
      ackedPerSec: acked.length / seconds,
      acked: acked.length,
      failures,
      cpuUsPerMessage: (after.cpuMicros - before.cpuMicros) / Math.max(1, acked.length),
      serverCpuShare: (after.cpuMicros - before.cpuMicros) / 1e6 / seconds,
      loadCpu,
      loadgenBound: loadCpu >= LOADGEN_SATURATED,
      serverWait: serverWait(before, after, seconds),
      loadWait: waiting(),
      errors: errors.size ? [...errors].map(([code, n]) => `${code}:${n}`).join(',') : '',
    },
    acked,
  };
}

/** Counts how many of `ids` are stored in `table`. */
async function storedCount(db, table, ids) {
  let found = 0;
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const row = await db.get(
      `SELECT COUNT(*) AS "n" FROM ${table} WHERE "id" IN (${chunk.map(() => '?').join(', ')})`,
      ...chunk,
    );
    found += Number(row.n);
  }
  return found;
}

async function runDatabase(database) {
  log(`durable writes on ${database}: ${ROUNDS} rounds × ${SECONDS} s per side, window ${WINDOW} per sender`);
  let plenary;
  let bare;
  const sockets = [];
  let rows;
  let notes;
  await withCleanup(
    async () => {
      plenary = await Plenary.start({ database });
      const bareDb =
        database === 'sqlite' ? `sqlite:${plenary.database.dir}/bare.sqlite` : plenary.database.url;
      bare = await startBare('io', { BARE_DB: bareDb });
      const sessionIds = plenary.chatSessionIds;
      const users = await plenary.attendees(sessionIds.length);
      const plenarySenders = [];
      for (const [index, sessionId] of sessionIds.entries()) {
        const [socket] = await connectMany(plenary.url, [users[index]], { sessionId });
        sockets.push(socket);
        plenarySenders.push({ socket, sessionId });
      }
      const bareSenders = [];
      for (let index = 0; index < sessionIds.length; index += 1) {
        const sessionId = randomUUID();
        const [socket] = await connectMany(bare.url, [{}], { sessionId });
        sockets.push(socket);
        bareSenders.push({ socket, sessionId });
      }
      const sides = {
        plenary: { senders: plenarySenders, server: plenary.server },
        bare: { senders: bareSenders, server: bare.server },
      };
      const ackedIds = { plenary: [], bare: [] };
      for (const side of ['plenary', 'bare']) {
        for (const id of (await burst(sides[side])).acked) ackedIds[side].push(id);
      }
      const result = await alternate(ROUNDS, ['plenary', 'bare'], async (side) => {
        const { result: record, acked } = await burst(sides[side]);
        for (const id of acked) ackedIds[side].push(id);
        return record;
      });
      const storedPlenary = await storedCount(plenary.db, 'chat_messages', ackedIds.plenary);
      let storedBare = NaN;
      if (database === 'postgres') {
        storedBare = await storedCount(plenary.db, 'bare_chat', ackedIds.bare);
      } else {
        const { createRequire } = await import('node:module');
        const Sqlite = createRequire(import.meta.url)('better-sqlite3');
        const db = new Sqlite(bareDb.slice('sqlite:'.length), { readonly: true });
        storedBare = 0;
        for (let i = 0; i < ackedIds.bare.length; i += 500) {
          const chunk = ackedIds.bare.slice(i, i + 500);
          storedBare += db
            .prepare(`SELECT COUNT(*) AS n FROM chat WHERE id IN (${chunk.map(() => '?').join(', ')})`)
            .get(...chunk).n;
        }
        db.close();
      }
      const p = result.medians.plenary;
      const b = result.medians.bare;
      const durable = storedPlenary === ackedIds.plenary.length;
      rows = [
        {
          metric: `${database}: acknowledged chat messages/s`,
          plenary: p.ackedPerSec,
          baseline: b.ackedPerSec,
          ...(database === 'sqlite' ? { target: '≥ 10,000/s', met: p.ackedPerSec >= 10_000 } : {}),
        },
        {
          metric: `${database}: server CPU µs per message`,
          plenary: p.cpuUsPerMessage,
          baseline: b.cpuUsPerMessage,
        },
        {
          metric: `${database}: acknowledged messages missing from the database`,
          plenary: ackedIds.plenary.length - storedPlenary,
          baseline: ackedIds.bare.length - storedBare,
          digits: 0,
          noRatio: true,
          target: '0',
          met: durable,
        },
      ];
      notes = [
        `${database}: ${sessionIds.length} senders (one per chat-enabled demo session) × ${WINDOW} sends in flight; ` +
          `acked and found in the database: Plenary ${storedPlenary}/${ackedIds.plenary.length}, bare ${storedBare}/${ackedIds.bare.length}; ` +
          `failed sends: Plenary ${result.rounds.plenary.reduce((s, r) => s + r.failures, 0)}${p.errors ? ` (${p.errors})` : ''}`,
        `${database}: server CPU share (1.0 = one core) Plenary ${p.serverCpuShare.toFixed(2)}, bare ${b.serverCpuShare.toFixed(2)}; load generator ${p.loadCpu.toFixed(2)} / ${b.loadCpu.toFixed(2)}` +
          (result.rounds.plenary.some((r) => r.loadgenBound) || result.rounds.bare.some((r) => r.loadgenBound)
            ? ' — **load generator saturated in some rounds**'
            : ''),
      ];
      return result;
    },
    async () => {
      await closeAll(sockets);
      await bare?.stop();
      await plenary?.stop();
    },
  );
  return { rows, notes };
}

export async function run() {
  pinLoadGenerator();
  const rows = [];
  const notes = [];
  for (const database of DATABASES) {
    const result = await runDatabase(database);
    rows.push(...result.rows);
    notes.push(...result.notes);
  }
  report('writes', 'Durable chat writes (acknowledged only after commit)', rows, { notes });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await run();
}
