// The agenda baseline: a bare node:http server answering every GET with the bytes and headers Plenary
// answered for the demo agenda (captured by the benchmark and passed as files), and /health.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const body = readFileSync(process.env.BARE_BODY_FILE);
const headers = JSON.parse(readFileSync(process.env.BARE_HEADERS_FILE, 'utf8'));
const health = Buffer.from('{"status":"ok"}');

const server = createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': health.length });
    res.end(health);
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Length': body.length });
  res.end(body);
});
server.keepAliveTimeout = 5000;
server.listen(Number(process.env.BARE_PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
