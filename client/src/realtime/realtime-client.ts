import { createStore, type Store, type Unsubscribe } from '../state/store';
import type { Ack, ClientToServerEvents, JoinSessionResult, ServerToClientEvents } from './contract';

export type CommandName = keyof ClientToServerEvents;
export type PayloadOf<E extends CommandName> = Parameters<ClientToServerEvents[E]>[0];
export type ResultOf<E extends CommandName> = Parameters<ClientToServerEvents[E]>[1] extends (
  response: Ack<infer T>,
) => void
  ? T
  : never;
export type NotificationName = keyof ServerToClientEvents;
export type NotificationOf<E extends NotificationName> = Parameters<ServerToClientEvents[E]>[0];

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'unauthorized';

type Handler = (...args: never[]) => void;

/** The part of a socket.io-client Socket the client uses (a fake in tests). */
export interface SocketLike {
  readonly connected: boolean;
  /** False once socket.io gave up reconnecting by itself (server-side disconnect, refused handshake). */
  readonly active: boolean;
  on(event: string, handler: Handler): void;
  off(event: string, handler: Handler): void;
  connect(): void;
  disconnect(): void;
  emitWithAck(event: string, payload: unknown, timeoutMs: number): Promise<unknown>;
}

/** An error answer of a command (`{ error: { code, message, details } }`), a timeout or a lost connection. */
export class RealtimeError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown>;

  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'RealtimeError';
    this.code = code;
    this.details = details;
  }
}

export const COMMAND_TIMEOUT_MS = 5000;

