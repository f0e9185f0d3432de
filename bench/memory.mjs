// Benchmark 6 — memory per connected attendee: a fresh server per round, measured (after a full GC inside the
// server) before and after N attendees connect and join one session; (RSS after − RSS before) / N. Plenary
// against the bare Socket.IO server. Target ≤ 1.5× bare.
// Knobs: MEMORY_ATTENDEES (2000), MEMORY_ROUNDS (3).
import { closeAll } from './lib/clients.mjs';
import { alternate, knob, log, pinLoadGenerator, report, sleep, withCleanup } from './lib/common.mjs';
import { startBare } from './lib/bare.mjs';
import { Plenary } from './lib/plenary.mjs';
import { bareRoom, plenaryRoom } from './lib/rooms.mjs';

const ATTENDEES = knob('MEMORY_ATTENDEES', 2000);
const ROUNDS = knob('MEMORY_ROUNDS', 3);
// MEMORY_HEAP_SNAPSHOTS=<dir>: also write V8 heap snapshots of each server before and after the joins.
const SNAPSHOTS = process.env.MEMORY_HEAP_SNAPSHOTS;
let snapshotCounter = 0;
const snapshotPath = (side, when) =>
  SNAPSHOTS ? `${SNAPSHOTS}/${side}-${++snapshotCounter}-${when}.heapsnapshot` : undefined;

async function measure(side) {
  let server;
  let room;
  return withCleanup(
    async () => {
      let plenary;
      if (side === 'plenary') {
        plenary = await Plenary.start();
        server = plenary;
        // Accounts first, so their rows are not part of the delta; one warm-up join loads the code paths.
        const users = await plenary.attendees(ATTENDEES + 1);
        const warm = await plenaryRoom(plenary, 1, { users: users.slice(0, 1) });
        await closeAll(warm.sockets);
        await sleep(500);
        const before = await plenary.server.probe({ gc: true, heapSnapshot: snapshotPath(side, 'before') });
        room = await plenaryRoom(plenary, ATTENDEES, { users: users.slice(1) });
        await sleep(1500);
        const after = await plenary.server.probe({ gc: true, heapSnapshot: snapshotPath(side, 'after') });
        return delta(before, after);
      }
      const bare = await startBare('io');
      server = bare;
      const warm = await bareRoom(bare, 1);
      await closeAll(warm.sockets);
      await sleep(500);
      const before = await bare.server.probe({ gc: true, heapSnapshot: snapshotPath(side, 'before') });
      room = await bareRoom(bare, ATTENDEES);
      await sleep(1500);
      const after = await bare.server.probe({ gc: true, heapSnapshot: snapshotPath(side, 'after') });
      return delta(before, after);
    },
    async () => {
      if (room) {
        await closeAll(room.sockets);
      }
      await server?.stop();
    },
  );
}

function delta(before, after) {
  return {
    rssKiBPerAttendee: (after.rss - before.rss) / 1024 / ATTENDEES,
    heapKiBPerAttendee: (after.heapUsed - before.heapUsed) / 1024 / ATTENDEES,
    externalKiBPerAttendee: (after.external - before.external) / 1024 / ATTENDEES,
    rssBeforeMiB: before.rss / 2 ** 20,
    rssAfterMiB: after.rss / 2 ** 20,
  };
}

export async function run() {
  pinLoadGenerator();
  log(
    `memory per attendee: ${ATTENDEES} attendees joined to one session, fresh server per round, ${ROUNDS} rounds per side`,
  );
  const result = await alternate(ROUNDS, ['plenary', 'bare'], (side) => measure(side));
  const p = result.medians.plenary;
  const b = result.medians.bare;
  report(
    'memory',
    `Memory per connected attendee (${ATTENDEES.toLocaleString('en-US')} joined to one session, after GC)`,
    [
      {
        metric: 'RSS KiB per attendee',
        plenary: p.rssKiBPerAttendee,
        baseline: b.rssKiBPerAttendee,
        target: '≤ 1.5×',
        met: p.rssKiBPerAttendee / b.rssKiBPerAttendee <= 1.5,
      },
      { metric: 'V8 heap KiB per attendee', plenary: p.heapKiBPerAttendee, baseline: b.heapKiBPerAttendee },
      {
        metric: 'external KiB per attendee',
        plenary: p.externalKiBPerAttendee,
        baseline: b.externalKiBPerAttendee,
      },
      { metric: 'server RSS after, MiB', plenary: p.rssAfterMiB, baseline: b.rssAfterMiB },
    ],
    { rounds: result.rounds },
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await run();
}
