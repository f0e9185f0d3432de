// bench:cluster — one session on the whole machine: CLUSTER_ATTENDEES (10,000) attendees joined to one session
// of Plenary started with WORKERS=2 (SQLite, no Redis: cluster adapter and sticky sessions), one sender posting
// chat at CLUSTER_RATE (10) msg/s, against a bare Socket.IO cluster (bench/bare/io-cluster.mjs: same sticky
// primary, same cluster adapter, two workers) doing the same. Servers are not pinned (they must use every
// core); the load generator is one process beside them, as on any busy host.
// Reports join storm time, p50/p99 latency, deliveries lost, and the CPU of the whole server process tree
// per delivery. Targets (issue 18): p99 ≤ 150 ms and nothing lost at 10,000 attendees on 2 cores.
// Knobs: CLUSTER_ATTENDEES, CLUSTER_RATE, CLUSTER_SECONDS (10), CLUSTER_ROUNDS (3), CLUSTER_WORKERS (2),
// BENCH_CLIENT ("light" raw-WebSocket receivers, or "socket.io" for the standard socket.io-client).
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import { startBare } from './lib/bare.mjs';
import { closeAll, command } from './lib/clients.mjs';
import {
  knob,
  loadMeter,
  log,
  median,
  percentile,
  report,
  sleep,
  treeCpuMicros,
  withCleanup,
} from './lib/common.mjs';
import { Plenary } from './lib/plenary.mjs';
import { bareRoom, plenaryRoom } from './lib/rooms.mjs';

const ATTENDEES = knob('CLUSTER_ATTENDEES', 10_000);
const RATE = knob('CLUSTER_RATE', 10);
const SECONDS = knob('CLUSTER_SECONDS', 10);
const ROUNDS = knob('CLUSTER_ROUNDS', 3);
const WORKERS = knob('CLUSTER_WORKERS', 2);
const CLIENT = process.env.BENCH_CLIENT ?? 'light';
const LIGHT = CLIENT === 'light';

function instrument(room) {
  const state = { recording: false, delivered: 0, latencies: [], lastAt: 0 };
  for (const socket of room.sockets) {
    socket.on('chat:message-posted', ({ message }) => {
      if (state.recording) {
        const now = performance.now();
        state.delivered += 1;
        state.lastAt = now;
        state.latencies.push(now - Number(message.text.slice(2)));
      }
    });
  }
  return state;
}

async function round({ room, state, pid }, seconds) {
  const sender = room.sockets[0];
  const expected = Math.round(RATE * seconds) * room.sockets.length;
  Object.assign(state, { recording: true, delivered: 0, latencies: [], lastAt: 0 });
  const cpu0 = treeCpuMicros(pid);
  const meter = loadMeter();
  const started = performance.now();
  const acks = [];
  let failures = 0;
  for (let k = 0; k < Math.round(RATE * seconds); k += 1) {
    const wait = started + (k * 1000) / RATE - performance.now();
    if (wait > 1) {
      await sleep(wait);
    }
    acks.push(
      command(sender, 'chat:send', {
        sessionId: room.sessionId,
        text: `t=${performance.now()}`,
        clientId: randomUUID(),
      }).then(
        (answer) => (failures += answer?.error ? 1 : 0),
        () => (failures += 1),
      ),
    );
  }
  await Promise.all(acks);
  const deadline = performance.now() + 10_000;
  while (state.delivered < expected && performance.now() < deadline) {
    await sleep(20);
  }
  const elapsed = (Math.max(state.lastAt, started + seconds * 1000) - started) / 1000;
  state.recording = false;
  const cpuMicros = treeCpuMicros(pid) - cpu0;
  return {
    failures,
    lost: expected - state.delivered,
    p50ms: percentile(state.latencies, 50),
    p99ms: percentile(state.latencies, 99),
    cpuUsPerDelivery: cpuMicros / Math.max(1, state.delivered),
    serverCores: cpuMicros / 1e6 / elapsed,
    loadCpu: meter(),
  };
}

async function side(name, start, join) {
  let server;
  let room;
  return withCleanup(
    async () => {
      server = await start();
      // Accounts are made before the clock starts: the storm is the connects and joins only.
      const joining = await join(server);
      const joinStarted = performance.now();
      room = await joining();
      const joinSeconds = (performance.now() - joinStarted) / 1000;
      const target = { room, state: instrument(room), pid: server.server.pid };
      await round(target, 2);
      await sleep(1500);
      const rounds = [];
      for (let i = 0; i < ROUNDS; i += 1) {
        rounds.push(await round(target, SECONDS));
        log(`  ${name} round ${i + 1}: p99 ${rounds.at(-1).p99ms.toFixed(1)} ms, lost ${rounds.at(-1).lost}`);
      }
      return { joinSeconds, rounds };
    },
    async () => {
      await closeAll(room?.sockets ?? []);
      await server?.stop();
    },
  );
}

export async function run() {
  log(
    `cluster: ${ATTENDEES} attendees × ${RATE} msg/s, ${WORKERS} workers, ${ROUNDS} rounds × ${SECONDS} s, ${CLIENT} clients`,
  );
  const plenary = await side(
    'plenary',
    () => Plenary.start({ env: { WORKERS: String(WORKERS) }, pin: false }),
    async (server) => {
      const users = await server.attendees(ATTENDEES);
      return () => plenaryRoom(server, ATTENDEES, { light: LIGHT, users });
    },
  );
  const bare = await side(
    'bare',
    () => startBare('io-cluster', { BARE_WORKERS: String(WORKERS) }, { pin: false }),
    async (server) => () => bareRoom(server, ATTENDEES, { light: LIGHT }),
  );
  const m = (result, key) => median(result.rounds.map((r) => r[key]));
  const sum = (result, key) => result.rounds.reduce((total, r) => total + r[key], 0);
  report(
    'cluster',
    `One session on the whole machine (${WORKERS} workers, ${ATTENDEES} attendees, ${RATE} msg/s)`,
    [
      { metric: 'join storm s', plenary: plenary.joinSeconds, baseline: bare.joinSeconds },
      { metric: 'p50 latency ms', plenary: m(plenary, 'p50ms'), baseline: m(bare, 'p50ms') },
      {
        metric: 'p99 latency ms',
        plenary: m(plenary, 'p99ms'),
        baseline: m(bare, 'p99ms'),
        target: '≤ 150 ms',
        met: m(plenary, 'p99ms') <= 150,
      },
      {
        metric: 'deliveries lost',
        plenary: sum(plenary, 'lost'),
        baseline: sum(bare, 'lost'),
        noRatio: true,
        target: '0',
        met: sum(plenary, 'lost') === 0,
      },
      {
        metric: 'server CPU µs per delivery (all processes)',
        plenary: m(plenary, 'cpuUsPerDelivery'),
        baseline: m(bare, 'cpuUsPerDelivery'),
      },
    ],
    {
      notes: [
        `receivers: ${LIGHT ? 'minimal raw-WebSocket clients (bench/lib/light-client.mjs)' : 'socket.io-client'}, one load-generator process, not pinned`,
        `server cores busy (1.0 = one core): Plenary ${m(plenary, 'serverCores').toFixed(2)}, bare ${m(bare, 'serverCores').toFixed(2)}; load generator ${m(plenary, 'loadCpu').toFixed(2)} / ${m(bare, 'loadCpu').toFixed(2)}`,
        `failed sends: Plenary ${sum(plenary, 'failures')}, bare ${sum(bare, 'failures')}`,
      ],
    },
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await run();
}
