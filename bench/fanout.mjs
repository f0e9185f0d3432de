// Benchmark 2 — fan-out: N attendees joined to one session, one sender posting chat at a fixed rate.
// Delivered messages/s, p50/p99 latency (send time in the text, read at the receivers, same clock), server
// CPU per delivery — Plenary against a bare Socket.IO server broadcasting the same payload to one room.
// Targets: CPU/delivery ≤ 1.15× bare; p99 ≤ 1.25× bare and ≤ 25 ms at 1,000 × 20 msg/s; p99 ≤ 100 ms at 5,000.
// Knobs: FANOUT_SIZES ("1000:20,5000:4" = attendees:messages per second), FANOUT_SECONDS (6), FANOUT_ROUNDS (5),
// FANOUT_CLIENT or BENCH_CLIENT ("light" raw-WebSocket receivers, or "socket.io": the standard socket.io-client).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { startBare } from './lib/bare.mjs';
import { closeAll, command } from './lib/clients.mjs';
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
  report,
  sleep,
  withCleanup,
} from './lib/common.mjs';
import { Plenary } from './lib/plenary.mjs';
import { bareRoom, captureSnapshot, plenaryRoom } from './lib/rooms.mjs';

const SIZES = (process.env.FANOUT_SIZES ?? '1000:20,5000:4').split(',').map((pair) => {
  const [attendees, rate] = pair.split(':').map(Number);
  return { attendees, rate };
});
const SECONDS = knob('FANOUT_SECONDS', 6);
const ROUNDS = knob('FANOUT_ROUNDS', 5);
// "light" (default): raw-WebSocket receivers, so latency is the server's and not socket.io-client's decoding
// queue in the load generator; "socket.io": socket.io-client receivers, as before.
const LIGHT = (process.env.FANOUT_CLIENT ?? process.env.BENCH_CLIENT ?? 'light') === 'light';

/** Counts every delivery to every socket of a room; records latency while a round runs. */
function instrument(room) {
  const state = { recording: false, delivered: 0, latencies: [], lastAt: 0 };
  for (const socket of room.sockets) {
    socket.on('chat:message-posted', ({ message }) => {
      if (!state.recording) {
        return;
      }
      const now = performance.now();
      state.delivered += 1;
      state.lastAt = now;
      state.latencies.push(now - Number(message.text.slice(2)));
    });
  }
  return state;
}

/** One round: `rate` messages/s for SECONDS from the room's first socket, then wait for the deliveries. */
async function round(side, { room, state, server, attendees, rate, seconds = SECONDS }) {
  const sender = room.sockets[0];
  const expectedPerMessage = room.sockets.length;
  state.delivered = 0;
  state.latencies = [];
  state.recording = true;
  const total = Math.round(rate * seconds);
  const before = await server.probe();
  const meter = loadMeter();
  const waiting = waitMeter();
  const started = performance.now();
  const acks = [];
  let failures = 0;
  for (let k = 0; k < total; k += 1) {
    const due = started + (k * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) {
      await sleep(wait);
    }
    acks.push(
      command(sender, 'chat:send', {
        sessionId: room.sessionId,
        text: `t=${performance.now()}`,
        clientId: randomUUID(),
      })
        .then((answer) => {
          if (answer?.error) {
            failures += 1;
          }
        })
        .catch(() => {
          failures += 1;
        }),
    );
  }
  await Promise.all(acks);
  const deadline = performance.now() + 10_000;
  while (state.delivered < total * expectedPerMessage && performance.now() < deadline) {
    await sleep(20);
  }
  const elapsed = (Math.max(state.lastAt, performance.now() - 20) - started) / 1000;
  const loadCpu = meter();
  const after = await server.probe();
  state.recording = false;
  const cpuMicros = after.cpuMicros - before.cpuMicros;
  return {
    sent: total,
    failures,
    delivered: state.delivered,
    lost: total * expectedPerMessage - state.delivered,
    deliveredPerSec: state.delivered / elapsed,
    p50ms: percentile(state.latencies, 50),
    p99ms: percentile(state.latencies, 99),
    maxms: percentile(state.latencies, 100),
    cpuUsPerDelivery: cpuMicros / Math.max(1, state.delivered),
    serverCpuShare: cpuMicros / 1e6 / elapsed,
    loadCpu,
    loadgenBound: loadCpu >= LOADGEN_SATURATED,
    serverWait: serverWait(before, after, elapsed),
    loadWait: waiting(),
    attendees,
  };
}

