// Starts the bare baselines of bench/bare as pinned, probed child processes on free ports.
import { join } from 'node:path';

import { BENCH_DIR, freePort, ServerProcess, waitForHttp } from './common.mjs';

const SCRIPTS = { http: 'http-server.mjs', io: 'io-server.mjs', 'io-cluster': 'io-cluster.mjs' };

export async function startBare(kind, env = {}, { pin = true } = {}) {
  const port = await freePort();
  const script = join(BENCH_DIR, 'bare', SCRIPTS[kind]);
  // BENCH_BARE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof-bare" profiles the baselines.
  const nodeArgs = (process.env.BENCH_BARE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const server = new ServerProcess(`bare-${kind}`, script, {
    env: { BARE_PORT: String(port), ...env },
    nodeArgs,
    pin,
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/health`, server, 30_000);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { server, url, port, stop: () => server.stop() };
}
