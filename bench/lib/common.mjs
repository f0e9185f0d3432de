// Shared harness of the benchmarks: server child processes pinned to a core, CPU and memory probes over IPC,
// alternation of the measured system and its baseline, medians and percentiles, and the result tables.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = resolve(BENCH_DIR, '..');
export const PROBE = join(BENCH_DIR, 'lib', 'probe.js');
export const RESULTS_DIR = process.env.BENCH_RESULTS ?? '/tmp/plenary-bench-results';

/** Integer/float knobs from the environment, with a default. */
export function knob(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isFinite(value)) {
    throw new Error(`${name} must be a number (got "${raw}")`);
  }
  return value;
}

const hasTaskset = spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status === 0;
export const PINNING = hasTaskset && availableParallelism() >= 2;
export const SERVER_CORE = process.env.BENCH_SERVER_CORE ?? '0';
export const LOAD_CORE = process.env.BENCH_LOAD_CORE ?? '1';

/** Pins the calling process (the load generator) to its core; the servers get another. */
export function pinLoadGenerator() {
  if (PINNING) {
    spawnSync('taskset', ['-pc', LOAD_CORE, String(process.pid)], { stdio: 'ignore' });
  }
}

/** The command line that runs `args` pinned to `core` when pinning is available. */
export function pinned(core, command, args) {
  return PINNING ? { command: 'taskset', args: ['-c', core, command, ...args] } : { command, args };
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

export const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * A server child process: pinned to the server core, `bench/lib/probe.js` preloaded, stdout/stderr kept in
 * a ring for error reports. `probe()` answers its CPU time and memory from inside the process.
 */
export class ServerProcess {
  constructor(name, script, { env = {}, nodeArgs = [], cwd = ROOT, pin = true } = {}) {
    this.name = name;
    this.output = [];
    this.exited = null;
    // `pin: false`: a cluster (bench:cluster) whose workers must use every core.
    const nodeCommand = [process.execPath, ['--expose-gc', '-r', PROBE, ...nodeArgs, script]];
    const { command, args } = pin
      ? pinned(SERVER_CORE, ...nodeCommand)
      : { command: nodeCommand[0], args: nodeCommand[1] };
    this.child = spawn(command, args, {
      cwd,
      env: { ...process.env, LOG_LEVEL: 'silent', RATE_LIMITS: 'off', ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const keep = (chunk) => {
      this.output.push(chunk.toString());
      if (this.output.length > 50) {
        this.output.shift();
      }
    };
    this.child.stdout.on('data', keep);
    this.child.stderr.on('data', keep);
    this.pending = new Map();
    this.nextId = 1;
    this.child.on('message', (message) => {
      const waiter = this.pending.get(message?.id);
      if (waiter) {
        this.pending.delete(message.id);
        waiter(message);
      }
    });
    this.exitPromise = new Promise((done) =>
      this.child.on('exit', (code, signal) => {
        this.exited = { code, signal };
        for (const waiter of this.pending.values()) {
          waiter(null);
        }
        this.pending.clear();
        done(this.exited);
      }),
    );
  }

  get pid() {
    return this.child.pid;
  }

  /** { cpuMicros, rss, heapUsed, … } measured inside the server (after a full GC when `gc`). */
  probe({ gc = false, heapSnapshot } = {}) {
    if (this.exited) {
      return Promise.reject(
        new Error(`${this.name} exited (${JSON.stringify(this.exited)}):\n${this.tail()}`),
      );
    }
    const id = this.nextId++;
    return new Promise((done, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name} did not answer the probe`));
      }, 30_000);
      this.pending.set(id, (message) => {
        clearTimeout(timer);
        if (message) {
          done(message);
        } else {
          reject(new Error(`${this.name} exited:\n${this.tail()}`));
        }
      });
      this.child.send({ type: 'probe', id, gc, heapSnapshot });
    });
  }

  tail() {
    return this.output.join('').slice(-4000);
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 12_000) {
    if (this.exited) {
      return this.exited;
    }
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    const result = await this.exitPromise;
    clearTimeout(timer);
    return result;
  }
}

/** CPU time (µs) of a process and its children (a cluster's primary and workers), from /proc. */
export function treeCpuMicros(pid) {
  const ticks = (one) => {
    try {
      const fields = readFileSync(`/proc/${one}/stat`, 'utf8').split(') ')[1].split(' ');
      // utime and stime: fields 14 and 15 of stat, 12 and 13 after the command name.
      return Number(fields[11]) + Number(fields[12]);
    } catch {
      return 0;
    }
  };
  let children = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean);
  } catch {
    children = [];
  }
  // USER_HZ is 100 on Linux.
  return [pid, ...children].reduce((sum, one) => sum + ticks(one), 0) * 10_000;
}

/** Polls `url` until it answers 2xx (or the server exits / the timeout passes). */
export async function waitForHttp(url, server, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server?.exited) {
      throw new Error(
        `${server.name} exited during start (${JSON.stringify(server.exited)}):\n${server.tail()}`,
      );
    }
    try {
      const response = await fetch(url);
      if (response.ok) {
        await response.arrayBuffer();
        return;
      }
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`${url} did not come up within ${timeoutMs} ms:\n${server?.tail() ?? ''}`);
}

/** CPU time of this process (the load generator) as a fraction of one core over a window. */
export function loadMeter() {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  return () => {
    const cpu = process.cpuUsage(cpu0);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    return (cpu.user + cpu.system) / 1e6 / seconds;
  };
}

function runQueueNs() {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]);
  } catch {
    return NaN;
  }
}

/**
 * Share of a window this process's main thread spent runnable but waiting for a CPU (Linux schedstat): how
 * much other processes on the load generator's core held it back.
 */
export function waitMeter() {
  const wait0 = runQueueNs();
  const t0 = process.hrtime.bigint();
  return () => (runQueueNs() - wait0) / Number(process.hrtime.bigint() - t0);
}

/** The same for a server, from two probes `seconds` apart. */
export const serverWait = (before, after, seconds) => (after.runQueueNs - before.runQueueNs) / 1e9 / seconds;

/** A load generator at or above this share of its core may itself be the limit. */
export const LOADGEN_SATURATED = 0.9;

export function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) {
    return NaN;
  }
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Nearest-rank percentile of an unsorted array (p in 0..100). */
export function percentile(values, p) {
  if (values.length === 0) {
    return NaN;
  }
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/**
 * Runs `rounds` rounds of A then B (A B A B …). `run(side, round)` returns a record of numbers; the result
 * has every round and the median of each field per side.
 */
export async function alternate(rounds, sides, run) {
  const all = Object.fromEntries(sides.map((side) => [side, []]));
  for (let round = 1; round <= rounds; round += 1) {
    for (const side of sides) {
      const record = await run(side, round);
      all[side].push(record);
      log(`  round ${round} ${side}: ${describe(record)}`);
    }
  }
  const medians = {};
  for (const side of sides) {
    medians[side] = {};
    const fields = new Set(all[side].flatMap((record) => Object.keys(record)));
    for (const field of fields) {
      const values = all[side].map((record) => record[field]);
      medians[side][field] = values.every((v) => typeof v === 'number')
        ? median(values)
        : values.some(Boolean);
    }
  }
  return { rounds: all, medians };
}

function describe(record) {
  return Object.entries(record)
    .map(([key, value]) => `${key}=${typeof value === 'number' ? fmt(value) : value}`)
    .join(' ');
}

export function fmt(value, digits) {
  if (typeof value !== 'number') {
    return String(value);
  }
  if (!Number.isFinite(value)) {
    return 'n/a';
  }
  const d = digits ?? (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
  return value.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}

export function log(line) {
  process.stdout.write(`${line}\n`);
}

/**
 * Prints one benchmark's table (metric | Plenary | baseline | ratio | target | met?) and stores the result as
 * JSON in RESULTS_DIR. `rows`: { metric, plenary, baseline?, ratio?, target?, met?, unit? }.
 */
export function report(name, title, rows, extra = {}) {
  const lines = [
    `### ${title}`,
    '',
    '| metric | Plenary | baseline | ratio | target | met? |',
    '|---|---:|---:|---:|---|---|',
    ...rows.map((row) => {
      const ratio = row.noRatio
        ? undefined
        : (row.ratio ?? (row.baseline !== undefined ? row.plenary / row.baseline : undefined));
      const met = row.met === undefined ? '' : row.met === null ? 'pending' : row.met ? 'yes' : '**no**';
      return `| ${row.metric} | ${fmt(row.plenary, row.digits)} | ${row.baseline === undefined ? '' : fmt(row.baseline, row.digits)} | ${ratio === undefined ? '' : `${fmt(ratio, 2)}×`} | ${row.target ?? ''} | ${met} |`;
    }),
    '',
  ];
  for (const note of [...(extra.notes ?? []), ...contentionNotes(extra.rounds)]) {
    lines.push(`- ${note}`);
  }
  log('');
  log(lines.join('\n'));
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(
    join(RESULTS_DIR, `${name}.json`),
    JSON.stringify(
      { name, title, date: new Date().toISOString(), machine: machine(), rows, ...extra },
      null,
      2,
    ),
  );
  writeFileSync(join(RESULTS_DIR, `${name}.md`), `${lines.join('\n')}\n`);
}

/** Every round record (nested anywhere in `rounds`) that carries a field. */
function recordsWith(value, field, found = []) {
  if (Array.isArray(value)) {
    value.forEach((item) => recordsWith(item, field, found));
  } else if (value && typeof value === 'object') {
    if (typeof value[field] === 'number') {
      found.push(value);
    } else {
      Object.values(value).forEach((item) => recordsWith(item, field, found));
    }
  }
  return found;
}

/** How much other processes held the measured processes back (schedstat run-queue wait), as a note. */
function contentionNotes(rounds) {
  const server = recordsWith(rounds, 'serverWait')
    .map((r) => r.serverWait)
    .filter(Number.isFinite);
  if (server.length === 0) {
    return [];
  }
  const load = recordsWith(rounds, 'loadWait')
    .map((r) => r.loadWait)
    .filter(Number.isFinite);
  const pct = (v) => `${Math.round(v * 100)}%`;
  const worst = Math.max(...server);
  return [
    `CPU contention (other processes on the machine): the server's main thread waited for a CPU a median ${pct(median(server))} of the wall time (worst round ${pct(worst)})` +
      (load.length ? `, the load generator's ${pct(median(load))}` : '') +
      (worst >= 0.25 ? ' — **latency figures of these rounds are inflated by it**' : ''),
  ];
}

export function machine() {
  const lscpu = spawnSync('lscpu', [], { encoding: 'utf8' });
  const model = /Model name:\s*(.+)/.exec(lscpu.stdout ?? '')?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  return {
    nproc: availableParallelism(),
    cpu: model,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    pinning: PINNING ? `server on core ${SERVER_CORE}, load generator on core ${LOAD_CORE}` : 'none',
    loadAverage: spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout?.trim(),
  };
}

/** Runs `fn` and always runs `cleanup`, also on SIGINT. */
export async function withCleanup(fn, cleanup) {
  const onSignal = () => {
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  try {
    return await fn();
  } finally {
    process.off('SIGINT', onSignal);
    await cleanup();
  }
}

/** Runs up to `limit` async jobs at once over `items`. */
export async function pool(items, limit, job) {
  const results = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await job(items[index], index);
    }
  });
  await Promise.all(workers);
  return results;
}
