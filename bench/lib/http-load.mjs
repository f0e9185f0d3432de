// HTTP load: Debian's `wrk` when installed (pinned to the load-generator core), else an in-process
// keep-alive generator on node:http. Both report requests/s and the load generator's CPU share of a core.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';

import { LOAD_CORE, loadMeter, pinned } from './common.mjs';

export const HAS_WRK = spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined;
const TICKS = 100; // USER_HZ on Linux

function cpuTicks(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

export async function httpLoad(url, { seconds, connections }) {
  return HAS_WRK && process.env.BENCH_HTTP_LOAD !== 'node'
    ? wrk(url, { seconds, connections })
    : nodeLoad(url, { seconds, connections });
}

function wrk(url, { seconds, connections }) {
  const { command, args } = pinned(LOAD_CORE, 'wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, url]);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    const started = Date.now();
    let last = { ticks: 0, at: started };
    const poll = setInterval(() => {
      const ticks = cpuTicks(child.pid);
      if (ticks !== null) {
        last = { ticks, at: Date.now() };
      }
    }, 250);
    child.on('error', reject);
    child.on('exit', () => {
      clearInterval(poll);
      const rps = Number(/Requests\/sec:\s*([\d.]+)/.exec(out)?.[1]);
      const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1];
      const socketErrors = /Socket errors: (.*)/.exec(out)?.[1];
      if (!Number.isFinite(rps)) {
        reject(new Error(`wrk failed: ${out}`));
        return;
      }
      resolve({
        rps,
        requests: Number(/(\d+) requests in/.exec(out)?.[1] ?? 0),
        non2xx: Number(errors ?? 0),
        socketErrors: socketErrors ?? '',
        loadCpu: last.ticks / TICKS / Math.max(0.001, (last.at - started) / 1000),
      });
    });
  });
}

async function nodeLoad(url, { seconds, connections }) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(url);
  const deadline = Date.now() + seconds * 1000;
  const meter = loadMeter();
  let done = 0;
  let non2xx = 0;
  const one = () =>
    new Promise((resolve, reject) => {
      const req = request(
        { host: target.hostname, port: target.port, path: target.pathname, agent },
        (res) => {
          if (res.statusCode < 200 || res.statusCode >= 400) {
            non2xx += 1;
          }
          res.on('data', () => undefined);
          res.on('end', resolve);
        },
      );
      req.on('error', reject);
      req.end();
    });
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < deadline) {
        await one();
        done += 1;
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const loadCpu = meter();
  agent.destroy();
  return { rps: done / elapsed, requests: done, non2xx, socketErrors: '', loadCpu };
}
