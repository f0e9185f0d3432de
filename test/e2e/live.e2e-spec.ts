import { randomUUID } from 'node:crypto';

import type { AgendaSession } from '../../src/agenda/agenda-session.entity';
import type { Event } from '../../src/events/event.entity';
import { Speaker } from '../../src/programme/speaker.entity';
import type { ChatMessage, JoinSessionResult } from '../../src/realtime/realtime.contract';
import {
  dataSourceOf,
  grantStaff,
  makeEvent,
  makeRegistration,
  makeSession,
} from '../factories/event.factory';
import { registerUser, TestUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { command, connectLive, LiveClient, ok, record, waitFor } from '../utils/socket-client';

describe('Live sessions: connection, join, chat, resume (e2e)', () => {
  let t: TestApp;
  let event: Event;
  let session: AgendaSession;
  let other: AgendaSession;
  const sockets: LiveClient[] = [];

  const connect = async (user: TestUser): Promise<LiveClient> => {
    const socket = await connectLive(t, user.token);
    sockets.push(socket);
    return socket;
  };
  const attendee = async (): Promise<{ user: TestUser; socket: LiveClient }> => {
    const user = await registerUser(t);
    await makeRegistration(t, event.id, user.id);
    return { user, socket: await connect(user) };
  };
  const send = (socket: LiveClient, text: string, clientId = randomUUID()) =>
    ok<{ message: ChatMessage }>(socket, 'chat:send', { sessionId: session.id, text, clientId });

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

  it('should refuse a foreign browser origin on both transports and accept the same origin', async () => {
    const user = await registerUser(t);
    for (const transports of [['websocket'], ['polling']]) {
      await expect(
        connectLive(t, user.token, { transports, extraHeaders: { Origin: 'https://evil.example' } }),
      ).rejects.toThrow();
    }
    const same = await connectLive(t, user.token, { extraHeaders: { Origin: t.url } });
    sockets.push(same);
    expect(same.connected).toBe(true);
  });

  it('should let only confirmed registrants, speakers and staff join', async () => {
    const stranger = await registerUser(t);
    const waitlisted = await registerUser(t);
    await makeRegistration(t, event.id, waitlisted.id, 'waitlisted');
    const speaker = await registerUser(t);
    await dataSourceOf(t).getRepository(Speaker).insert({
      id: randomUUID(),
      eventId: event.id,
      name: 'Yerzhan Saltybayev',
      position: null,
      organizationId: null,
      bio: null,
      photoUrl: null,
      email: null,
      userId: speaker.id,
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    });
    const moderator = await registerUser(t);
    await grantStaff(t, event.id, moderator.id, 'moderator');

    const refused = await command(await connect(stranger), 'session:join', { sessionId: session.id });
    expect(refused).toEqual({ error: expect.objectContaining({ code: 'NOT_REGISTERED' }) });
    const pending = await command(await connect(waitlisted), 'session:join', { sessionId: session.id });
    expect(pending).toEqual({ error: expect.objectContaining({ code: 'NOT_REGISTERED' }) });
    const asSpeaker = await ok<JoinSessionResult>(await connect(speaker), 'session:join', {
      sessionId: session.id,
    });
    expect(asSpeaker.role).toBe('speaker');
    const asModerator = await ok<JoinSessionResult>(await connect(moderator), 'session:join', {
      sessionId: session.id,
    });
    expect(asModerator.role).toBe('moderator');
    expect(asModerator.session).toMatchObject({
      id: session.id,
      qa: { enabled: true },
      liveStatus: 'upcoming',
    });

    const missing = await command(await connect(moderator), 'session:join', { sessionId: randomUUID() });
    expect(missing).toEqual({ error: expect.objectContaining({ code: 'SESSION_NOT_FOUND' }) });
  });

  it('should hide sessions of a draft event from everyone but its staff', async () => {
    const draft = await makeEvent(t, { status: 'draft', publishedAt: null });
    const draftSession = await makeSession(t, draft.id);
    const user = await registerUser(t);
    await makeRegistration(t, draft.id, user.id);
    const ack = await command(await connect(user), 'session:join', { sessionId: draftSession.id });
    expect(ack).toEqual({ error: expect.objectContaining({ code: 'SESSION_NOT_FOUND' }) });
  });

  it('should broadcast chat to its room and no other, persisted with consecutive seqs', async () => {
    const a = await attendee();
    const b = await attendee();
    const c = await attendee();
    const joined = await ok<JoinSessionResult>(a.socket, 'session:join', { sessionId: session.id });
    await ok(b.socket, 'session:join', { sessionId: session.id });
    await ok(c.socket, 'session:join', { sessionId: other.id });
    const elsewhere = record(c.socket);
    const seen = waitFor<{ message: ChatMessage }>(b.socket, 'chat:message-posted');
    const first = await send(a.socket, '  Hello from Almaty  ');
    expect(first.message).toMatchObject({
      text: 'Hello from Almaty',
      seq: joined.seq + 1,
      author: { id: a.user.id, name: a.user.name },
    });
    await expect(seen).resolves.toEqual({ message: first.message });
    const second = await send(b.socket, 'And from Budapest');
    expect(second.message.seq).toBe(first.message.seq + 1);

    // A round trip on the other session's socket: anything sent to it has arrived by now.
    await ok(c.socket, 'session:join', { sessionId: other.id });
    expect(elsewhere.filter((received) => received.event.startsWith('chat:'))).toEqual([]);

    const history = await t.http
      .get(`/api/events/${event.slug}/sessions/${session.id}/messages?after=${joined.seq}`)
      .set(a.user.auth)
      .expect(200);
    expect(history.body.items.map((m: ChatMessage) => m.id)).toEqual([first.message.id, second.message.id]);
  });

  it('should return the original message for a repeated clientId', async () => {
    const a = await attendee();
    await ok(a.socket, 'session:join', { sessionId: session.id });
    const clientId = randomUUID();
    const original = await send(a.socket, 'Once', clientId);
    const again = await send(a.socket, 'Twice?', clientId);
    expect(again.message).toEqual(original.message);
    const history = await t.http
      .get(`/api/events/${event.slug}/sessions/${session.id}/messages?after=${original.message.seq - 1}`)
      .set(a.user.auth)
      .expect(200);
    expect(history.body.items.filter((m: ChatMessage) => m.id === original.message.id)).toHaveLength(1);
    expect(history.body.items.some((m: ChatMessage) => m.text === 'Twice?')).toBe(false);
  });

  it('should refuse commands in a session the socket did not join', async () => {
    const a = await attendee();
    const ack = await command(a.socket, 'chat:send', {
      sessionId: session.id,
      text: 'hi',
      clientId: randomUUID(),
    });
    expect(ack).toEqual({ error: expect.objectContaining({ code: 'SESSION_NOT_JOINED' }) });
  });

  it('should resume after a disconnect with exactly the missed changes', async () => {
    const a = await attendee();
    const b = await attendee();
    const joined = await ok<JoinSessionResult>(a.socket, 'session:join', { sessionId: session.id });
    await ok(b.socket, 'session:join', { sessionId: session.id });
    await send(a.socket, 'before the drop');
    const lastSeen = joined.seq + 1;
    a.socket.close();

    const missed = [await send(b.socket, 'missed one'), await send(b.socket, 'missed two')];
    const back = await connect(a.user);
    const resumed = await ok<JoinSessionResult>(back, 'session:join', {
      sessionId: session.id,
      after: lastSeen,
    });
    expect(resumed.changes).toEqual(
      missed.map(({ message }) => ({ seq: message.seq, kind: 'message-posted', message })),
    );
    expect(resumed.messages.map((m) => m.id)).toEqual(missed.map(({ message }) => message.id));
    expect(resumed.seq).toBe(missed[1].message.seq);
    expect(resumed.truncated).toBeUndefined();
  });

  it('should answer RATE_LIMITED with retryAfterMs once a user sends too fast', async () => {
    const a = await attendee();
    await ok(a.socket, 'session:join', { sessionId: session.id });
    const acks = [];
    for (let i = 0; i < 11; i += 1) {
      acks.push(
        await command(a.socket, 'chat:send', {
          sessionId: session.id,
          text: `m${i}`,
          clientId: randomUUID(),
        }),
      );
    }
    expect(acks.slice(0, 10).every((ack) => 'data' in ack)).toBe(true);
    expect(acks[10]).toEqual({
      error: expect.objectContaining({ code: 'RATE_LIMITED', details: { retryAfterMs: expect.any(Number) } }),
    });
  });

  it('should count distinct users in presence', async () => {
    const a = await attendee();
    const second = await connect(a.user);
    const b = await attendee();
    await ok(a.socket, 'session:join', { sessionId: other.id });
    await ok(second, 'session:join', { sessionId: other.id });
    const update = waitFor<{ sessionId: string; count: number }>(
      a.socket,
      'session:presence',
      (p) => p.count === 2,
    );
    const joined = await ok<JoinSessionResult>(b.socket, 'session:join', { sessionId: other.id });
    expect(joined.presence).toEqual({ sessionId: other.id, count: 2 });
    await expect(update).resolves.toEqual({ sessionId: other.id, count: 2 });
  });
});
