// The bare Socket.IO cluster for bench:cluster: a primary owning the port with @socket.io/sticky and the
// cluster adapter's primary, and BARE_WORKERS (2) workers each running io-server.mjs with the cluster adapter,
// as Plenary does with WORKERS=2 and no Redis. Workers that die are not restarted (a benchmark run fails).
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { setupMaster } = require('@socket.io/sticky');
const { setupPrimary } = require('@socket.io/cluster-adapter');

const workers = Number(process.env.BARE_WORKERS ?? 2);
cluster.setupPrimary({
  exec: fileURLToPath(new URL('./io-server.mjs', import.meta.url)),
  serialization: 'advanced',
});
const http = createServer();
setupMaster(http, { loadBalancingMethod: 'least-connection' });
setupPrimary();
for (let i = 0; i < workers; i += 1) {
  cluster.fork({ BARE_CLUSTER: '1' });
}
// Give the workers a moment to boot before connections arrive (/health answers from a worker).
setTimeout(() => http.listen(Number(process.env.BARE_PORT), '127.0.0.1'), 1000);
process.on('SIGTERM', () => {
  http.close();
  for (const worker of Object.values(cluster.workers)) {
    worker.process.kill('SIGTERM');
  }
  setTimeout(() => process.exit(0), 2000).unref();
  cluster.on('exit', () => {
    if (Object.keys(cluster.workers).length === 0) {
      process.exit(0);
    }
  });
});
