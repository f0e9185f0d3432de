import { randomUUID } from 'node:crypto';

import type { Poll, PollVote } from '../../src/realtime/realtime.contract';
import {
  dataSourceOf,
  grantStaff,
  makeEvent,
  makeRegistration,
  makeSession,
} from '../factories/event.factory';
import { makeUser, WorldUser } from '../utils/world';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { createScratchDatabase } from '../utils/postgres';
import { command, connectLive, LiveClient, ok } from '../utils/socket-client';

/**
 * Polls on PostgreSQL with two nodes sharing one database: concurrent votes (new, changed and resent, the
 * same user on both nodes at once) are counted exactly, and a close that races the votes neither deadlocks
 * nor counts a vote after it.
 */
describe('Live polls on PostgreSQL, two nodes (e2e)', () => {
  let nodeA: TestApp;
  let nodeB: TestApp;
  let drop: () => Promise<void>;
  const sockets: LiveClient[] = [];

  beforeAll(async () => {
    const scratch = await createScratchDatabase('plenary_polls');
    drop = scratch.drop;
    nodeA = await createTestApp({ DATABASE_URL: scratch.url, RATE_LIMITS: 'off' });
    await dataSourceOf(nodeA).runMigrations({ transaction: 'each' });
    nodeB = await createTestApp({ DATABASE_URL: scratch.url, RATE_LIMITS: 'off' });
  });
  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await nodeA?.close();
    await nodeB?.close();
    await drop?.();
  });

  const joinOn = async (node: TestApp, user: WorldUser, sessionId: string): Promise<LiveClient> => {
    const socket = await connectLive(node, user.token);
    sockets.push(socket);
    await ok(socket, 'session:join', { sessionId });
    return socket;
  };

  it('should count concurrent votes from two nodes exactly, without deadlock', async () => {
    const event = await makeEvent(nodeA);
    const session = await makeSession(nodeA, event.id);
    const moderator = await makeUser(nodeA, 'moderator');
    const moderatorAuth = { Authorization: `Bearer ${moderator.token}` };
    await grantStaff(nodeA, event.id, moderator.id, 'moderator');
    const voters: WorldUser[] = [];
    for (let index = 0; index < 30; index++) {
      const user = await makeUser(nodeA, 'voter');
      await makeRegistration(nodeA, event.id, user.id);
      voters.push(user);
    }
    const poll = (
      await nodeA.http
        .post(`/api/events/${event.slug}/sessions/${session.id}/polls`)
        .set(moderatorAuth)
        .send({
          question: 'Where next?',
          kind: 'multiple',
          options: ['A', 'B', 'C', 'D'],
          showResults: 'live',
        })
        .expect(201)
    ).body as Poll;
    const m = await joinOn(nodeA, moderator, session.id);
    await ok(m, 'poll:open', { pollId: poll.id });
    // Every voter on both nodes at once.
    const pairs = await Promise.all(
      voters.map(async (user) => [
        await joinOn(nodeA, user, session.id),
        await joinOn(nodeB, user, session.id),
      ]),
    );

    const votes: Array<Promise<unknown>> = [];
    pairs.forEach(([onA, onB], index) => {
      const first = randomUUID();
      // The same first vote sent to both nodes (a resend racing itself), then a change on node B.
      votes.push(
        ok(onA, 'poll:vote', { pollId: poll.id, choices: [index % 4], clientId: first }),
        ok(onB, 'poll:vote', { pollId: poll.id, choices: [index % 4], clientId: first }),
      );
    });
    await Promise.all(votes);
    await Promise.all(
      pairs.flatMap(([, onB], index) =>
        index % 3 === 0
          ? [
              ok<{ vote: PollVote }>(onB, 'poll:vote', {
                pollId: poll.id,
                choices: [0, 3],
                clientId: randomUUID(),
              }),
            ]
          : [],
      ),
    );

    const expected = [0, 0, 0, 0];
    voters.forEach((_, index) => {
      if (index % 3 === 0) {
        expected[0] += 1;
        expected[3] += 1;
      } else {
        expected[index % 4] += 1;
      }
    });
    const results = await nodeB.http
      .get(`/api/events/${event.slug}/sessions/${session.id}/polls/${poll.id}/results`)
      .set(moderatorAuth)
      .expect(200);
    expect(results.body.voters).toBe(voters.length);
    expect(results.body.options.map((option: { votes: number }) => option.votes)).toEqual(expected);
    const rows = await dataSourceOf(nodeA).query(`SELECT COUNT(*) AS n FROM poll_votes WHERE "pollId" = $1`, [
      poll.id,
    ]);
    expect(Number(rows[0].n)).toBe(voters.length);

    // A close racing a burst of changes: every vote acked before the close is counted, none after it.
    const racing = pairs.map(([onA], index) =>
      command<{ vote: PollVote }>(onA, 'poll:vote', {
        pollId: poll.id,
        choices: [(index + 1) % 4],
        clientId: randomUUID(),
      }),
    );
    const closed = ok(m, 'poll:close', { pollId: poll.id });
    const acks = await Promise.all(racing);
    await closed;
    for (const ack of acks) {
      expect('data' in ack || ack.error.code === 'POLL_CLOSED').toBe(true);
    }
    const final = await nodeA.http
      .get(`/api/events/${event.slug}/sessions/${session.id}/polls/${poll.id}/results`)
      .set(moderatorAuth)
      .expect(200);
    expect(final.body).toMatchObject({ status: 'closed', voters: voters.length });
    const accepted = acks.flatMap((ack, index) => ('data' in ack ? [index] : []));
    const counted = final.body.options.reduce(
      (sum: number, option: { votes: number }) => sum + option.votes,
      0,
    );
    const before = voters.map((_, index) => (index % 3 === 0 ? 2 : 1));
    const expectedTotal =
      accepted.length + before.filter((_, index) => !accepted.includes(index)).reduce((sum, n) => sum + n, 0);
    expect(counted).toBe(expectedTotal);
  }, 120_000);
});
