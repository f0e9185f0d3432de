// Benchmark 9 — reaction storm: V attendees in one session each send one reaction a second for S seconds.
// Server CPU per reaction against the bare Socket.IO server that only counts (and sends one burst a second),
// and how regularly `reaction:burst` arrives at a watching client (the gaps between bursts).
// Targets: CPU per reaction ≤ 1.5× the bare server; bursts ≤ 1.2 s apart p99.
// Knobs: REACTION_ATTENDEES (5000), REACTION_SECONDS (10), REACTION_ROUNDS (2).
import { performance } from 'node:perf_hooks';

import { startBare } from './lib/bare.mjs';
import { closeAll, command } from './lib/clients.mjs';
import {
  alternate,
  knob,
  loadMeter,
  log,
  percentile,
  pinLoadGenerator,
  report,
  sleep,
  withCleanup,
} from './lib/common.mjs';
import { Plenary } from './lib/plenary.mjs';
import { bareRoom, plenaryRoom } from './lib/rooms.mjs';

const ATTENDEES = knob('REACTION_ATTENDEES', 5000);
const SECONDS = knob('REACTION_SECONDS', 10);
const ROUNDS = knob('REACTION_ROUNDS', 2);
const EMOJI = ['👏', '❤️', '😂', '😮', '👍', '🎉'];

async function storm({ room, server, bursts }) {
  bursts.length = 0;
  const before = await server.probe();
  const meter = loadMeter();
  let acked = 0;
  let refused = 0;
  const started = performance.now();
  for (let second = 0; second < SECONDS; second += 1) {
    const tick = performance.now();
    // Each attendee once this second, spread over the second.
    const sends = room.sockets.map(async (socket, index) => {
      await sleep((index / room.sockets.length) * 900);
      const answer = await command(socket, 'reaction:send', {
        sessionId: room.sessionId,
        emoji: EMOJI[index % 6],
      }).catch(() => null);
      if (answer?.data) {
        acked += 1;
      } else {
        refused += 1;
      }
    });
    await Promise.all(sends);
    await sleep(Math.max(0, 1000 - (performance.now() - tick)));
  }
  const seconds = (performance.now() - started) / 1000;
  const loadCpu = meter();
  const after = await server.probe();
  await sleep(1500);
  const gaps = bursts.slice(1).map((at, index) => at - bursts[index]);
  return {
    acked,
    refused,
    reactionsPerSec: acked / seconds,
    cpuUsPerReaction: (after.cpuMicros - before.cpuMicros) / Math.max(1, acked),
    burstGapP50ms: percentile(gaps, 50),
    burstGapP99ms: percentile(gaps, 99),
    bursts: bursts.length,
    loadCpu,
  };
}

export async function run() {
  pinLoadGenerator();
  log(`reaction storm: ${ATTENDEES} attendees × 1 reaction/s for ${SECONDS} s, ${ROUNDS} rounds per side`);
  let plenary;
  let bare;
  let rooms = [];
  await withCleanup(
    async () => {
      plenary = await Plenary.start();
      bare = await startBare('io');
      const plenaryR = await plenaryRoom(plenary, ATTENDEES, { light: true });
      const bareR = await bareRoom(bare, ATTENDEES, { light: true });
      rooms = [plenaryR, bareR];
      const watch = (socket) => {
        const bursts = [];
        socket.on('reaction:burst', () => bursts.push(performance.now()));
        return bursts;
      };
      const sides = {
        plenary: { room: plenaryR, server: plenary.server, bursts: watch(plenaryR.sockets[0]) },
        bare: { room: bareR, server: bare.server, bursts: watch(bareR.sockets[0]) },
      };
      const result = await alternate(ROUNDS, ['plenary', 'bare'], (side) => storm(sides[side]));
      const stored = await plenary.db.get(
        `SELECT SUM("count") AS "n" FROM reaction_minutes WHERE "sessionId" = ?`,
        plenaryR.sessionId,
      );
      const acked = result.rounds.plenary.reduce((sum, r) => sum + r.acked, 0);
      const p = result.medians.plenary;
      const b = result.medians.bare;
      const ratio = p.cpuUsPerReaction / b.cpuUsPerReaction;
      report(
        'reactions',
        `Reaction storm (${ATTENDEES.toLocaleString('en-US')} attendees, one reaction a second each)`,
        [
          { metric: 'reactions/s acked', plenary: p.reactionsPerSec, baseline: b.reactionsPerSec },
          {
            metric: 'server CPU µs per reaction',
            plenary: p.cpuUsPerReaction,
            baseline: b.cpuUsPerReaction,
            target: '≤ 1.5× bare',
            met: ratio <= 1.5,
          },
          { metric: 'gap between bursts p50 ms', plenary: p.burstGapP50ms, baseline: b.burstGapP50ms },
          {
            metric: 'gap between bursts p99 ms',
            plenary: p.burstGapP99ms,
            baseline: b.burstGapP99ms,
            target: '≤ 1,200 ms',
            met: p.burstGapP99ms <= 1200,
          },
        ],
        {
          notes: [
            `reaction_minutes after the run: ${stored.n} reactions stored as per-minute totals; ${acked} acked in the measured rounds (plus none refused: ${result.rounds.plenary.every((r) => r.refused === 0) ? 'yes' : 'no'})`,
          ],
          rounds: result.rounds,
        },
      );
    },
    async () => {
      for (const room of rooms) {
        await closeAll(room.sockets);
      }
      await bare?.stop();
      await plenary?.stop();
    },
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await run();
}
