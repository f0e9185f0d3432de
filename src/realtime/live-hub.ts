import { Injectable } from '@nestjs/common';

import { RedisService } from '../common/redis/redis.service';
import type { Namespace, Socket } from 'socket.io';

import type { ClientToServerEvents, ServerToClientEvents, SocketData } from './realtime.contract';

/** Messages between nodes (Socket.IO `serverSideEmit`, through the Redis adapter). */
export interface InterNodeEvents {
  /** A user's staff role or registration changed: re-check their joined sockets on every node. */
  'live:recheck': (eventId: string, userId: string) => void;
}

export type LiveNamespace = Namespace<
  ClientToServerEvents,
  ServerToClientEvents,
  InterNodeEvents,
  SocketData
>;
export type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterNodeEvents, SocketData>;

/** Holds the `/live` namespace once the gateway initialised it, for the listeners that broadcast. */
@Injectable()
export class LiveHub {
  private namespace: LiveNamespace | null = null;
  private readonly nodeListeners: Array<(namespace: LiveNamespace) => void> = [];

  constructor(private readonly redis: RedisService) {}

  attach(namespace: LiveNamespace): void {
    this.namespace = namespace;
    this.nodeListeners.forEach((listen) => listen(namespace));
  }

  /** Handles `event` sent by another node with `toOtherNodes`. */
  onNodeEvent<E extends keyof InterNodeEvents>(event: E, handler: InterNodeEvents[E]): void {
    const listen = (namespace: LiveNamespace): void => {
      namespace.on(event, handler as never);
    };
    this.nodeListeners.push(listen);
    if (this.namespace) {
      listen(this.namespace);
    }
  }

  /** Sends `event` to the other nodes (nothing to do on a single node). */
  toOtherNodes<E extends keyof InterNodeEvents>(event: E, ...args: Parameters<InterNodeEvents[E]>): void {
    if (this.redis.enabled && this.namespace) {
      this.namespace.serverSideEmit(event, ...args);
    }
  }

  /** Null before the gateway started (or in tests without sockets): broadcasts are then skipped. */
  get server(): LiveNamespace | null {
    return this.namespace;
  }
}