export async function run() {
  pinLoadGenerator();
  const results = [];
  for (const { attendees, rate } of SIZES) {
    log(`fan-out: ${attendees} attendees × ${rate} msg/s, ${ROUNDS} rounds × ${SECONDS} s per side`);
    let plenary;
    let bare;
    let rooms = [];
    const dir = mkdtempSync(join(tmpdir(), 'plenary-bench-fanout-'));
    await withCleanup(
      async () => {
        plenary = await Plenary.start();
        const snapshot = await captureSnapshot(plenary, dir);
        bare = await startBare('io', { BARE_SNAPSHOT_FILE: snapshot.file });
        const plenaryR = await plenaryRoom(plenary, attendees, { light: LIGHT });
        const bareR = await bareRoom(bare, attendees, { light: LIGHT });
        rooms = [plenaryR, bareR];
        const sides = {
          plenary: { room: plenaryR, state: instrument(plenaryR), server: plenary.server, attendees, rate },
          bare: { room: bareR, state: instrument(bareR), server: bare.server, attendees, rate },
        };
        // Warm-up: one second at the rate on each side, then let presence notices settle.
        for (const side of ['plenary', 'bare']) {
          await round(side, { ...sides[side], seconds: 2 });
        }
        await sleep(1500);
        const result = await alternate(ROUNDS, ['plenary', 'bare'], (side) => round(side, sides[side]));
        results.push({ attendees, rate, ...result });
      },
      async () => {
        for (const room of rooms) {
          await closeAll(room.sockets);
        }
        await bare?.stop();
        await plenary?.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    );
  }
  const rows = [];
  const notes = [];
  for (const { attendees, rate, medians, rounds } of results) {
    const p = medians.plenary;
    const b = medians.bare;
    const label = `${attendees.toLocaleString('en-US')} × ${rate} msg/s`;
    const strict = attendees <= 1000;
    rows.push(
      { metric: `${label}: delivered messages/s`, plenary: p.deliveredPerSec, baseline: b.deliveredPerSec },
      {
        metric: `${label}: server CPU µs per delivery`,
        plenary: p.cpuUsPerDelivery,
        baseline: b.cpuUsPerDelivery,
        target: '≤ 1.15×',
        met: p.cpuUsPerDelivery / b.cpuUsPerDelivery <= 1.15,
      },
      { metric: `${label}: p50 latency ms`, plenary: p.p50ms, baseline: b.p50ms },
      {
        metric: `${label}: p99 latency ms`,
        plenary: p.p99ms,
        baseline: b.p99ms,
        target: strict ? '≤ 1.25× and ≤ 25 ms' : '≤ 100 ms',
        met: strict ? p.p99ms / b.p99ms <= 1.25 && p.p99ms <= 25 : p.p99ms <= 100,
      },
    );
    const lost = rounds.plenary.reduce((sum, r) => sum + r.lost, 0);
    const bareLost = rounds.bare.reduce((sum, r) => sum + r.lost, 0);
    const failures = rounds.plenary.reduce((sum, r) => sum + r.failures, 0);
    notes.push(
      `${label}: receivers ${LIGHT ? 'minimal raw-WebSocket clients (bench/lib/light-client.mjs)' : 'socket.io-client'}; ` +
        `server CPU share (1.0 = one core) Plenary ${p.serverCpuShare.toFixed(2)}, bare ${b.serverCpuShare.toFixed(2)}; ` +
        `load generator ${p.loadCpu.toFixed(2)} / ${b.loadCpu.toFixed(2)}` +
        (rounds.plenary.some((r) => r.loadgenBound) || rounds.bare.some((r) => r.loadgenBound)
          ? ' — **load generator saturated in some rounds: latencies include its queueing**'
          : '') +
        `; undelivered: Plenary ${lost}, bare ${bareLost}; failed sends: ${failures}`,
    );
  }
  report('fanout', 'Fan-out (one session, one sender, chat at a fixed rate)', rows, {
    notes,
    rounds: results.map(({ attendees, rate, rounds }) => ({ attendees, rate, rounds })),
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await run();
}
