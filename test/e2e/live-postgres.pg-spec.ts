import { randomUUID } from 'node:crypto';

import type { ChatMessage, JoinSessionResult, Question } from '../../src/realtime/realtime.contract';
import {
  dataSourceOf,
  grantStaff,
  makeEvent,
  makeRegistration,
  makeSession,
} from '../factories/event.factory';
import { registerUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { eventually } from '../utils/eventually';
import { createScratchDatabase } from '../utils/postgres';
import { connectLive, LiveClient, ok } from '../utils/socket-client';
import { DomainError } from '../../src/common/errors/domain-error';
import { appendChange } from '../../src/live-access/live-changes.queries';
import { all, get, LiveDb, LiveOp, run } from '../../src/realtime/live-db';

/**
 * The live room on PostgreSQL with two nodes sharing one database: the same SQL as SQLite, and a per-session
 * seq that stays gap-free and ordered when both nodes write at once (the row lock on session_live_state).
 */
describe('Live room on PostgreSQL, two nodes (e2e)', () => {
  let nodeA: TestApp;
  let nodeB: TestApp;
  let drop: () => Promise<void>;
  const sockets: LiveClient[] = [];

  beforeAll(async () => {
    const scratch = await createScratchDatabase('plenary_live');
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

  it('should chat, ask, vote, moderate and resume with gap-free seqs across two nodes', async () => {
    const event = await makeEvent(nodeA);
    const session = await makeSession(nodeA, event.id, { qaModerated: true });
    const alice = await registerUser(nodeA);
    const bob = await registerUser(nodeA);
    const moderator = await registerUser(nodeA);
    await makeRegistration(nodeA, event.id, alice.id);
    await makeRegistration(nodeA, event.id, bob.id);
    await grantStaff(nodeA, event.id, moderator.id, 'moderator');
    const a = await connectLive(nodeA, alice.token);
    const b = await connectLive(nodeB, bob.token);
    const m = await connectLive(nodeA, moderator.token);
    sockets.push(a, b, m);
    for (const socket of [a, b, m]) {
      await ok(socket, 'session:join', { sessionId: session.id });
    }

    const sends = await Promise.all(
      Array.from({ length: 40 }, (_, n) =>
        ok<{ message: ChatMessage }>(n % 2 ? a : b, 'chat:send', {
          sessionId: session.id,
          text: `message ${n}`,
          clientId: randomUUID(),
        }),
      ),
    );
    expect(sends.map(({ message }) => message.seq).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    const clientId = randomUUID();
    const first = await ok<{ question: Question }>(b, 'qa:ask', {
      sessionId: session.id,
      text: 'Q',
      clientId,
      anonymous: true,
    });
    const again = await ok<{ question: Question }>(b, 'qa:ask', {
      sessionId: session.id,
      text: 'Q2',
      clientId,
    });
    expect(again.question.id).toBe(first.question.id);
    expect(first.question.status).toBe('pending');
    await ok(m, 'qa:moderate', { questionId: first.question.id, action: 'approve' });
    await ok(a, 'qa:upvote', { questionId: first.question.id });
    await expect(ok(b, 'qa:upvote', { questionId: first.question.id })).resolves.toEqual({
      questionId: first.question.id,
      votes: 2,
    });
    const resumed = await ok<JoinSessionResult>(a, 'session:join', { sessionId: session.id, after: 40 });
    expect(resumed.changes?.map((change) => [change.seq, change.kind])).toEqual([
      [41, 'question-asked'],
      [42, 'question-updated'],
    ]);
    expect(resumed.questions[0].author).toBeNull();
  });
  it("should group a session's writes into one transaction per turn and roll a failing one back alone", async () => {
    const db = nodeA.app.get(LiveDb);
    const event = await makeEvent(nodeA);
    const session = await makeSession(nodeA, event.id);
    const now = new Date().toISOString();
    const append = (messageId: string) =>
      function* (): LiveOp<{ seq: number; transaction: string }> {
        const seq = yield* appendChange(session.id, 'message-posted', { messageId }, now);
        const row = yield* get<{ id: string }>(`SELECT txid_current()::text AS "id"`);
        return { seq, transaction: row!.id };
      };

    const grouped = await Promise.all(
      Array.from({ length: 20 }, (_, n) => db.sessionWrite(session.id, `author${n}`, append(`m${n}`))),
    );
    expect(grouped.map((result) => result.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(grouped.map((result) => result.transaction)).size).toBe(1);

    const first = db.sessionWrite(session.id, 'author', append('a'));
    const failing = db.sessionWrite(session.id, 'author', function* () {
      yield* appendChange(session.id, 'message-posted', { messageId: 'b' }, now);
      yield* run('INSERT INTO no_such_table VALUES (1)');
    });
    const refused = db.sessionWrite(session.id, 'other author', function* (): LiveOp<void> {
      yield* get('SELECT 1');
      throw new DomainError('FORBIDDEN', 'refused before writing');
    });
    const third = db.sessionWrite(session.id, 'author', append('c'));
    await expect(first).resolves.toMatchObject({ seq: 21 });
    await expect(failing).rejects.toHaveProperty('message', expect.stringContaining('no_such_table'));
    await expect(refused).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(third).resolves.toMatchObject({ seq: 22 });
    const state = await db.read(() =>
      get<{ lastSeq: string }>(`SELECT "lastSeq" FROM session_live_state WHERE "sessionId" = ?`, session.id),
    );
    expect(Number(state?.lastSeq)).toBe(22);
  });

  it('should never report success for an operation that swallowed a failed statement', async () => {
    const db = nodeA.app.get(LiveDb);
    const event = await makeEvent(nodeA);
    const session = await makeSession(nodeA, event.id);
    const now = new Date().toISOString();
    const swallowing = function* (): LiveOp<string> {
      yield* appendChange(session.id, 'message-posted', { messageId: 'lost' }, now);
      try {
        yield* run('INSERT INTO no_such_table VALUES (1)');
      } catch {
        // PostgreSQL has aborted the transaction: nothing of it can commit.
      }
      return 'claimed';
    };
    const appended = (messageId: string) => () =>
      appendChange(session.id, 'message-posted', { messageId }, now);

    await expect(db.write(swallowing)).rejects.toThrow();
    const before = db.sessionWrite(session.id, 'author', appended('before'));
    const grouped = db.sessionWrite(session.id, 'author', swallowing);
    const after = db.sessionWrite(session.id, 'author', appended('after'));
    await expect(before).resolves.toBe(1);
    await expect(grouped).rejects.toThrow();
    await expect(after).resolves.toBe(2);
  });

  it("should hold its session's and its author's locks before a session write runs, and none for a plain write", async () => {
    const db = nodeA.app.get(LiveDb);
    const event = await makeEvent(nodeA);
    const session = await makeSession(nodeA, event.id);
    const heldLocks = () =>
      all<{ key: string }>(
        `SELECT ((classid::bigint << 32) | objid::bigint)::text AS "key" FROM pg_locks
         WHERE locktype = 'advisory' AND pid = pg_backend_pid() ORDER BY 1`,
      );
    const expected = await db.read(() =>
      all<{ key: string }>(
        `SELECT hashtextextended(k, 0)::text AS "key" FROM unnest(ARRAY['session:' || CAST(? AS text), 'author:' || CAST(? AS text)]) AS k ORDER BY 1`,
        session.id,
        'author-1',
      ),
    );
    // The operation takes no lock itself: whatever it holds, the API took.
    await expect(db.sessionWrite(session.id, 'author-1', heldLocks)).resolves.toEqual(expected);
    await expect(db.write(heldLocks)).resolves.toEqual([]);
  });

  it("should free a banned user's seat on another node and refuse their new reservation (PostgreSQL)", async () => {
    const event = await makeEvent(nodeA);
    const workshop = await makeSession(nodeA, event.id, { kind: 'workshop', capacity: 1 });
    const moderator = await registerUser(nodeA);
    await grantStaff(nodeA, event.id, moderator.id, 'moderator');
    const [troll, waiting] = [await registerUser(nodeA), await registerUser(nodeA)];
    await makeRegistration(nodeA, event.id, troll.id);
    await makeRegistration(nodeA, event.id, waiting.id);
    const seatPath = `/api/events/${event.slug}/sessions/${workshop.id}/seat`;
    await nodeB.http.post(seatPath).set(troll.auth).expect(201);
    expect((await nodeB.http.post(seatPath).set(waiting.auth).expect(201)).body.status).toBe('waitlisted');

    const modSocket = await connectLive(nodeA, moderator.token);
    sockets.push(modSocket);
    await ok(modSocket, 'moderation:ban', { eventSlug: event.slug, userId: troll.id });

    await eventually('the waitlisted attendee takes the freed seat', async () => {
      return (await nodeB.http.get(seatPath).set(waiting.auth)).body.status === 'confirmed';
    });
    expect((await nodeB.http.post(seatPath).set(troll.auth).expect(403)).body).toMatchObject({
      code: 'BANNED',
    });
  });

  it('should free the seats of two users banned at once on two nodes, each waiting for the seat of the other', async () => {
    const event = await makeEvent(nodeA);
    const organizer = await registerUser(nodeA);
    await grantStaff(nodeA, event.id, organizer.id, 'organizer');
    const [x, y, waiting] = [await registerUser(nodeA), await registerUser(nodeA), await registerUser(nodeA)];
    for (const user of [x, y, waiting]) {
      await makeRegistration(nodeA, event.id, user.id);
    }
    const seatPath = (sessionId: string) => `/api/events/${event.slug}/sessions/${sessionId}/seat`;
    const rounds = 3;
    const workshops: Array<[string, string]> = [];
    for (let round = 0; round < rounds; round++) {
      const first = await makeSession(nodeA, event.id, { kind: 'workshop', capacity: 1 });
      const second = await makeSession(nodeA, event.id, { kind: 'workshop', capacity: 1 });
      workshops.push([first.id, second.id]);
      // x holds the first and waits for the second, y the other way round; `waiting` queues behind both.
      await nodeA.http.post(seatPath(first.id)).set(x.auth).expect(201);
      await nodeA.http.post(seatPath(second.id)).set(y.auth).expect(201);
      await nodeA.http.post(seatPath(second.id)).set(x.auth).expect(201);
      await nodeA.http.post(seatPath(first.id)).set(y.auth).expect(201);
      await nodeA.http.post(seatPath(first.id)).set(waiting.auth).expect(201);
      await nodeA.http.post(seatPath(second.id)).set(waiting.auth).expect(201);
    }
    const [onA, onB] = [await connectLive(nodeA, organizer.token), await connectLive(nodeB, organizer.token)];
    sockets.push(onA, onB);
    await Promise.all([
      ok(onA, 'moderation:ban', { eventSlug: event.slug, userId: x.id }),
      ok(onB, 'moderation:ban', { eventSlug: event.slug, userId: y.id }),
    ]);

    await eventually('every workshop seats the attendee who was waiting', async () => {
      const statuses = await Promise.all(
        workshops
          .flat()
          .map(async (id) => (await nodeA.http.get(seatPath(id)).set(waiting.auth)).body.status),
      );
      return statuses.every((status) => status === 'confirmed');
    });
    const left = await dataSourceOf(nodeA).query(
      `SELECT COUNT(*)::int AS "count" FROM session_seats WHERE "userId" IN ($1, $2)`,
      [x.id, y.id],
    );
    expect(left).toEqual([{ count: 0 }]);
  });

  // Grouped transactions insert several (authorId, clientId) keys each; crossed resends must not deadlock.
  it('should not deadlock when one author resends crossed clientIds to two sessions on two nodes', async () => {
    const event = await makeEvent(nodeA);
    const [first, second] = [await makeSession(nodeA, event.id), await makeSession(nodeA, event.id)];
    const author = await registerUser(nodeA);
    await makeRegistration(nodeA, event.id, author.id);
    const [onA, onB] = [await connectLive(nodeA, author.token), await connectLive(nodeB, author.token)];
    sockets.push(onA, onB);
    await ok(onA, 'session:join', { sessionId: first.id });
    await ok(onB, 'session:join', { sessionId: second.id });
    const deadlocks = async () =>
      Number(
        (
          await dataSourceOf(nodeA).query(
            `SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()`,
          )
        )[0].deadlocks,
      );
    const before = await deadlocks();
    for (let round = 0; round < 5; round++) {
      const [c1, c2] = [randomUUID(), randomUUID()];
      const send = (socket: LiveClient, sessionId: string, clientId: string) =>
        ok<{ message: ChatMessage }>(socket, 'chat:send', { sessionId, text: clientId, clientId });
      const acks = await Promise.all([
        send(onA, first.id, c1),
        send(onA, first.id, c2),
        send(onB, second.id, c2),
        send(onB, second.id, c1),
      ]);
      // One message per clientId, whichever session won it; every resend answers that message.
      const byClientId = new Map<string, string>();
      for (const { message } of acks) {
        const clientId = message.text;
        expect(byClientId.get(clientId) ?? message.id).toBe(message.id);
        byClientId.set(clientId, message.id);
      }
      expect(byClientId.size).toBe(2);
    }
    // pg_stat counters are flushed with a delay: a deadlock shows up within a second.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await deadlocks()) - before).toBe(0);
  });
});
