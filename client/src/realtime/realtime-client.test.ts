/** @jest-environment jsdom */
import { backoffDelay, RealtimeClient, RealtimeError, type SocketLike } from './realtime-client';

type Handler = (...args: never[]) => void;

/** A socket.io stand-in: records emits, answers them from a script, and fires events on demand. */
class FakeSocket implements SocketLike {
  connected = false;
  active = true;
  connects = 0;
  disconnects = 0;
  readonly emitted: { event: string; payload: unknown }[] = [];
  readonly handlers = new Map<string, Set<Handler>>();
  answer: (event: string, payload: unknown) => Promise<unknown> = () => Promise.resolve({ data: {} });

  on(event: string, handler: Handler): void {
    const set = this.handlers.get(event) ?? new Set();
    set.add(handler);
    this.handlers.set(event, set);
  }
  off(event: string, handler: Handler): void {
    this.handlers.get(event)?.delete(handler);
  }
  connect(): void {
    this.connects += 1;
  }
  disconnect(): void {
    this.disconnects += 1;
    this.connected = false;
  }
  emitWithAck(event: string, payload: unknown): Promise<unknown> {
    this.emitted.push({ event, payload });
    return this.answer(event, payload);
  }
  fire(event: string, ...args: unknown[]): void {
    for (const handler of this.handlers.get(event) ?? []) {
      (handler as (...a: unknown[]) => void)(...args);
    }
  }
  count(event: string): number {
    return this.handlers.get(event)?.size ?? 0;
  }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

const joinResult = (seq: number) => ({
  data: {
    session: { id: 's1' },
    messages: [],
    questions: [],
    presence: { sessionId: 's1', count: 1 },
    seq,
    role: 'attendee',
    mutedUntil: null,
  },
});

describe('RealtimeClient', () => {
  it('should resolve a command with the data of its ack', async () => {
    const socket = new FakeSocket();
    socket.answer = () => Promise.resolve({ data: { questionId: 'q', votes: 3 } });
    const client = new RealtimeClient(socket);
    await expect(client.request('qa:upvote', { questionId: 'q' })).resolves.toEqual({
      questionId: 'q',
      votes: 3,
    });
    expect(socket.emitted).toEqual([{ event: 'qa:upvote', payload: { questionId: 'q' } }]);
  });

  it('should reject with the code of an error ack', async () => {
    const socket = new FakeSocket();
    socket.answer = () =>
      Promise.resolve({ error: { code: 'MUTED', message: 'You are muted', details: { until: 'x' } } });
    const client = new RealtimeClient(socket);
    const failure = client.request('chat:send', { sessionId: 's1', text: 'hi', clientId: 'c' });
    await expect(failure).rejects.toBeInstanceOf(RealtimeError);
    await expect(failure).rejects.toMatchObject({ code: 'MUTED', details: { until: 'x' } });
  });

  it('should turn an unanswered command into a TIMEOUT error', async () => {
    const socket = new FakeSocket();
    socket.answer = () => Promise.reject(new Error('operation has timed out'));
    const client = new RealtimeClient(socket);
    await expect(client.request('session:leave', { sessionId: 's1' })).rejects.toMatchObject({
      code: 'TIMEOUT',
    });
  });

  it('should unsubscribe a notification handler', () => {
    const socket = new FakeSocket();
    const client = new RealtimeClient(socket);
    const seen: number[] = [];
    const unsubscribe = client.on('session:presence', (payload) => seen.push(payload.count));
    socket.fire('session:presence', { sessionId: 's1', count: 2 });
    unsubscribe();
    socket.fire('session:presence', { sessionId: 's1', count: 5 });
    expect(seen).toEqual([2]);
  });

  it('should show the connection state and rejoin with after: lastSeq after a reconnect', async () => {
    const socket = new FakeSocket();
    socket.answer = (event) => Promise.resolve(event === 'session:join' ? joinResult(12) : { data: {} });
    const client = new RealtimeClient(socket);
    const states: string[] = [];
    client.state.subscribe((state) => states.push(state));
    socket.connected = true;
    socket.fire('connect');
    const rejoined: boolean[] = [];
    let lastSeq = 7;
    await client.joinSession('s1', {
      lastSeq: () => lastSeq,
      onJoined: (_result, rejoin) => rejoined.push(rejoin),
      onRejoinError: () => undefined,
    });
    lastSeq = 9;
    socket.connected = false;
    socket.fire('disconnect', 'transport close');
    socket.connected = true;
    socket.fire('connect');
    await flush();
    expect(states).toEqual(['connected', 'reconnecting', 'connected']);
    expect(socket.emitted.map((e) => e.payload)).toEqual([
      { sessionId: 's1' },
      { sessionId: 's1', after: 9 },
    ]);
    expect(rejoined).toEqual([true]);
  });

  it('should not rejoin a session it left', async () => {
    const socket = new FakeSocket();
    socket.answer = (event) => Promise.resolve(event === 'session:join' ? joinResult(1) : { data: {} });
    const client = new RealtimeClient(socket);
    socket.connected = true;
    socket.fire('connect');
    await client.joinSession('s1', {
      lastSeq: () => 1,
      onJoined: () => undefined,
      onRejoinError: () => undefined,
    });
    await client.leaveSession('s1');
    socket.fire('disconnect', 'transport close');
    socket.fire('connect');
    await flush();
    expect(socket.emitted.map((e) => e.event)).toEqual(['session:join', 'session:leave']);
  });

  it('should reconnect by itself with backoff after the server disconnects it', () => {
    const socket = new FakeSocket();
    const timers: { callback: () => void; ms: number }[] = [];
    const client = new RealtimeClient(socket, {
      random: () => 0.5,
      setTimeout: (callback, ms) => timers.push({ callback, ms }),
      clearTimeout: () => undefined,
    });
    socket.connected = true;
    socket.fire('connect');
    socket.connected = false;
    socket.fire('disconnect', 'io server disconnect');
    expect(client.state.get()).toBe('reconnecting');
    expect(timers).toHaveLength(1);
    expect(timers[0].ms).toBe(backoffDelay(0, () => 0.5));
    timers[0].callback();
    expect(socket.connects).toBe(1);
  });

  it('should come back after the delay a shutting-down server suggests, with jitter', () => {
    const socket = new FakeSocket();
    const timers: number[] = [];
    new RealtimeClient(socket, {
      random: () => 0.25,
      setTimeout: (_callback, ms) => timers.push(ms),
      clearTimeout: () => undefined,
    });
    socket.fire('server:shutdown', { reconnectAfterMs: 2000 });
    expect(timers).toEqual([1500]);
  });

  it('should stop at a refused token and say so', () => {
    const socket = new FakeSocket();
    socket.active = false;
    const timers: number[] = [];
    const client = new RealtimeClient(socket, {
      setTimeout: (_c, ms) => timers.push(ms),
      clearTimeout: () => undefined,
    });
    socket.fire('connect_error', new Error('UNAUTHENTICATED'));
    expect(client.state.get()).toBe('unauthorized');
    expect(timers).toEqual([]);
  });

  it('should remove its listeners and disconnect when closed', () => {
    const socket = new FakeSocket();
    const client = new RealtimeClient(socket);
    client.close();
    expect(socket.disconnects).toBe(1);
    expect(socket.count('connect')).toBe(0);
    expect(client.state.get()).toBe('offline');
  });
});

describe('backoffDelay', () => {
  it('should grow exponentially up to its ceiling and stay within the jitter range', () => {
    expect(backoffDelay(0, () => 0)).toBe(500);
    expect(backoffDelay(0, () => 1)).toBe(1000);
    expect(backoffDelay(3, () => 0)).toBe(4000);
    expect(backoffDelay(30, () => 1)).toBe(30000);
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const delay = backoffDelay(attempt);
      expect(delay).toBeGreaterThanOrEqual(Math.min(30000, 1000 * 2 ** attempt) / 2);
      expect(delay).toBeLessThanOrEqual(Math.min(30000, 1000 * 2 ** attempt));
    }
  });
});
