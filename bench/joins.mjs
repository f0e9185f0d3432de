// Benchmark 4 — join storm: N attendees connect to /live and join one session, each receiving its snapshot
// (checked), against a bare Socket.IO connect + join answering the same snapshot bytes. Target ≤ 2× bare
// (compared on wall time to get everyone in, and on server CPU per join).
// Knobs: JOIN_ATTENDEES (5000), JOIN_ROUNDS (2), JOIN_CONCURRENCY (200 handshakes in flight), JOIN_CLIENT
// ("light" raw-WebSocket clients of bench/lib/light-client.mjs, or "socket.io", which saturates the load generator).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { startBare } from './lib/bare.mjs';
import { closeAll, command, connect } from './lib/clients.mjs';
import { connectLight } from './lib/light-client.mjs';
import {
  alternate,
  knob,
  LOADGEN_SATURATED,
  loadMeter,
  serverWait,
  waitMeter,
  log,
  percentile,
  pinLoadGenerator,
  pool,
  report,
  sleep,
  withCleanup,
} from './lib/common.mjs';
import { Plenary } from './lib/plenary.mjs';
import { BARE_SESSION, captureSnapshot } from './lib/rooms.mjs';

const ATTENDEES = knob('JOIN_ATTENDEES', 5000);
const ROUNDS = knob('JOIN_ROUNDS', 2);
const CONCURRENCY = knob('JOIN_CONCURRENCY', 200);
const LIGHT = (process.env.JOIN_CLIENT ?? 'light') === 'light';

async function storm(url, users, sessionId, server) {
  const before = await server.probe();
  const meter = loadMeter();
  const waiting = waitMeter();
  const started = performance.now();
  const latencies = [];
  let failures = 0;
  let snapshots = 0;
  const sockets = await pool(users, CONCURRENCY, async (user) => {
    const t0 = performance.now();
    try {
      const socket = await (LIGHT ? connectLight : connect)(url, user.token);
      const answer = await command(socket, 'session:join', { sessionId });
      if (answer?.data && Array.isArray(answer.data.messages) && Array.isArray(answer.data.questions)) {
        snapshots += 1;
      } else {
        failures += 1;
      }
      latencies.push(performance.now() - t0);
      return socket;
    } catch {
      failures += 1;
      return null;
    }
  });
  const seconds = (performance.now() - started) / 1000;
  const loadCpu = meter();
  const after = await server.probe();
  await closeAll(sockets);
  // Let the server process the disconnects before the other side runs.
  await sleep(2000);
  return {
    seconds,
    joinsPerSec: snapshots / seconds,
    snapshots,
    failures,
    p50ms: percentile(latencies, 50),
    p99ms: percentile(latencies, 99),
    cpuUsPerJoin: (after.cpuMicros - before.cpuMicros) / Math.max(1, snapshots),
    loadCpu,
    loadgenBound: loadCpu >= LOADGEN_SATURATED,
    serverWait: serverWait(before, after, seconds),
    loadWait: waiting(),
  };
}

export async function run() {
  pinLoadGenerator();
  log(`join storm: ${ATTENDEES} attendees, ${CONCURRENCY} in flight, ${ROUNDS} rounds per side`);
  let plenary;
  let bare;
  const dir = mkdtempSync(join(tmpdir(), 'plenary-bench-joins-'));
  await withCleanup(
    async () => {
      plenary = await Plenary.start();
      const snapshot = await captureSnapshot(plenary, dir);
      bare = await startBare('io', { BARE_SNAPSHOT_FILE: snapshot.file });
      const users = await plenary.attendees(ATTENDEES);
      const bareUsers = users.map(() => ({ token: undefined }));
      const warm = Math.min(500, ATTENDEES);
      await storm(plenary.url, users.slice(0, warm), plenary.mainSessionId, plenary.server);
      await storm(bare.url, bareUsers.slice(0, warm), BARE_SESSION, bare.server);
      const result = await alternate(ROUNDS, ['plenary', 'bare'], (side) =>
        side === 'plenary'
          ? storm(plenary.url, users, plenary.mainSessionId, plenary.server)
          : storm(bare.url, bareUsers, BARE_SESSION, bare.server),
      );
      const p = result.medians.plenary;
      const b = result.medians.bare;
      report(
        'joins',
        `Join storm (${ATTENDEES.toLocaleString('en-US')} attendees connect and join one session)`,
        [
          {
            metric: 'time until everyone has its snapshot, s',
            plenary: p.seconds,
            baseline: b.seconds,
            target: '≤ 2×',
            met: p.seconds / b.seconds <= 2,
          },
          {
            metric: 'server CPU µs per connect + join',
            plenary: p.cpuUsPerJoin,
            baseline: b.cpuUsPerJoin,
            target: '≤ 2×',
            met: p.cpuUsPerJoin / b.cpuUsPerJoin <= 2,
          },
          { metric: 'joins/s', plenary: p.joinsPerSec, baseline: b.joinsPerSec },
          { metric: 'connect + join p50 ms', plenary: p.p50ms, baseline: b.p50ms },
          { metric: 'connect + join p99 ms', plenary: p.p99ms, baseline: b.p99ms },
        ],
        {
          notes: [
            `clients: ${LIGHT ? 'minimal raw-WebSocket (bench/lib/light-client.mjs)' : 'socket.io-client'}`,
            `snapshot: ${snapshot.bytes} bytes of ack data (the demo session, empty chat), the same bytes from the baseline`,
            `snapshots received: Plenary ${p.snapshots}, bare ${b.snapshots} of ${ATTENDEES}; failures: Plenary ${p.failures}, bare ${b.failures}`,
            `the baseline does no authentication and no database read; Plenary verifies the JWT, checks access in SQLite and reads the snapshot`,
            `load generator CPU share: ${p.loadCpu.toFixed(2)} / ${b.loadCpu.toFixed(2)}` +
              (result.rounds.plenary.some((r) => r.loadgenBound) ||
              result.rounds.bare.some((r) => r.loadgenBound)
                ? ' — **load generator saturated in some rounds**'
                : ''),
          ],
          rounds: result.rounds,
        },
      );
    },
    async () => {
      await bare?.stop();
      await plenary?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await run();
}
