import { randomUUID } from 'node:crypto';

import { POLL_VOTE_RATE } from '../../src/polls/polls.gateway';
import type { Event } from '../../src/events/event.entity';
import type {
  JoinSessionResult,
  Poll,
  PollResultsVisibility,
  PollTally,
  PollVote,
} from '../../src/realtime/realtime.contract';
import {
  dataSourceOf,
  grantStaff,
  makeEvent,
  makeRegistration,
  makeSession,
} from '../factories/event.factory';
import { registerUser, TestUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { command, connectLive, LiveClient, ok, Received, record, waitFor } from '../utils/socket-client';

describe('Live polls (e2e)', () => {
  let t: TestApp;
  let event: Event;
  let moderator: TestUser;
  const sockets: LiveClient[] = [];

  const connect = async (user: TestUser): Promise<LiveClient> => {
    const socket = await connectLive(t, user.token);
    sockets.push(socket);
    return socket;
  };
  const join = async (user: TestUser, sessionId: string): Promise<LiveClient> => {
    const socket = await connect(user);
    await ok(socket, 'session:join', { sessionId });
    return socket;
  };
  const newAttendee = async (): Promise<TestUser> => {
    const user = await registerUser(t);
    await makeRegistration(t, event.id, user.id);
    return user;
  };
  const pollsPath = (sessionId: string) => `/api/events/${event.slug}/sessions/${sessionId}/polls`;
  const createPoll = async (sessionId: string, body: Record<string, unknown>): Promise<Poll> => {
    const response = await t.http.post(pollsPath(sessionId)).set(moderator.auth).send(body).expect(201);
    return response.body as Poll;
  };
  const choicePoll = (sessionId: string, showResults: PollResultsVisibility = 'live', extra = {}) =>
    createPoll(sessionId, {
      question: 'Which region grows fastest?',
      kind: 'single',
      options: ['Asia', 'Europe', 'Africa'],
      showResults,
      ...extra,
    });
  const vote = (
    socket: LiveClient,
    pollId: string,
    ballot: Record<string, unknown>,
    clientId = randomUUID(),
  ) => command<{ pollId: string; vote: PollVote }>(socket, 'poll:vote', { pollId, clientId, ...ballot });
  /** A round trip per socket, so everything already broadcast to it has arrived. */
  const settle = (...all: LiveClient[]) =>
    Promise.all(all.map((socket) => command(socket, 'session:leave', { sessionId: randomUUID() })));
  const resultsOf = (user: TestUser, sessionId: string, pollId: string) =>
    t.http.get(`${pollsPath(sessionId)}/${pollId}/results`).set(user.auth);
  const tallyWith = (voters: number) => (tally: PollTally) => tally.voters === voters;

  beforeAll(async () => {
    t = await createTestApp();
    event = await makeEvent(t);
    moderator = await registerUser(t);
    await grantStaff(t, event.id, moderator.id, 'moderator');
  });
  afterEach(() => {
    sockets.splice(0).forEach((socket) => socket.close());
  });
  afterAll(async () => {
    await t.close();
  });

  it('should keep drafts to moderators, editable until opened', async () => {
    const session = await makeSession(t, event.id);
    const attendee = await newAttendee();
    const draft = await choicePoll(session.id);
    expect(draft).toMatchObject({ status: 'draft', kind: 'single', anonymous: true, openedAt: null });

    const attendeeList = await t.http.get(pollsPath(session.id)).set(attendee.auth).expect(200);
    expect(attendeeList.body.items).toEqual([]);
    await t.http
      .post(pollsPath(session.id))
      .set(attendee.auth)
      .send({ question: 'x?', kind: 'text' })
      .expect(403);
    await resultsOf(attendee, session.id, draft.id).expect(404);

    const edited = await t.http
      .patch(`${pollsPath(session.id)}/${draft.id}`)
      .set(moderator.auth)
      .send({ kind: 'multiple', options: ['A', 'B', 'C', 'D'], maxChoices: 2 })
      .expect(200);
    expect(edited.body).toMatchObject({ kind: 'multiple', options: ['A', 'B', 'C', 'D'], maxChoices: 2 });

    const moderatorSocket = await join(moderator, session.id);
    await ok(moderatorSocket, 'poll:open', { pollId: draft.id });
    const late = await t.http
      .patch(`${pollsPath(session.id)}/${draft.id}`)
      .set(moderator.auth)
      .send({ question: 'Changed?' })
      .expect(409);
    expect(late.body.code).toBe('POLL_NOT_DRAFT');
    await t.http
      .delete(`${pollsPath(session.id)}/${draft.id}`)
      .set(moderator.auth)
      .expect(409);

    const spare = await createPoll(session.id, { question: 'Spare?', kind: 'text' });
    await t.http
      .delete(`${pollsPath(session.id)}/${spare.id}`)
      .set(moderator.auth)
      .expect(204);
    const list = await t.http.get(pollsPath(session.id)).set(attendee.auth).expect(200);
    expect(list.body.items.map((poll: Poll) => poll.id)).toEqual([draft.id]);
  });

  it('should refuse a user changing a vote faster than the per-account limit, and count the last accepted one', async () => {
    const session = await makeSession(t, event.id);
    const poll = await choicePoll(session.id);
    const moderatorSocket = await join(moderator, session.id);
    await ok(moderatorSocket, 'poll:open', { pollId: poll.id });
    const socket = await join(await newAttendee(), session.id);
    const codes: string[] = [];
    for (let index = 0; index <= POLL_VOTE_RATE.limit; index++) {
      const ack = await vote(socket, poll.id, { choices: [index % 3] });
      codes.push('error' in ack ? ack.error.code : 'ok');
    }
    expect(codes.slice(0, POLL_VOTE_RATE.limit).every((code) => code === 'ok')).toBe(true);
    expect(codes[POLL_VOTE_RATE.limit]).toBe('RATE_LIMITED');
    const results = await resultsOf(moderator, session.id, poll.id).expect(200);
    expect(results.body.voters).toBe(1);
    expect(results.body.options[(POLL_VOTE_RATE.limit - 1) % 3].votes).toBe(1);
  });

  it('should refuse polls whose fields do not fit their kind', async () => {
    const session = await makeSession(t, event.id);
    const bad = [
      { question: 'Rate it', kind: 'rating', options: ['a', 'b'] },
      { question: 'Pick', kind: 'single' },
      { question: 'Pick', kind: 'single', options: ['a'] },
      { question: 'Pick', kind: 'single', options: ['a', 'A'] },
      { question: 'Pick', kind: 'single', options: ['a', 'b'], maxChoices: 1 },
      { question: 'Pick', kind: 'multiple', options: ['a', 'b'], maxChoices: 3 },
      { question: 'Rate', kind: 'rating', scale: 11 },
      { question: 'Why', kind: 'text', showResults: 'never' },
      { question: 'Why', kind: 'text', extra: true },
      { question: 'Why', kind: 'text', options: Array.from({ length: 11 }, (_, i) => `o${i}`) },
    ];
    for (const body of bad) {
      const response = await t.http.post(pollsPath(session.id)).set(moderator.auth).send(body).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    }
    const polls = await t.http.get(pollsPath(session.id)).set(moderator.auth).expect(200);
    expect(polls.body.items).toEqual([]);
  });

  it('should keep one open poll per session, as durable changes with seq that come back on resume', async () => {
    const session = await makeSession(t, event.id);
    const attendee = await newAttendee();
    const first = await choicePoll(session.id);
    const second = await createPoll(session.id, {
      question: 'Rate the talk',
      kind: 'rating',
      showResults: 'live',
    });
    const moderatorSocket = await join(moderator, session.id);
    const attendeeSocket = await connect(attendee);
    const before = await ok<JoinSessionResult>(attendeeSocket, 'session:join', { sessionId: session.id });
    expect(before.polls).toEqual([]);
    const attendeeSaw = record(attendeeSocket);

    const opened = await ok<{ poll: Poll }>(moderatorSocket, 'poll:open', { pollId: first.id });
    expect(opened.poll).toMatchObject({ id: first.id, status: 'open' });
    const reopened = await ok<{ poll: Poll }>(moderatorSocket, 'poll:open', { pollId: first.id });
    expect(reopened.poll.status).toBe('open');
    await ok(moderatorSocket, 'poll:open', { pollId: second.id });
    await settle(attendeeSocket);

    const events = attendeeSaw.filter((r) => r.event.startsWith('poll:'));
    expect(events.map((r) => [r.event, (r.payload as { poll: Poll }).poll.id])).toEqual([
      ['poll:opened', first.id],
      ['poll:closed', first.id],
      ['poll:opened', second.id],
    ]);
    const seqs = events.map((r) => (r.payload as { seq: number }).seq);
    expect(seqs).toEqual([seqs[0], seqs[0] + 1, seqs[0] + 2]);
    expect(seqs[0]).toBe(before.seq + 1);

    const resumed = await ok<JoinSessionResult>(attendeeSocket, 'session:join', {
      sessionId: session.id,
      after: before.seq,
    });
    expect(resumed.changes?.map((change) => [change.kind, change.seq])).toEqual([
      ['poll-opened', seqs[0]],
      ['poll-closed', seqs[1]],
      ['poll-opened', seqs[2]],
    ]);
    expect(resumed.polls.map((entry) => [entry.poll.id, entry.poll.status])).toEqual([
      [first.id, 'closed'],
      [second.id, 'open'],
    ]);
    const closedAgain = await command(moderatorSocket, 'poll:open', { pollId: first.id });
    expect(closedAgain).toEqual({ error: expect.objectContaining({ code: 'POLL_CLOSED' }) });
    const byAttendee = await command(attendeeSocket, 'poll:close', { pollId: second.id });
    expect(byAttendee).toEqual({ error: expect.objectContaining({ code: 'FORBIDDEN' }) });
  });

  it('should count one vote per user, changeable until closed, and treat resent clientIds as the same vote', async () => {
    const session = await makeSession(t, event.id);
    const poll = await choicePoll(session.id, 'live');
    const moderatorSocket = await join(moderator, session.id);
    await ok(moderatorSocket, 'poll:open', { pollId: poll.id });
    const voter = await join(await newAttendee(), session.id);
    const other = await join(await newAttendee(), session.id);

    const firstId = randomUUID();
    const first = await vote(voter, poll.id, { choices: [0] }, firstId);
    expect(first).toEqual({
      data: { pollId: poll.id, vote: expect.objectContaining({ choices: [0], clientId: firstId }) },
    });
    await expect(vote(voter, poll.id, { choices: [0] }, firstId)).resolves.toMatchObject({
      data: { vote: { choices: [0] } },
    });
    const secondId = randomUUID();
    await expect(vote(voter, poll.id, { choices: [2] }, secondId)).resolves.toMatchObject({
      data: { vote: { choices: [2] } },
    });
    // The first vote resent after the second: the second stands.
    const stale = await vote(voter, poll.id, { choices: [0] }, firstId);
    expect(stale).toMatchObject({ data: { vote: { choices: [2], clientId: secondId } } });
    await vote(other, poll.id, { choices: [2] });

    const results = await resultsOf(moderator, session.id, poll.id).expect(200);
    expect(results.body).toMatchObject({ voters: 2, status: 'open' });
    expect(results.body.options.map((option: { votes: number }) => option.votes)).toEqual([0, 0, 2]);
    const rows = await dataSourceOf(t).query(`SELECT COUNT(*) AS n FROM poll_votes WHERE "pollId" = ?`, [
      poll.id,
    ]);
    expect(Number(rows[0].n)).toBe(2);

    for (const ballot of [{ choices: [0, 1] }, { choices: [3] }, { rating: 3 }, { text: 'Asia' }, {}]) {
      await expect(vote(voter, poll.id, ballot)).resolves.toMatchObject({
        error: { code: 'VALIDATION_FAILED' },
      });
    }
    await ok(moderatorSocket, 'poll:close', { pollId: poll.id });
    await expect(vote(voter, poll.id, { choices: [1] })).resolves.toMatchObject({
      error: { code: 'POLL_CLOSED' },
    });
    // A resend of a counted vote still gets its ack after the close.
    await expect(vote(voter, poll.id, { choices: [2] }, secondId)).resolves.toMatchObject({
      data: { vote: { choices: [2] } },
    });
  });

  it('should enforce maxChoices on multiple choice and build a rating histogram', async () => {
    const session = await makeSession(t, event.id);
    const multiple = await createPoll(session.id, {
      question: 'Which topics?',
      kind: 'multiple',
      options: ['Trade', 'Energy', 'Health', 'Climate'],
      maxChoices: 2,
      showResults: 'live',
    });
    const moderatorSocket = await join(moderator, session.id);
    await ok(moderatorSocket, 'poll:open', { pollId: multiple.id });
    const a = await join(await newAttendee(), session.id);
    const b = await join(await newAttendee(), session.id);
    await expect(vote(a, multiple.id, { choices: [0, 1, 2] })).resolves.toMatchObject({
      error: { code: 'VALIDATION_FAILED' },
    });
    await expect(vote(a, multiple.id, { choices: [1, 1] })).resolves.toMatchObject({
      error: { code: 'VALIDATION_FAILED' },
    });
    await ok(a, 'poll:vote', { pollId: multiple.id, choices: [0, 3], clientId: randomUUID() });
    await ok(b, 'poll:vote', { pollId: multiple.id, choices: [3], clientId: randomUUID() });
    const multi = await resultsOf(moderator, session.id, multiple.id).expect(200);
    expect(multi.body.options.map((option: { votes: number }) => option.votes)).toEqual([1, 0, 0, 2]);

    const rating = await createPoll(session.id, {
      question: 'Rate',
      kind: 'rating',
      scale: 4,
      showResults: 'live',
    });
    await ok(moderatorSocket, 'poll:open', { pollId: rating.id });
    await expect(vote(a, rating.id, { rating: 5 })).resolves.toMatchObject({
      error: { code: 'VALIDATION_FAILED' },
    });
    await ok(a, 'poll:vote', { pollId: rating.id, rating: 4, clientId: randomUUID() });
    await ok(b, 'poll:vote', { pollId: rating.id, rating: 1, clientId: randomUUID() });
    const rated = await resultsOf(moderator, session.id, rating.id).expect(200);
    expect(rated.body).toMatchObject({ voters: 2, rating: { average: 2.5, histogram: [1, 0, 0, 1] } });
  });

  it('should build a word cloud that splits Chinese, folds case and drops stop words', async () => {
    const session = await makeSession(t, event.id);
    const poll = await createPoll(session.id, {
      question: 'One word for the meeting?',
      kind: 'text',
      anonymous: false,
      showResults: 'after-vote',
    });
    const moderatorSocket = await join(moderator, session.id);
    await ok(moderatorSocket, 'poll:open', { pollId: poll.id });
    const answers = [
      'Supply chains',
      'the SUPPLY of trust',
      '供应链的韧性',
      '韧性',
      'Цепочки поставок и доверие',
    ];
    const voters: TestUser[] = [];
    for (const text of answers) {
      const user = await newAttendee();
      voters.push(user);
      await ok(await join(user, session.id), 'poll:vote', { pollId: poll.id, text, clientId: randomUUID() });
    }
    const results = await resultsOf(voters[0], session.id, poll.id).expect(200);
    const counts = Object.fromEntries(
      results.body.words.map((w: { word: string; count: number }) => [w.word, w.count]),
    );
    expect(counts).toMatchObject({ supply: 2, 韧性: 2, 供应: 1, 链: 1, цепочки: 1, доверие: 1, trust: 1 });
    for (const stop of ['the', 'of', '的', 'и']) {
      expect(counts[stop]).toBeUndefined();
    }
    // Attendees get the cloud, not the answers; moderators get the answers, named (not anonymous).
    expect(results.body.answers).toBeUndefined();
    const forModerator = await resultsOf(moderator, session.id, poll.id).expect(200);
    expect(forModerator.body.answers).toHaveLength(5);
    expect(forModerator.body.answers).toContainEqual(
      expect.objectContaining({ text: '韧性', voter: { id: voters[3].id, name: voters[3].name } }),
    );
  });

  describe('results visibility', () => {
    const cases: Array<{
      showResults: PollResultsVisibility;
      voterSees: boolean;
      watcherSees: boolean;
      afterClose: boolean;
    }> = [
      { showResults: 'live', voterSees: true, watcherSees: true, afterClose: true },
      { showResults: 'after-vote', voterSees: true, watcherSees: false, afterClose: true },
      { showResults: 'after-close', voterSees: false, watcherSees: false, afterClose: true },
      { showResults: 'moderators', voterSees: false, watcherSees: false, afterClose: false },
    ];
    it.each(cases)(
      'should show $showResults results only to those allowed, in REST, snapshots and events',
      async ({ showResults, voterSees, watcherSees, afterClose }) => {
        const session = await makeSession(t, event.id);
        const poll = await choicePoll(session.id, showResults);
        const voterUser = await newAttendee();
        const watcherUser = await newAttendee();
        const moderatorSocket = await join(moderator, session.id);
        const voter = await join(voterUser, session.id);
        const voterSecondTab = await join(voterUser, session.id);
        const watcher = await join(watcherUser, session.id);
        const saw = { voter: record(voter), tab: record(voterSecondTab), watcher: record(watcher) };
        await ok(moderatorSocket, 'poll:open', { pollId: poll.id });

        const moderatorTally = waitFor<PollTally>(moderatorSocket, 'poll:results', tallyWith(1));
        await ok(voter, 'poll:vote', { pollId: poll.id, choices: [1], clientId: randomUUID() });
        await expect(moderatorTally).resolves.toMatchObject({ pollId: poll.id, voters: 1 });
        await settle(voter, voterSecondTab, watcher);
        const results = (received: Received[]) => received.filter((r) => r.event === 'poll:results');
        expect(results(saw.voter).length > 0).toBe(voterSees);
        expect(results(saw.tab).length > 0).toBe(voterSees);
        expect(results(saw.watcher).length > 0).toBe(watcherSees);

        await resultsOf(voterUser, session.id, poll.id).expect(voterSees ? 200 : 403);
        const hidden = await resultsOf(watcherUser, session.id, poll.id).expect(watcherSees ? 200 : 403);
        expect(hidden.body.code).toBe(watcherSees ? undefined : 'RESULTS_HIDDEN');
        const voterJoin = await ok<JoinSessionResult>(voter, 'session:join', { sessionId: session.id });
        expect(voterJoin.polls).toHaveLength(1);
        expect(voterJoin.polls[0].vote).toMatchObject({ choices: [1] });
        expect(voterJoin.polls[0].results !== undefined).toBe(voterSees);
        const watcherJoin = await ok<JoinSessionResult>(watcher, 'session:join', { sessionId: session.id });
        expect(watcherJoin.polls[0]).toMatchObject({ vote: null });
        expect(watcherJoin.polls[0].results !== undefined).toBe(watcherSees);

        const closed = waitFor<{ results?: unknown }>(watcher, 'poll:closed');
        const moderatorClosed = waitFor<{ results?: { voters: number } }>(moderatorSocket, 'poll:closed');
        await ok(moderatorSocket, 'poll:close', { pollId: poll.id });
        expect((await closed).results !== undefined).toBe(afterClose);
        await expect(moderatorClosed).resolves.toMatchObject({ results: { voters: 1 } });
        await resultsOf(watcherUser, session.id, poll.id).expect(afterClose ? 200 : 403);
        await resultsOf(moderator, session.id, poll.id).expect(200);
      },
    );
  });

  it('should let muted users vote and refuse banned ones', async () => {
    const session = await makeSession(t, event.id);
    const poll = await choicePoll(session.id);
    const moderatorSocket = await join(moderator, session.id);
    await ok(moderatorSocket, 'poll:open', { pollId: poll.id });
    const mutedUser = await newAttendee();
    const bannedUser = await newAttendee();
    const muted = await join(mutedUser, session.id);
    const banned = await join(bannedUser, session.id);
    await ok(moderatorSocket, 'moderation:mute', {
      sessionId: session.id,
      userId: mutedUser.id,
      minutes: 10,
    });
    await expect(vote(muted, poll.id, { choices: [0] })).resolves.toMatchObject({
      data: { pollId: poll.id },
    });

    const disconnected = new Promise((resolve) => banned.once('disconnect', resolve));
    await ok(moderatorSocket, 'moderation:ban', { eventSlug: event.slug, userId: bannedUser.id });
    await disconnected;
    const again = await connect(bannedUser);
    await expect(command(again, 'session:join', { sessionId: session.id })).resolves.toMatchObject({
      error: { code: 'BANNED' },
    });
    await expect(vote(again, poll.id, { choices: [0] })).resolves.toMatchObject({
      error: { code: 'SESSION_NOT_JOINED' },
    });
    await resultsOf(bannedUser, session.id, poll.id).expect(403);
  });

  it('should export every vote as CSV to moderators, naming voters only for polls that are not anonymous', async () => {
    const session = await makeSession(t, event.id);
    const named = await choicePoll(session.id, 'live', { anonymous: false });
    const anonymous = await choicePoll(session.id, 'live');
    const moderatorSocket = await join(moderator, session.id);
    const voterUser = await newAttendee();
    const voter = await join(voterUser, session.id);
    for (const poll of [named, anonymous]) {
      await ok(moderatorSocket, 'poll:open', { pollId: poll.id });
      await ok(voter, 'poll:vote', { pollId: poll.id, choices: [2], clientId: randomUUID() });
    }
    await t.http
      .get(`${pollsPath(session.id)}.csv`)
      .set(voterUser.auth)
      .expect(403);
    const csv = await t.http
      .get(`${pollsPath(session.id)}.csv`)
      .set(moderator.auth)
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('pollId,question,kind,answer,voterId,voterName,createdAt,updatedAt');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(
      `${named.id},Which region grows fastest?,single,Africa,${voterUser.id},${voterUser.name}`,
    );
    expect(lines[2]).toContain(`${anonymous.id},Which region grows fastest?,single,Africa,,,`);
  });
});
