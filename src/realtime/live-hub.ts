import { Injectable } from '@nestjs/common';
import type { Namespace, Socket } from 'socket.io';

import type { ClientToServerEvents, ServerToClientEvents, SocketData } from './realtime.contract';

export type LiveNamespace = Namespace<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
export type LiveSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

/** Holds the `/live` namespace once the gateway initialised it, for the listeners that broadcast. */
@Injectable()
export class LiveHub {
  private namespace: LiveNamespace | null = null;

  attach(namespace: LiveNamespace): void {
    this.namespace = namespace;
  }

  /** Null before the gateway started (or in tests without sockets): broadcasts are then skipped. */
  get server(): LiveNamespace | null {
    return this.namespace;
  }
}
