import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

import { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import type { Observable } from 'rxjs';
import { Server, ServerOptions } from 'socket.io';

import { isAllowedOrigin } from '../common/http/origin-policy';
import { AppConfig } from '../config/app-config';
import { LiveCommands } from './live-commands';
import type { LiveSocket } from './live-hub';
import { installSharedHandlers, SharedListener, SharesHandlers } from './shared-handlers';

/** Socket.IO frames above this are refused (the longest legitimate command is a 1,000-character message). */
export const MAX_SOCKET_PAYLOAD = 64 * 1024;

/**
 * Plugs a Socket.IO adapter into the server (the multi-node Redis adapter goes here): called once with the
 * new server, returns the adapter constructor to install or undefined for the in-memory default.
 */
export type AdapterFactory = (server: Server) => ServerOptions['adapter'] | undefined;

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Mirrors Express's `req.secure` with `trust proxy = loopback`. */
function isSecure(req: IncomingMessage): boolean {
  if ((req.socket as TLSSocket).encrypted) {
    return true;
  }
  const forwarded = req.headers['x-forwarded-proto'];
  return (
    LOOPBACK.has(req.socket.remoteAddress ?? '') &&
    typeof forwarded === 'string' &&
    forwarded.split(',')[0].trim() === 'https'
  );
}

/**
 * Socket.IO on the app's own HTTP server, with our limits: frame size, connect and heartbeat timeouts, and
 * the browser-origin policy of REST (API.md "Origins") enforced on the handshake of both transports.
 */
export class LiveIoAdapter extends IoAdapter implements SharesHandlers {
  private commands?: LiveCommands;
  private readonly shared = new Map<string, SharedListener>();
  /** Keyed by Nest's handler description, the same object for every socket of a gateway. */
  private readonly gatewayListeners = new WeakMap<MessageMappingProperties, SharedListener>();

  constructor(
    private readonly app: INestApplicationContext,
    private readonly config: AppConfig,
    private readonly adapterFactory?: AdapterFactory,
  ) {
    super(app);
    installSharedHandlers();
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const corsOrigins = this.config.corsOrigins;
    const server = super.createIOServer(port, {
      ...options,
      maxHttpBufferSize: MAX_SOCKET_PAYLOAD,
      connectTimeout: 10_000,
      pingInterval: 20_000,
      pingTimeout: 20_000,
      // Only listed extra origins get CORS headers; same-origin requests need none.
      cors: { origin: corsOrigins.length > 0 ? [...corsOrigins] : false, credentials: false },
      allowRequest: (
        req: IncomingMessage,
        callback: (error: string | null | undefined, success: boolean) => void,
      ) => {
        const origin = req.headers.origin;
        const allowed = isAllowedOrigin(
          origin,
          { host: req.headers.host, secure: isSecure(req) },
          corsOrigins,
        );
        callback(allowed ? null : 'ORIGIN_NOT_ALLOWED', allowed);
      },
    } satisfies Partial<ServerOptions>) as Server;
    const adapter = this.adapterFactory?.(server);
    if (adapter) {
      server.adapter(adapter);
    }
    return server;
  }

  /**
   * Nest's default binds each handler of each gateway to each socket through its own rxjs chain (fromEvent,
   * mergeMap, takeUntil(disconnect$)): ~13 chains and ~60 KB of heap per connected attendee. One plain
   * listener per handler does the same: data and ack split as Nest does, the handler's result subscribed per
   * message, `{ event, data }` results emitted and others acknowledged. Nest calls this only where
   * installSharedHandlers is not in place; with it, bindSharedHandlers binds once per server instead.
   */
  override bindMessageHandlers(
    socket: Parameters<IoAdapter['bindMessageHandlers']>[0],
    handlers: MessageMappingProperties[],
    transform: (data: unknown) => Observable<unknown>,
  ): void {
    this.commands ??= this.app.get(LiveCommands, { strict: false });
    const commands = this.commands;
    for (const { message, callback, isAckHandledManually } of handlers) {
      if (commands.has(message as string)) {
        // The hottest commands: one listener per server, not per socket (see sharedListener).
        socket.on(message as string, this.sharedListener(message as string, commands));
        continue;
      }
      socket.on(message as string, (...args: unknown[]) => {
        const { data, ack } = this.mapPayload(args.length > 1 ? args : args[0]) as {
          data: unknown;
          ack?: (response: unknown) => void;
        };
        transform(callback(data, ack)).subscribe({
          next: (response) => {
            if (response === null || response === undefined) {
              return;
            }
            const reply = response as { event?: string; data?: unknown };
            if (reply.event) {
              socket.emit(reply.event, reply.data);
            } else if (!isAckHandledManually && typeof ack === 'function') {
              ack(response);
            }
          },
          error: () => undefined,
        });
      });
    }
  }

  /**
   * Every gateway handler with one listener per server (see installSharedHandlers): the hot commands go to
   * LiveCommands as in bindMessageHandlers; the others call the gateway's handler with the socket (`this`)
   * and reply as Nest does: `{ event, data }` results are emitted, others acknowledged.
   */
  bindSharedHandlers(
    socket: Parameters<IoAdapter['bindMessageHandlers']>[0],
    handlers: MessageMappingProperties[],
    instance: object,
    transform: (data: unknown) => Observable<unknown>,
  ): void {
    this.commands ??= this.app.get(LiveCommands, { strict: false });
    for (const handler of handlers) {
      const event = handler.message as string;
      socket.on(
        event,
        this.commands.has(event)
          ? this.sharedListener(event, this.commands)
          : this.sharedGatewayListener(handler, instance, transform),
      );
    }
  }

  private sharedGatewayListener(
    handler: MessageMappingProperties,
    instance: object,
    transform: (data: unknown) => Observable<unknown>,
  ): SharedListener {
    let listener = this.gatewayListeners.get(handler);
    if (!listener) {
      const { callback, isAckHandledManually } = handler;
      const mapPayload = (payload: unknown) =>
        this.mapPayload(payload) as { data: unknown; ack?: (response: unknown) => void };
      const reply = (socket: LiveSocket, response: unknown, ack?: (response: unknown) => void): void => {
        if (response === null || response === undefined) {
          return;
        }
        const { event, data } = response as { event?: string; data?: unknown };
        if (event) {
          (socket.emit as (name: string, payload: unknown) => boolean)(event, data);
        } else if (!isAckHandledManually && typeof ack === 'function') {
          ack(response);
        }
      };
      listener = function (this: LiveSocket, ...args: unknown[]): void {
        const { data, ack } = mapPayload(args.length > 1 ? args : args[0]);
        transform((callback as (...a: unknown[]) => unknown).call(instance, this, data, ack)).subscribe({
          next: (response) => reply(this, response, ack),
          error: () => undefined,
        });
      };
      this.gatewayListeners.set(handler, listener);
    }
    return listener;
  }

  /**
   * Same contract as Nest, without its per-message pipeline (see LiveCommands), and one function per event
   * for every socket: Socket.IO calls a listener with the socket as `this`, so nothing is allocated per
   * connection for these commands. (The other handlers close over the callback Nest binds per socket.)
   */
  private sharedListener(event: string, commands: LiveCommands): (...args: unknown[]) => void {
    let listener = this.shared.get(event);
    if (!listener) {
      const mapPayload = (payload: unknown) => this.mapPayload(payload) as { data: unknown; ack?: unknown };
      listener = function (this: LiveSocket, ...args: unknown[]): void {
        const { data, ack } = mapPayload(args.length > 1 ? args : args[0]);
        const reply = typeof ack === 'function' ? (ack as (response: unknown) => void) : undefined;
        void commands.handle(event, data, this, reply);
      };
      this.shared.set(event, listener);
    }
    return listener;
  }
}
