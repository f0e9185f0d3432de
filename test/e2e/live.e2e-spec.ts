import { randomUUID } from 'node:crypto';

import type { AgendaSession } from '../../src/agenda/agenda-session.entity';
import type { Event } from '../../src/events/event.entity';
import { makeEvent, makeRegistration, makeSession } from '../factories/event.factory';
import { registerUser, TestUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { connectLive, LiveClient, ok, record, waitFor } from '../utils/socket-client';

describe('Live sessions (e2e)', () => {
  let t: TestApp;
  let event: Event;
  let session: AgendaSession;
  let other: AgendaSession;
  const sockets: LiveClient[] = [];

  const attendee = async (): Promise<{ user: TestUser; socket: LiveClient }> => {
    const user = await registerUser(t);
    await makeRegistration(t, event.id, user.id);
    const socket = await connectLive(t, user.token);
    sockets.push(socket);
    return { user, socket };
  };

  beforeAll(async () => {
    t = await createTestApp();
    event = await makeEvent(t);
    session = await makeSession(t, event.id);
    other = await makeSession(t, event.id, {
      title: 'Other',
      startsAt: '2030-11-20T03:00:00.000Z',
      endsAt: '2030-11-20T04:00:00.000Z',
    });
  });
  afterEach(() => {
    sockets.splice(0).forEach((socket) => socket.close());
  });
  afterAll(async () => {
    await t.close();
  });

  it('should refuse a handshake without a valid token', async () => {
    await expect(connectLive(t, undefined)).rejects.toThrow('UNAUTHENTICATED');
    await expect(connectLive(t, 'not-a-token')).rejects.toThrow('UNAUTHENTICATED');
  });

  it('should join, chat and broadcast to the room and no other', async () => {
    const a = await attendee();
    const b = await attendee();
    const c = await attendee();
    const joined = await ok<{ seq: number; messages: unknown[]; presence: { count: number } }>(
      a.socket,
      'session:join',
      { sessionId: session.id },
    );
    expect(joined.messages).toEqual([]);
    await ok(b.socket, 'session:join', { sessionId: session.id });
    await ok(c.socket, 'session:join', { sessionId: other.id });
    const elsewhere = record(c.socket);
    const seen = waitFor<{ message: { text: string } }>(b.socket, 'chat:message-posted');
    const sent = await ok<{ message: { id: string; seq: number; text: string } }>(a.socket, 'chat:send', {
      sessionId: session.id,
      text: '  Hello from Almaty  ',
      clientId: randomUUID(),
    });
    expect(sent.message.text).toBe('Hello from Almaty');
    expect(sent.message.seq).toBe(joined.seq + 1);
    await expect(seen).resolves.toMatchObject({
      message: { id: sent.message.id, text: 'Hello from Almaty' },
    });
    await ok(c.socket, 'session:join', { sessionId: other.id });
    expect(elsewhere.filter((r) => r.event.startsWith('chat:'))).toEqual([]);
  });
});