/** Exponential backoff with full jitter: between half and all of min(max, base·2^attempt). */
export function backoffDelay(
  attempt: number,
  random: () => number = Math.random,
  baseMs = 1000,
  maxMs = 30000,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

interface JoinedSession {
  /** The last seq the caller has applied (rejoin asks for what came after it). */
  lastSeq: () => number | undefined;
  onJoined: (result: JoinSessionResult, rejoin: boolean) => void;
  onRejoinError: (error: RealtimeError) => void;
}

export interface RealtimeClientOptions {
  random?: () => number;
  setTimeout?: (callback: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
}

/**
 * Commands with acknowledgements and typed notifications over one /live socket. It follows the connection
 * (state store for the UI), reconnects with backoff and jitter when socket.io does not, and rejoins the
 * sessions it had joined with `after: lastSeq` so nothing is missed or shown twice.
 */
export class RealtimeClient {
  readonly state: Store<ConnectionState>;
  private readonly socket: SocketLike;
  private readonly joined = new Map<string, JoinedSession>();
  private readonly random: () => number;
  private readonly schedule: (callback: () => void, ms: number) => unknown;
  private readonly cancel: (handle: unknown) => void;
  private everConnected = false;
  private attempt = 0;
  private timer: unknown = null;
  private closed = false;
  private readonly cleanups: Unsubscribe[] = [];

  constructor(socket: SocketLike, options: RealtimeClientOptions = {}) {
    this.socket = socket;
    this.random = options.random ?? Math.random;
    this.schedule = options.setTimeout ?? ((callback, ms) => setTimeout(callback, ms));
    this.cancel = options.clearTimeout ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
    this.state = createStore<ConnectionState>(socket.connected ? 'connected' : 'connecting');
    this.listen('connect', () => this.handleConnect());
    this.listen('disconnect', (reason: string) => this.handleDisconnect(reason));
    this.listen('connect_error', (error: Error) => this.handleConnectError(error));
    this.cleanups.push(
      this.on('server:shutdown', (payload) => {
        // The server is restarting: come back after the delay it suggests, spread out so a whole audience
        // does not knock at once.
        this.reconnectLater(Math.round(payload.reconnectAfterMs * (0.5 + this.random())));
      }),
    );
  }

  private listen(event: string, handler: Handler): void {
    this.socket.on(event, handler);
    this.cleanups.push(() => this.socket.off(event, handler));
  }

  /** Sends a command and resolves with the `data` of its ack; rejects with RealtimeError. */
  async request<E extends CommandName>(event: E, payload: PayloadOf<E>): Promise<ResultOf<E>> {
    let response: unknown;
    try {
      response = await this.socket.emitWithAck(event, payload, COMMAND_TIMEOUT_MS);
    } catch {
      throw new RealtimeError('TIMEOUT', 'The server did not answer in time');
    }
    if (typeof response === 'object' && response !== null) {
      if ('error' in response) {
        const error = (
          response as { error: { code?: string; message?: string; details?: Record<string, unknown> } }
        ).error;
        throw new RealtimeError(
          error.code ?? 'INTERNAL',
          error.message ?? 'Request failed',
          error.details ?? {},
        );
      }
      if ('data' in response) {
        return (response as { data: ResultOf<E> }).data;
      }
    }
    throw new RealtimeError('INTERNAL', 'Malformed answer');
  }

  /** Subscribes to a server notification; returns the unsubscribe function. */
  on<E extends NotificationName>(event: E, handler: (payload: NotificationOf<E>) => void): Unsubscribe {
    const wrapped = handler as unknown as Handler;
    this.socket.on(event, wrapped);
    return () => this.socket.off(event, wrapped);
  }

  /** Joins a session and keeps it joined across reconnects (rejoining with `after`). */
  async joinSession(sessionId: string, handlers: JoinedSession): Promise<JoinSessionResult> {
    this.joined.set(sessionId, handlers);
    try {
      return await this.request('session:join', { sessionId });
    } catch (error) {
      this.joined.delete(sessionId);
      throw error;
    }
  }

  async leaveSession(sessionId: string): Promise<void> {
    if (!this.joined.delete(sessionId) || !this.socket.connected) {
      return;
    }
    try {
      await this.request('session:leave', { sessionId });
    } catch {
      // Leaving is best effort: disconnecting leaves every room anyway.
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer !== null) {
      this.cancel(this.timer);
      this.timer = null;
    }
    for (const cleanup of this.cleanups.splice(0)) {
      cleanup();
    }
    this.joined.clear();
    this.socket.disconnect();
    this.state.set('offline');
  }

  private handleConnect(): void {
    this.attempt = 0;
    const rejoin = this.everConnected;
    this.everConnected = true;
    this.state.set('connected');
    if (rejoin) {
      for (const [sessionId, session] of this.joined) {
        void this.rejoin(sessionId, session);
      }
    }
  }

  private async rejoin(sessionId: string, session: JoinedSession): Promise<void> {
    const after = session.lastSeq();
    try {
      const result = await this.request(
        'session:join',
        after === undefined ? { sessionId } : { sessionId, after },
      );
      if (this.joined.get(sessionId) === session) {
        session.onJoined(result, true);
      }
    } catch (error) {
      session.onRejoinError(
        error instanceof RealtimeError ? error : new RealtimeError('INTERNAL', String(error)),
      );
    }
  }

  private handleDisconnect(reason: string): void {
    if (this.closed || reason === 'io client disconnect') {
      this.state.set('offline');
      return;
    }
    this.state.set('reconnecting');
    if (reason === 'io server disconnect') {
      // socket.io does not come back by itself after a server-side disconnect.
      this.reconnectLater(backoffDelay(this.attempt++, this.random));
    }
  }

  private handleConnectError(error: Error): void {
    if (error.message === 'UNAUTHENTICATED' || error.message === 'UNAUTHORIZED') {
      this.state.set('unauthorized');
      return;
    }
    this.state.set(this.everConnected ? 'reconnecting' : 'connecting');
    if (!this.socket.active) {
      this.reconnectLater(backoffDelay(this.attempt++, this.random));
    }
  }

  private reconnectLater(delayMs: number): void {
    if (this.closed) {
      return;
    }
    if (this.timer !== null) {
      this.cancel(this.timer);
    }
    this.timer = this.schedule(() => {
      this.timer = null;
      if (!this.closed && !this.socket.connected) {
        this.socket.connect();
      }
    }, delayMs);
  }
}
