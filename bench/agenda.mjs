// Benchmark 1 — agenda reads: requests/s for GET /api/events/silks-2020/agenda on Plenary (SQLite, demo
// loaded) against a bare node:http server answering the same bytes with the same headers. Target ≥ 0.75×.
// Knobs: AGENDA_SECONDS (8), AGENDA_ROUNDS (3), AGENDA_CONNECTIONS (32), BENCH_HTTP_LOAD=node (skip wrk).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startBare } from './lib/bare.mjs';
import {
  alternate,
  knob,
  LOADGEN_SATURATED,
  log,
  pinLoadGenerator,
  report,
  serverWait,
  withCleanup,
} from './lib/common.mjs';
import { HAS_WRK, httpLoad } from './lib/http-load.mjs';
import { DEMO_SLUG, Plenary } from './lib/plenary.mjs';

const SECONDS = knob('AGENDA_SECONDS', 8);
const ROUNDS = knob('AGENDA_ROUNDS', 3);
const CONNECTIONS = knob('AGENDA_CONNECTIONS', 32);
const PATH = `/api/events/${DEMO_SLUG}/agenda`;
const SKIP_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

export async function run() {
  pinLoadGenerator();
  log(
    `agenda reads: ${ROUNDS} rounds × ${SECONDS} s per side, ${CONNECTIONS} keep-alive connections, load by ${HAS_WRK && process.env.BENCH_HTTP_LOAD !== 'node' ? 'wrk' : 'node:http'}`,
  );
  let plenary;
  let bare;
  const dir = mkdtempSync(join(tmpdir(), 'plenary-bench-agenda-'));
  await withCleanup(
    async () => {
      plenary = await Plenary.start();
      const response = await fetch(`${plenary.url}${PATH}`);
      const body = Buffer.from(await response.arrayBuffer());
      if (!response.ok) {
        throw new Error(`agenda answered ${response.status}`);
      }
      const headers = {};
      response.headers.forEach((value, name) => {
        if (!SKIP_HEADERS.has(name)) {
          headers[name] = value;
        }
      });
      writeFileSync(join(dir, 'body'), body);
      writeFileSync(join(dir, 'headers.json'), JSON.stringify(headers));
      bare = await startBare('http', {
        BARE_BODY_FILE: join(dir, 'body'),
        BARE_HEADERS_FILE: join(dir, 'headers.json'),
      });
      const targets = { plenary: plenary, bare: bare };
      // Warm-up: JIT, the agenda cache, connection pools.
      for (const side of ['plenary', 'bare']) {
        await httpLoad(`${targets[side].url}${PATH}`, { seconds: 2, connections: CONNECTIONS });
      }
      const result = await alternate(ROUNDS, ['plenary', 'bare'], async (side) => {
        const server = targets[side].server;
        const before = await server.probe();
        const load = await httpLoad(`${targets[side].url}${PATH}`, {
          seconds: SECONDS,
          connections: CONNECTIONS,
        });
        const after = await server.probe();
        const cpuMicros = after.cpuMicros - before.cpuMicros;
        return {
          rps: load.rps,
          serverCpuUsPerRequest: cpuMicros / Math.max(1, load.requests),
          serverCpuShare: cpuMicros / 1e6 / SECONDS,
          loadCpu: load.loadCpu,
          non2xx: load.non2xx,
          loadgenBound: load.loadCpu >= LOADGEN_SATURATED,
          serverWait: serverWait(before, after, SECONDS),
        };
      });
      // Diagnostic (one run, not a target): the cost of Plenary's HTTP pipeline alone (helmet, request id,
      // Express, Nest routing, interceptors, a `SELECT 1`), to separate it from the agenda handler.
      const before = await plenary.server.probe();
      const health = await httpLoad(`${plenary.url}/health`, { seconds: SECONDS, connections: CONNECTIONS });
      const after = await plenary.server.probe();
      const healthCpuUs = (after.cpuMicros - before.cpuMicros) / Math.max(1, health.requests);
      const p = result.medians.plenary;
      const b = result.medians.bare;
      const ratio = p.rps / b.rps;
      const notes = [
        `response: ${body.length} bytes of JSON, ${Object.keys(headers).length} headers (helmet's included) copied to the baseline`,
        `server CPU share during the run (1.0 = one core): Plenary ${p.serverCpuShare.toFixed(2)}, bare ${b.serverCpuShare.toFixed(2)}`,
        `load generator CPU share: Plenary runs ${p.loadCpu.toFixed(2)}, bare runs ${b.loadCpu.toFixed(2)}` +
          (result.rounds.bare.some((r) => r.loadgenBound) || result.rounds.plenary.some((r) => r.loadgenBound)
            ? ' — **load generator saturated in some rounds: the baseline figure is a lower bound**'
            : ''),
      ];
      if (p.non2xx > 0 || b.non2xx > 0) {
        notes.push(`non-2xx responses: Plenary ${p.non2xx}, bare ${b.non2xx}`);
      }
      report(
        'agenda',
        'Agenda reads (GET /api/events/silks-2020/agenda)',
        [
          {
            metric: 'requests/s (median)',
            plenary: p.rps,
            baseline: b.rps,
            ratio,
            target: '≥ 0.75×',
            met: ratio >= 0.75,
          },
          {
            metric: 'server CPU µs per request',
            plenary: p.serverCpuUsPerRequest,
            baseline: b.serverCpuUsPerRequest,
          },
          { metric: 'diagnostic: Plenary GET /health requests/s (one run)', plenary: health.rps },
          { metric: 'diagnostic: Plenary GET /health CPU µs per request', plenary: healthCpuUs },
        ],
        { notes, rounds: result.rounds },
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
