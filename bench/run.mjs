// Runs the benchmarks named on the command line (default: all, in order) and writes every table to
// RESULTS_DIR (bench/lib/common.mjs). Needs the built server: `npm run build:server`.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { log, machine, RESULTS_DIR, ROOT } from './lib/common.mjs';
import { DIST_MAIN, requireDist } from './lib/plenary.mjs';

const ALL = [
  'agenda',
  'fanout',
  'votes',
  'joins',
  'writes',
  'memory',
  'redis',
  'analytics',
  'polls',
  'reactions',
  'cluster',
];

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ALL;
for (const name of names) {
  if (!ALL.includes(name)) {
    throw new Error(`unknown benchmark "${name}" (one of ${ALL.join(', ')})`);
  }
}
requireDist();
if (newestSource(join(ROOT, 'src')) > statSync(DIST_MAIN).mtimeMs) {
  log('warning: src/ changed after the last build; run `npm run build:server` to measure the current code');
}
log(`machine: ${JSON.stringify(machine())}`);
log(`date: ${new Date().toISOString()}; results also in ${RESULTS_DIR}`);
const failed = [];
for (const name of names) {
  const started = Date.now();
  log(`\n== ${name}`);
  try {
    const module = await import(`./${name}.mjs`);
    await module.run();
  } catch (error) {
    failed.push(name);
    log(`${name} failed: ${error instanceof Error ? error.stack : String(error)}`);
  }
  log(`== ${name} took ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
if (failed.length > 0) {
  log(`failed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
