// A minimal Socket.IO client for the receiving side of the fan-out benchmark: raw `ws` speaking the Engine.IO 4
// / Socket.IO 5 text protocol (open, namespace connect with auth, ping/pong, events, acks) and nothing else.
// socket.io-client costs ~20-25 µs per received message; with 1,000 receivers in one load-generator process that
// alone adds ~20 ms of queueing to the last receiver of every broadcast, which the latency figures would then
// measure instead of the server. This client costs a fraction of that. Binary packets are not supported.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const WebSocket = require('ws');

class LightSocket {
  constructor(ws, namespace) {
    this.ws = ws;
    this.prefix = namespace === '/' ? '' : `${namespace},`;
    this.handlers = new Map();
    this.acks = new Map();
    this.nextAck = 1;
    this.connected = false;
  }

  on(event, handler) {
    this.handlers.set(event, handler);
    return this;
  }

  /** `socket.timeout(ms).emit(event, payload, (error, answer) => …)`, as socket.io-client offers it. */
  timeout(ms) {
    return {
      emit: (event, payload, callback) => {
        const id = this.nextAck++;
        const timer = setTimeout(() => {
          this.acks.delete(id);
          callback(new Error('operation has timed out'));
        }, ms);
        this.acks.set(id, (answer) => {
          clearTimeout(timer);
          callback(null, answer);
        });
        this.ws.send(`42${this.prefix}${id}${JSON.stringify([event, payload])}`);
      },
    };
  }

  close() {
    this.ws.close();
  }

  /** Handles one text frame; answers whether it was the namespace's connect or connect error. */
  receive(frame) {
    if (frame === '2') {
      this.ws.send('3');
      return;
    }
    if (frame[0] !== '4') {
      return; // open ("0"), noop, close: nothing to do
    }
    const body = frame.slice(1);
    const type = body[0];
    const rest = body.slice(1 + this.prefix.length);
    if (type === '2') {
      const [event, payload] = JSON.parse(rest);
      this.handlers.get(event)?.(payload);
    } else if (type === '3') {
      const start = rest.indexOf('[');
      const id = Number(rest.slice(0, start));
      const [answer] = JSON.parse(rest.slice(start));
      this.acks.get(id)?.(answer);
      this.acks.delete(id);
    } else if (type === '0') {
      this.connected = true;
      this.onConnect?.();
    } else if (type === '4') {
      this.onConnectError?.(new Error(JSON.parse(rest).message ?? 'connect_error'));
    }
  }
}

/** Opens `namespace` with a token over a raw WebSocket; resolves once the namespace accepted it. */
export function connectLight(baseUrl, token, { namespace = '/live', timeoutMs = 30_000 } = {}) {
  const url = `${baseUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const socket = new LightSocket(ws, namespace);
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('connect timed out'));
    }, timeoutMs);
    socket.onConnect = () => {
      clearTimeout(timer);
      resolve(socket);
    };
    socket.onConnectError = (error) => {
      clearTimeout(timer);
      ws.close();
      reject(error);
    };
    ws.on('message', (data, isBinary) => {
      if (!isBinary) {
        socket.receive(data.toString());
      }
    });
    ws.once('open', () => {
      // The server's open packet ("0{…}") arrives first; the namespace connect may be sent right away.
      ws.send(`40${socket.prefix}${JSON.stringify(token ? { token } : {})}`);
    });
    ws.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
