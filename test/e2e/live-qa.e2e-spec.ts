import { randomUUID } from 'node:crypto';

import type { Event } from '../../src/events/event.entity';
import type { JoinSessionResult, Question } from '../../src/realtime/realtime.contract';
import { grantStaff, makeEvent, makeRegistration, makeRoom, makeSession } from '../factories/event.factory';
import { registerUser, TestUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { command, connectLive, LiveClient, ok, Received, record, waitFor } from '../utils/socket-client';

describe('Live Q&A (e2e)', () => {
  let t: TestApp;
  let event: Event;
  const sockets: LiveClient[] = [];

  const join = async (user: TestUser, sessionId: string): Promise<LiveClient> => {
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
  const newModerator = async (): Promise<TestUser> => {
    const user = await registerUser(t);
    await grantStaff(t, event.id, user.id, 'moderator');
    return user;
  };
  const ask = (socket: LiveClient, sessionId: string, text: string, anonymous = false) =>
    ok<{ question: Question }>(socket, 'qa:ask', { sessionId, text, anonymous, clientId: randomUUID() });
  const moderate = (socket: LiveClient, questionId: string, action: string, reason?: string) =>
    command<{ question: Question }>(socket, 'qa:moderate', {
      questionId,
      action,
      ...(reason ? { reason } : {}),
    });
  /** A round trip per socket, so everything already broadcast has arrived. */
  const settle = (...all: LiveClient[]) =>
    Promise.all(all.map((socket) => command(socket, 'session:leave', { sessionId: randomUUID() })));

  beforeAll(async () => {
    t = await createTestApp();
    event = await makeEvent(t);
  });
  afterEach(() => {
    sockets.splice(0).forEach((socket) => socket.close());
  });
  afterAll(async () => {
    await t.close();
  });

  it('should show pending questions only to moderators and the asker, then publish them on approval', async () => {
    const session = await makeSession(t, event.id, { qaModerated: true });
    const asker = await newAttendee();
    const attendee = await newAttendee();
    const moderator = await newModerator();
    const askerSocket = await join(asker, session.id);
    const attendeeSocket = await join(attendee, session.id);
    const moderatorSocket = await join(moderator, session.id);
    const attendeeSaw = record(attendeeSocket);
    const moderatorSees = waitFor<{ question: Question }>(moderatorSocket, 'qa:question-asked');
    const askerSees = waitFor<{ question: Question }>(askerSocket, 'qa:question-asked');

    const { question } = await ask(askerSocket, session.id, 'How will supply chains be stabilised?');
    expect(question).toMatchObject({ status: 'pending', author: { id: asker.id } });
    await expect(moderatorSees).resolves.toMatchObject({ question: { id: question.id, status: 'pending' } });
    await expect(askerSees).resolves.toMatchObject({ question: { id: question.id, status: 'pending' } });
    await settle(attendeeSocket);
    expect(attendeeSaw).toEqual([]);

    const list = await t.http
      .get(`/api/events/${event.slug}/sessions/${session.id}/questions`)
      .set(attendee.auth)
      .expect(200);
    expect(list.body.items).toEqual([]);
    const rejoined = await ok<JoinSessionResult>(attendeeSocket, 'session:join', { sessionId: session.id });
    expect(rejoined.questions).toEqual([]);
    const own = await t.http
      .get(`/api/events/${event.slug}/sessions/${session.id}/questions`)
      .set(asker.auth)
      .expect(200);
    expect(own.body.items).toEqual([expect.objectContaining({ id: question.id, status: 'pending' })]);

    const published = waitFor<{ question: Question }>(attendeeSocket, 'qa:question-updated');
    const approved = await moderate(moderatorSocket, question.id, 'approve');
    expect(approved).toEqual({ data: { question: expect.objectContaining({ status: 'visible' }) } });
    await expect(published).resolves.toMatchObject({ question: { id: question.id, status: 'visible' } });
    const again = await moderate(moderatorSocket, question.id, 'approve');
    expect(again).toEqual({ error: expect.objectContaining({ code: 'INVALID_STATE' }) });
  });

  it('should never send an anonymous asker identity to other attendees', async () => {
    const session = await makeSession(t, event.id);
    const asker = await newAttendee();
    const attendee = await newAttendee();
    const moderator = await newModerator();
    const askerSocket = await join(asker, session.id);
    const attendeeSocket = await join(attendee, session.id);
    const moderatorSocket = await join(moderator, session.id);
    const attendeeSaw = record(attendeeSocket);
    const moderatorSaw = record(moderatorSocket);
    const askerSaw = record(askerSocket);

    const { question } = await ask(askerSocket, session.id, 'An awkward question', true);
    expect(question).toMatchObject({ anonymous: true, author: { id: asker.id } });
    await ok(moderatorSocket, 'qa:moderate', { questionId: question.id, action: 'pin' });
    await ok(attendeeSocket, 'qa:upvote', { questionId: question.id });
    await settle(attendeeSocket, moderatorSocket, askerSocket);
    const join2 = await ok<JoinSessionResult>(attendeeSocket, 'session:join', {
      sessionId: session.id,
      after: 0,
    });
    const rest = await t.http
      .get(`/api/events/${event.slug}/sessions/${session.id}/questions`)
      .set(attendee.auth)
      .expect(200);

    const leaks = (value: unknown) =>
      JSON.stringify(value).includes(asker.id) || JSON.stringify(value).includes(asker.name);
    expect(attendeeSaw.length).toBeGreaterThan(0);
    expect(attendeeSaw.filter((received: Received) => leaks(received.payload))).toEqual([]);
    expect(leaks(join2)).toBe(false);
    expect(leaks(rest.body)).toBe(false);
    expect(rest.body.items[0]).toMatchObject({ id: question.id, author: null, anonymous: true });
    // Moderators see who asked; the asker's own copy says it is theirs.
    expect(moderatorSaw.find((r) => r.event === 'qa:question-asked')?.payload).toMatchObject({
      question: { author: { id: asker.id } },
    });
    expect(askerSaw.find((r) => r.event === 'qa:question-asked')?.payload).toMatchObject({
      question: { author: { id: asker.id } },
    });
    // Each audience hears of a change once.
    expect(askerSaw.filter((r) => r.event === 'qa:question-asked')).toHaveLength(1);
    expect(moderatorSaw.filter((r) => r.event === 'qa:question-asked')).toHaveLength(1);
  });

  it('should count every vote once and coalesce the broadcasts', async () => {
    const session = await makeSession(t, event.id);
    const asker = await newAttendee();
    const askerSocket = await join(asker, session.id);
    const { question } = await ask(askerSocket, session.id, 'What about the digital economy?');
    const watched = record(askerSocket);
    const voters = await Promise.all(Array.from({ length: 16 }, () => newAttendee()));
    const voterSockets = await Promise.all(voters.map((voter) => join(voter, session.id)));
    const tallied = waitFor<{ votes: Array<{ votes: number }> }>(
      askerSocket,
      'qa:votes-changed',
      (p) => p.votes[0]?.votes === 16,
    );
    const acks = await Promise.all(
      voterSockets.flatMap((socket) => [
        ok<{ votes: number }>(socket, 'qa:upvote', { questionId: question.id }),
        ok<{ votes: number }>(socket, 'qa:upvote', { questionId: question.id }),
      ]),
    );
    expect(Math.max(...acks.map((ack) => ack.votes))).toBe(16);
    await tallied;
    const broadcasts = watched.filter((r) => r.event === 'qa:votes-changed');
    expect(broadcasts.length).toBeLessThan(voters.length / 2);

    const unvoted = await ok<{ votes: number }>(voterSockets[0], 'qa:unvote', { questionId: question.id });
    expect(unvoted).toEqual({ questionId: question.id, votes: 15 });
    const twice = await ok<{ votes: number }>(voterSockets[0], 'qa:unvote', { questionId: question.id });
    expect(twice.votes).toBe(15);
    const list = await t.http
      .get(`/api/events/${event.slug}/sessions/${session.id}/questions?sort=top`)
      .set(voters[1].auth)
      .expect(200);
    expect(list.body.items[0]).toMatchObject({ id: question.id, votes: 15, voted: true });
  });

  // Votes on a question the server already knows take a shorter path; it must refuse exactly as the full one.
  it('should refuse votes on a known question once it, the session or the voter changed', async () => {
    const room = await makeRoom(t, event.id);
    const session = await makeSession(t, event.id, { roomId: room.id });
    const elsewhere = await makeSession(t, event.id);
    const asker = await newAttendee();
    const moderator = await newModerator();
    const organizer = await registerUser(t);
    await grantStaff(t, event.id, organizer.id, 'organizer');
    const askerSocket = await join(asker, session.id);
    const moderatorSocket = await join(moderator, session.id);
    const { question } = await ask(askerSocket, session.id, 'Which corridors come first?');
    const voters = await Promise.all(Array.from({ length: 4 }, () => newAttendee()));
    const [first, second, third, leaving] = await Promise.all(voters.map((voter) => join(voter, session.id)));
    const vote = (socket: LiveClient) =>
      command<{ votes: number }>(socket, 'qa:upvote', { questionId: question.id });

    await expect(vote(first)).resolves.toEqual({ data: { questionId: question.id, votes: 1 } });
    await expect(vote(first)).resolves.toEqual({ data: { questionId: question.id, votes: 1 } });
    const outsider = await join(await newAttendee(), elsewhere.id);
    await expect(vote(outsider)).resolves.toEqual({
      error: expect.objectContaining({ code: 'SESSION_NOT_JOINED' }),
    });

    await t.http.delete(`/api/events/${event.slug}/registrations/me`).set(voters[3].auth).expect(200);
    await expect(vote(leaving)).resolves.toEqual({
      error: expect.objectContaining({ code: 'SESSION_NOT_JOINED' }),
    });

    await ok(moderatorSocket, 'qa:moderate', { questionId: question.id, action: 'dismiss' });
    await expect(vote(second)).resolves.toEqual({
      error: expect.objectContaining({ code: 'INVALID_STATE' }),
    });
    await ok(moderatorSocket, 'qa:moderate', { questionId: question.id, action: 'reopen' });
    await expect(vote(second)).resolves.toEqual({ data: { questionId: question.id, votes: 2 } });

    await t.http
      .patch(`/api/events/${event.slug}/sessions/${session.id}`)
      .set(organizer.auth)
      .send({ qa: { enabled: false } })
      .expect(200);
    await expect(vote(third)).resolves.toEqual({ error: expect.objectContaining({ code: 'QA_CLOSED' }) });
    const stored = await t.http
      .get(`/api/events/${event.slug}/sessions/${session.id}/questions`)
      .set(moderator.auth)
      .expect(200);
    expect(stored.body.items).toEqual([expect.objectContaining({ id: question.id, votes: 2 })]);
  });

  it('should follow the moderation state rules and show the dismissal reason to the asker only', async () => {
    const session = await makeSession(t, event.id);
    const asker = await newAttendee();
    const attendee = await newAttendee();
    const moderator = await newModerator();
    const askerSocket = await join(asker, session.id);
    const attendeeSocket = await join(attendee, session.id);
    const moderatorSocket = await join(moderator, session.id);
    const { question } = await ask(askerSocket, session.id, 'Off topic');
    const attendeeHears = waitFor<{ question: Question }>(attendeeSocket, 'qa:question-updated');
    const askerHears = waitFor<{ question: Question }>(askerSocket, 'qa:question-updated');
    await expect(
      moderate(moderatorSocket, question.id, 'dismiss', 'Please keep to the panel topic'),
    ).resolves.toEqual({
      data: { question: expect.objectContaining({ status: 'dismissed' }) },
    });
    const toAttendee = await attendeeHears;
    expect(toAttendee.question.status).toBe('dismissed');
    expect(toAttendee.question.dismissReason).toBeUndefined();
    await expect(askerHears).resolves.toMatchObject({
      question: { status: 'dismissed', dismissReason: 'Please keep to the panel topic' },
    });
    expect(await moderate(moderatorSocket, question.id, 'answer')).toEqual({
      error: expect.objectContaining({ code: 'INVALID_STATE' }),
    });
    expect(await moderate(moderatorSocket, question.id, 'reopen')).toEqual({
      data: { question: expect.objectContaining({ status: 'visible', dismissReason: null }) },
    });
    expect(await moderate(moderatorSocket, question.id, 'answer')).toEqual({
      data: { question: expect.objectContaining({ status: 'answered' }) },
    });
    expect(await moderate(moderatorSocket, question.id, 'pin')).toEqual({
      data: { question: expect.objectContaining({ pinned: true }) },
    });
    expect(await moderate(moderatorSocket, question.id, 'unpin')).toEqual({
      data: { question: expect.objectContaining({ pinned: false }) },
    });
    expect(await moderate(attendeeSocket, question.id, 'pin')).toEqual({
      error: expect.objectContaining({ code: 'FORBIDDEN' }),
    });
  });

  it('should refuse questions once Q&A is closed or the session ended', async () => {
    const session = await makeSession(t, event.id);
    const attendee = await newAttendee();
    const moderator = await newModerator();
    const attendeeSocket = await join(attendee, session.id);
    const moderatorSocket = await join(moderator, session.id);
    const updated = waitFor<{ session: { liveStatus: string } }>(attendeeSocket, 'session:updated');
    await ok(moderatorSocket, 'session:set-status', { sessionId: session.id, status: 'live', qaOpen: false });
    await expect(updated).resolves.toMatchObject({
      session: { id: session.id, liveStatus: 'live', qa: { open: false } },
    });
    const closed = await command(attendeeSocket, 'qa:ask', {
      sessionId: session.id,
      text: 'Too late?',
      clientId: randomUUID(),
    });
    expect(closed).toEqual({ error: expect.objectContaining({ code: 'QA_CLOSED' }) });
    await ok(moderatorSocket, 'session:set-status', { sessionId: session.id, status: 'ended' });
    const chat = await command(attendeeSocket, 'chat:send', {
      sessionId: session.id,
      text: 'bye',
      clientId: randomUUID(),
    });
    expect(chat).toEqual({ error: expect.objectContaining({ code: 'CHAT_CLOSED' }) });
    const notModerator = await command(attendeeSocket, 'session:set-status', {
      sessionId: session.id,
      status: 'live',
    });
    expect(notModerator).toEqual({ error: expect.objectContaining({ code: 'FORBIDDEN' }) });
  });

  it('should export questions as CSV to moderators only', async () => {
    const session = await makeSession(t, event.id);
    const asker = await newAttendee();
    const askerSocket = await join(asker, session.id);
    await ask(askerSocket, session.id, '=HYPERLINK("http://evil")', true);
    const moderator = await newModerator();
    const csv = await t.http
      .get(`/api/events/${event.slug}/sessions/${session.id}/questions.csv`)
      .set(moderator.auth)
      .expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.startsWith('\uFEFF')).toBe(true);
    expect(csv.text).toContain(`'=HYPERLINK(""http://evil"")`);
    expect(csv.text).toContain(asker.name);
    await t.http
      .get(`/api/events/${event.slug}/sessions/${session.id}/questions.csv`)
      .set(asker.auth)
      .expect(403);
    const messages = await t.http
      .get(`/api/events/${event.slug}/sessions/${session.id}/messages.csv`)
      .set(moderator.auth)
      .expect(200);
    expect(messages.text.split('\r\n')[0]).toBe(
      '\uFEFFseq,createdAt,authorId,authorName,text,deleted,deletedAt',
    );
  });
});
