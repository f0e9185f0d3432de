import { randomUUID } from 'node:crypto';

import type { AgendaSession } from '../../src/agenda/agenda-session.entity';
import type { Event } from '../../src/events/event.entity';
import type { ChatMessage, JoinSessionResult, Question } from '../../src/realtime/realtime.contract';
import { grantStaff, makeEvent, makeRegistration, makeSession } from '../factories/event.factory';
import { registerUser, TestUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { eventually } from '../utils/eventually';
import { command, connectLive, LiveClient, ok, record, waitFor } from '../utils/socket-client';

describe('Live moderation (e2e)', () => {
  let t: TestApp;
  let event: Event;
  let session: AgendaSession;
  let organizer: TestUser;
  let moderator: TestUser;
  let moderatorSocket: LiveClient;
  const sockets: LiveClient[] = [];

  const join = async (user: TestUser, sessionId = session.id): Promise<LiveClient> => {
    const socket = await connectLive(t, user.token);
    sockets.push(socket);
    await ok(socket, 'session:join', { sessionId });
    return socket;
  };
  const newAttendee = async (): Promise<TestUser> => {
    const user = await registerUser(t);
    await makeRegistration(t, event.id, user.id);
    return user;
  };
  const send = (socket: LiveClient, text: string) =>
    command<{ message: ChatMessage }>(socket, 'chat:send', {
      sessionId: session.id,
      text,
      clientId: randomUUID(),
    });

  beforeAll(async () => {
    t = await createTestApp();
    organizer = await registerUser(t);
    moderator = await registerUser(t);
    event = await makeEvent(t);
    session = await makeSession(t, event.id);
    await grantStaff(t, event.id, organizer.id, 'organizer');
    await grantStaff(t, event.id, moderator.id, 'moderator');
  });
  beforeEach(async () => {
    moderatorSocket = await join(moderator);
  });
  afterEach(() => {
    sockets.splice(0).forEach((socket) => socket.close());
  });
  afterAll(async () => {
    await t.close();
  });

  it('should delete a message for the whole room and keep a tombstone in history', async () => {
    const author = await newAttendee();
    const authorSocket = await join(author);
    const sent = await send(authorSocket, 'something regrettable');
    if (!('data' in sent)) {
      throw new Error('send failed');
    }
    // A full join's snapshot shows the message, then (not a kept copy) its deletion.
    const snapshotOf = async () =>
      (await ok<JoinSessionResult>(authorSocket, 'session:join', { sessionId: session.id })).messages.find(
        (message) => message.id === sent.data.message.id,
      );
    await expect(snapshotOf()).resolves.toMatchObject({ deleted: false, text: 'something regrettable' });
    const deleted = waitFor<{ messageId: string; seq: number }>(authorSocket, 'chat:message-deleted');
    expect(await command(authorSocket, 'chat:delete', { messageId: sent.data.message.id })).toEqual({
      error: expect.objectContaining({ code: 'FORBIDDEN' }),
    });
    await ok(moderatorSocket, 'chat:delete', { messageId: sent.data.message.id });
    const notice = await deleted;
    expect(notice).toEqual({
      sessionId: session.id,
      messageId: sent.data.message.id,
      seq: sent.data.message.seq + 1,
    });
    const history = await t.http
      .get(`/api/events/${event.slug}/sessions/${session.id}/messages?after=${sent.data.message.seq - 1}`)
      .set(author.auth)
      .expect(200);
    expect(history.body.items[0]).toMatchObject({
      id: sent.data.message.id,
      seq: sent.data.message.seq,
      deleted: true,
      text: null,
    });
    const resumed = await ok<JoinSessionResult>(authorSocket, 'session:join', {
      sessionId: session.id,
      after: sent.data.message.seq - 1,
    });
    expect(resumed.changes?.map((change) => change.kind)).toEqual(['message-posted', 'message-deleted']);
    await expect(snapshotOf()).resolves.toMatchObject({ deleted: true, text: null });
  });

  it('should mute a user at once and let the mute be lifted', async () => {
    const user = await newAttendee();
    const socket = await join(user);
    const told = waitFor<{ mutedUntil: string }>(socket, 'moderation:muted');
    await ok(moderatorSocket, 'moderation:mute', { sessionId: session.id, userId: user.id, minutes: 5 });
    await expect(told).resolves.toMatchObject({ sessionId: session.id, mutedUntil: expect.any(String) });
    expect(await send(socket, 'can I speak?')).toEqual({ error: expect.objectContaining({ code: 'MUTED' }) });
    expect(
      await command(socket, 'qa:ask', { sessionId: session.id, text: 'or ask?', clientId: randomUUID() }),
    ).toEqual({ error: expect.objectContaining({ code: 'MUTED' }) });
    await ok(moderatorSocket, 'moderation:unmute', { sessionId: session.id, userId: user.id });
    expect(await send(socket, 'thanks')).toEqual({ data: expect.anything() });
    expect(
      await command(moderatorSocket, 'moderation:mute', {
        sessionId: session.id,
        userId: moderator.id,
        minutes: 5,
      }),
    ).toEqual({ error: expect.objectContaining({ code: 'FORBIDDEN' }) });
  });

  it('should disconnect a banned user at once and refuse their joins, and audit it', async () => {
    const user = await newAttendee();
    const socket = await join(user);
    const second = await join(user);
    const banned = waitFor(socket, 'moderation:banned');
    const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const goneToo = new Promise<string>((resolve) => second.once('disconnect', resolve));
    await ok(moderatorSocket, 'moderation:ban', { eventSlug: event.slug, userId: user.id });
    await expect(banned).resolves.toEqual({ eventId: event.id, eventSlug: event.slug });
    await expect(gone).resolves.toBe('io server disconnect');
    await expect(goneToo).resolves.toBe('io server disconnect');
    const again = await connectLive(t, user.token);
    sockets.push(again);
    expect(await command(again, 'session:join', { sessionId: session.id })).toEqual({
      error: expect.objectContaining({ code: 'BANNED' }),
    });
    const audit = await t.http.get(`/api/events/${event.slug}/audit`).set(organizer.auth).expect(200);
    expect(JSON.stringify(audit.body)).toContain('user.banned');

    await ok(moderatorSocket, 'moderation:unban', { eventSlug: event.slug, userId: user.id });
    await expect(ok(again, 'session:join', { sessionId: session.id })).resolves.toMatchObject({
      role: 'attendee',
    });
  });

  it('should give the seat of a banned user to the waitlist and refuse their new reservations', async () => {
    const workshop = await makeSession(t, event.id, {
      title: 'Closed-door workshop',
      kind: 'workshop',
      capacity: 1,
    });
    const [troll, waiting] = [await newAttendee(), await newAttendee()];
    const seat = (user: TestUser) =>
      t.http
        .post(`/api/events/${event.slug}/sessions/${workshop.id}/seat`)
        .set('Authorization', `Bearer ${user.token}`);
    const seatOf = (user: TestUser) =>
      t.http
        .get(`/api/events/${event.slug}/sessions/${workshop.id}/seat`)
        .set('Authorization', `Bearer ${user.token}`);
    expect((await seat(troll).expect(201)).body.status).toBe('confirmed');
    expect((await seat(waiting).expect(201)).body).toMatchObject({ status: 'waitlisted', position: 1 });

    await ok(moderatorSocket, 'moderation:ban', { eventSlug: event.slug, userId: troll.id });

    await eventually('the waitlisted attendee takes the freed seat', async () => {
      return (await seatOf(waiting)).body.status === 'confirmed';
    });
    expect((await seatOf(troll).expect(200)).body.status).toBe('none');
    const refused = await seat(troll).expect(403);
    expect(refused.body).toMatchObject({ code: 'BANNED' });
    expect((await seatOf(waiting)).body).toMatchObject({ status: 'confirmed', taken: 1, waiting: 0 });
  });

  it('should apply a revoked moderator role to the very next command and stop pending questions', async () => {
    const moderatedSession = await makeSession(t, event.id, {
      qaModerated: true,
      startsAt: '2030-11-20T05:00:00.000Z',
      endsAt: '2030-11-20T06:00:00.000Z',
    });
    const temporary = await registerUser(t);
    await grantStaff(t, event.id, temporary.id, 'moderator');
    // Also registered: after the revocation they stay in the room as an attendee.
    await makeRegistration(t, event.id, temporary.id);
    const temporarySocket = await join(temporary, moderatedSession.id);
    const asker = await newAttendee();
    const askerSocket = await join(asker, moderatedSession.id);
    const first = await ok<{ question: Question }>(askerSocket, 'qa:ask', {
      sessionId: moderatedSession.id,
      text: 'first',
      clientId: randomUUID(),
    });

    await t.http.delete(`/api/events/${event.slug}/staff/${temporary.id}`).set(organizer.auth).expect(204);
    expect(
      await command(temporarySocket, 'qa:moderate', { questionId: first.question.id, action: 'approve' }),
    ).toEqual({
      error: expect.objectContaining({ code: 'FORBIDDEN' }),
    });
    const saw = record(temporarySocket);
    await ok(askerSocket, 'qa:ask', {
      sessionId: moderatedSession.id,
      text: 'second',
      clientId: randomUUID(),
    });
    await command(temporarySocket, 'session:leave', { sessionId: randomUUID() });
    expect(saw.filter((received) => received.event === 'qa:question-asked')).toEqual([]);
  });
});
