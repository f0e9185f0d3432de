import { io } from 'socket.io-client';

import { RealtimeClient, type SocketLike } from './realtime-client';

/**
 * Opens the /live socket with the bearer token and the UI language, in which the join snapshot's texts come
 * (socket.io reconnects with backoff and jitter itself).
 */
export function connectLive(token: string, origin: string = location.origin, lang?: string): RealtimeClient {
  const socket = io(`${origin}/live`, {
    auth: lang ? { token, lang } : { token },
    transports: ['websocket', 'polling'],
    reconnectionDelay: 1000,
    reconnectionDelayMax: 15000,
    randomizationFactor: 0.5,
  });
  const adapter: SocketLike = {
    get connected() {
      return socket.connected;
    },
    get active() {
      return socket.active;
    },
    on: (event, handler) => {
      socket.on(event as 'connect', handler);
    },
    off: (event, handler) => {
      socket.off(event as 'connect', handler);
    },
    connect: () => {
      socket.connect();
    },
    disconnect: () => {
      socket.disconnect();
    },
    emitWithAck: (event, payload, timeoutMs) => socket.timeout(timeoutMs).emitWithAck(event, payload),
  };
  return new RealtimeClient(adapter);
}
