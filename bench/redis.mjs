// Benchmark 7 — two nodes through Redis: two Plenary nodes on one scratch PostgreSQL database with REDIS_URL
// set; half of the attendees on node A (where the sender is), half on node B. The added latency of the remote
// node = its p50/p99 minus node A's, measured in the same rounds. Targets: ≤ +10 ms p50, ≤ +25 ms p99.
// If the nodes do not share broadcasts (no Redis adapter installed yet), it reports "pending".
// Knobs: REDIS_URL (redis://127.0.0.1:6379), REDIS_ATTENDEES (200 in all), REDIS_RATE (10 msg/s),
// REDIS_SECONDS (5), REDIS_ROUNDS (3).
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

import { closeAll, command } from './lib/clients.mjs';
import {
  knob,
  LOADGEN_SATURATED,
  loadMeter,
  serverWait,
  waitMeter,
  log,
  median,
  percentile,
  pinLoadGenerator,
  report,
  sleep,
  withCleanup,
} from './lib/common.mjs';
import { Plenary } from './lib/plenary.mjs';
import { plenaryRoom } from './lib/rooms.mjs';

const require = createRequire(import.meta.url);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// Light by default: both nodes share one core here, and a saturated core measures queueing, not Redis.
const ATTENDEES = knob('REDIS_ATTENDEES', 200);
const RATE = knob('REDIS_RATE', 10);
const SECONDS = knob('REDIS_SECONDS', 5);
const ROUNDS = knob('REDIS_ROUNDS', 3);

async function redisAnswers() {
  const Redis = require('ioredis');
  const client = new Redis(REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

function listen(room, state, node) {
  for (const socket of room.sockets) {
    socket.on('chat:message-posted', ({ message }) => {
      if (!state.recording || !message.text.startsWith('t=')) {
        return;
      }
      state[node].push(performance.now() - Number(message.text.slice(2)));
    });
  }
}

export async function run() {
  pinLoadGenerator();
  const pendingReport = (why) =>
    report(
      'redis',
      'Two nodes through Redis',
      [
        { metric: 'added p50 latency on the remote node, ms', plenary: NaN, target: '≤ +10 ms', met: null },
        { metric: 'added p99 latency on the remote node, ms', plenary: NaN, target: '≤ +25 ms', met: null },
      ],
      { notes: [`**pending**: ${why}`], pending: true },
    );
  if (!(await redisAnswers())) {
    pendingReport(`no Redis answers at ${REDIS_URL}`);
    return;
  }
  log(
    `two nodes through Redis: ${ATTENDEES} attendees split over two nodes, ${RATE} msg/s, ${ROUNDS} rounds × ${SECONDS} s`,
  );
  let nodeA;
  let nodeB;
  const rooms = [];
  await withCleanup(
    async () => {
      nodeA = await Plenary.start({ database: 'postgres', env: { REDIS_URL }, name: 'plenary-a' });
      nodeB = await Plenary.start({ shared: nodeA.database, env: { REDIS_URL }, name: 'plenary-b' });
      const users = await nodeA.attendees(ATTENDEES);
      const half = Math.floor(ATTENDEES / 2);
      const roomA = await plenaryRoom(nodeA, half, { users: users.slice(0, half) });
      const roomB = await plenaryRoom(nodeB, ATTENDEES - half, { users: users.slice(half) });
      rooms.push(roomA, roomB);
      const state = { recording: false, local: [], remote: [] };
      listen(roomA, state, 'local');
      listen(roomB, state, 'remote');
      const sender = roomA.sockets[0];
      const rounds = [];
      for (let round = 0; round <= ROUNDS; round += 1) {
        state.local = [];
        state.remote = [];
        state.recording = true;
        const meter = loadMeter();
        const waiting = waitMeter();
        const probesBefore = await Promise.all([nodeA.server.probe(), nodeB.server.probe()]);
        const total = Math.round((round === 0 ? 2 : SECONDS) * RATE);
        const started = performance.now();
        const acks = [];
        for (let k = 0; k < total; k += 1) {
          const wait = started + (k * 1000) / RATE - performance.now();
          if (wait > 1) {
            await sleep(wait);
          }
          acks.push(
            command(sender, 'chat:send', {
              sessionId: roomA.sessionId,
              text: `t=${performance.now()}`,
              clientId: randomUUID(),
            }).catch(() => null),
          );
        }
        await Promise.all(acks);
        const deadline = performance.now() + 3000;
        while (state.remote.length < total * roomB.sockets.length && performance.now() < deadline) {
          await sleep(20);
        }
        state.recording = false;
        if (round === 0) {
          if (state.remote.length === 0) {
            pendingReport(
              "node B received none of node A's broadcasts: REDIS_URL support (the Redis adapter in src/realtime/live-adapter-factory.ts) is not installed yet",
            );
            return;
          }
          continue;
        }
        const seconds = (performance.now() - started) / 1000;
        const probesAfter = await Promise.all([nodeA.server.probe(), nodeB.server.probe()]);
        const record = {
          addedP50: percentile(state.remote, 50) - percentile(state.local, 50),
          addedP99: percentile(state.remote, 99) - percentile(state.local, 99),
          localP50: percentile(state.local, 50),
          localP99: percentile(state.local, 99),
          remoteP50: percentile(state.remote, 50),
          remoteP99: percentile(state.remote, 99),
          remoteDelivered: state.remote.length / (total * roomB.sockets.length),
          loadCpu: meter(),
          serverCpuShare:
            (probesAfter[0].cpuMicros -
              probesBefore[0].cpuMicros +
              probesAfter[1].cpuMicros -
              probesBefore[1].cpuMicros) /
            1e6 /
            seconds,
          serverWait: Math.max(
            serverWait(probesBefore[0], probesAfter[0], seconds),
            serverWait(probesBefore[1], probesAfter[1], seconds),
          ),
          loadWait: waiting(),
        };
        log(`  round ${round}: ${JSON.stringify(record)}`);
        rounds.push(record);
      }
      const m = (field) => median(rounds.map((r) => r[field]));
      const added50 = m('addedP50');
      const added99 = m('addedP99');
      report(
        'redis',
        'Two nodes through Redis (sender on node A)',
        [
          {
            metric: 'p50 latency ms (remote node B vs local node A)',
            plenary: m('remoteP50'),
            baseline: m('localP50'),
          },
          {
            metric: 'p99 latency ms (remote node B vs local node A)',
            plenary: m('remoteP99'),
            baseline: m('localP99'),
          },
          {
            metric: 'added p50 latency on the remote node, ms',
            plenary: added50,
            target: '≤ +10 ms',
            met: added50 <= 10,
          },
          {
            metric: 'added p99 latency on the remote node, ms',
            plenary: added99,
            target: '≤ +25 ms',
            met: added99 <= 25,
          },
          { metric: 'share of remote deliveries received', plenary: m('remoteDelivered'), digits: 4 },
        ],
        {
          notes: [
            `${ATTENDEES} attendees (half on each node) × ${RATE} msg/s; added latency = remote p50/p99 − local p50/p99 of the same round, median of ${ROUNDS} rounds`,
            `both nodes pinned to the same server core, together ${m('serverCpuShare').toFixed(2)} of it; load generator ${m('loadCpu').toFixed(2)} of a core` +
              (rounds.some((r) => r.loadCpu >= LOADGEN_SATURATED) ? ' — **saturated in some rounds**' : ''),
          ],
          rounds,
        },
      );
    },
    async () => {
      for (const room of rooms) {
        await closeAll(room.sockets);
      }
      await nodeB?.stop();
      await nodeA?.stop();
    },
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await run();
}
