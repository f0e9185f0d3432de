import { randomUUID } from 'node:crypto';

import { AttendanceClock } from '../../src/analytics/attendance-clock';
import { AttendanceRecorder } from '../../src/analytics/attendance-recorder';
import { dataSourceOf, grantStaff, makeEvent, makeSession } from '../factories/event.factory';
import { registerUser, TestUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { createScratchDatabase } from '../utils/postgres';

const T0 = Date.parse('2030-11-20T01:00:00.000Z');
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

/**
 * The analytics SQL on PostgreSQL, with two nodes on one database: each node keeps the figures it read, so
 * a visit or a message written after one node answered must show on both, and a node started later
 * begins from what they stored in `session_figures`.
 */
describe('Analytics on PostgreSQL, two nodes (e2e)', () => {
  let nodeA: TestApp;
  let nodeB: TestApp;
  let drop: () => Promise<void>;
  let databaseUrl: string;
  let organizer: TestUser;
  let slug: string;
  let sessionId: string;
  let eventId: string;

  /** `userId` is in the session on `node` from minute `from` to `to`, as that node's recorder writes it. */
  const visit = async (userId: string, node: TestApp, from: number, to: number) => {
    const clock = node.app.get(AttendanceClock);
    const recorder = node.app.get(AttendanceRecorder);
    clock.now = () => T0 + from * 60_000;
    recorder.entered(sessionId, userId);
    clock.now = () => T0 + to * 60_000;
    recorder.left(sessionId, userId);
    await recorder.flush();
  };
  const message = (seq: number) =>
    dataSourceOf(nodeA).query(
      `INSERT INTO chat_messages ("id", "sessionId", "eventId", "authorName", "clientId", "seq", "text", "createdAt")
       VALUES ($1, $2, $3, 'Guest', $4, $5, 'Hello', $6)`,
      [randomUUID(), sessionId, eventId, randomUUID(), seq, at(seq)],
    );
  const figures = async (node: TestApp) => {
    const response = await node.http.get(`/api/events/${slug}/analytics`).set(organizer.auth);
    expect(response.status).toBe(200);
    return response.body.sessions[0] as Record<string, unknown>;
  };

  beforeAll(async () => {
    const scratch = await createScratchDatabase('plenary_analytics');
    drop = scratch.drop;
    databaseUrl = scratch.url;
    nodeA = await createTestApp({ DATABASE_URL: scratch.url, RATE_LIMITS: 'off' });
    await dataSourceOf(nodeA).runMigrations({ transaction: 'each' });
    nodeB = await createTestApp({ DATABASE_URL: scratch.url, RATE_LIMITS: 'off' });
    organizer = await registerUser(nodeA);
    const event = await makeEvent(nodeA);
    await grantStaff(nodeA, event.id, organizer.id, 'organizer');
    ({ slug, id: eventId } = event);
    sessionId = (await makeSession(nodeA, event.id)).id;
  });
  afterAll(async () => {
    await nodeA?.close();
    await nodeB?.close();
    await drop?.();
  });

  it('should merge visits written by two nodes, count messages, and show later writes on both nodes', async () => {
    // Registered accounts: the recorder drops visits of accounts that do not exist (erased ones).
    const [u1, u2, u3] = [
      (await registerUser(nodeA)).id,
      (await registerUser(nodeA)).id,
      (await registerUser(nodeA)).id,
    ];
    // u1 moved from node A to node B (overlapping rows: one visit of 20 minutes); u2 stayed 10 minutes.
    await visit(u1, nodeA, 0, 10);
    await visit(u1, nodeB, 9, 20);
    await visit(u2, nodeB, 5, 15);
    for (const seq of [1, 2, 3]) {
      await message(seq);
    }
    const first = { uniqueViewers: 2, visits: 2, peakConcurrent: 2, averageMinutes: 15, messages: 3 };
    await expect(figures(nodeA)).resolves.toMatchObject(first);
    await expect(figures(nodeA)).resolves.toMatchObject(first);

    await visit(u3, nodeA, 30, 36);
    await message(4);
    await message(5);
    const later = { uniqueViewers: 3, visits: 3, peakConcurrent: 2, averageMinutes: 12, messages: 5 };
    await expect(figures(nodeB)).resolves.toMatchObject(later);
    await expect(figures(nodeA)).resolves.toMatchObject(later);

    // Stored in session_figures (the same upserts as on SQLite); a node started now begins from them.
    const stored = await dataSourceOf(nodeA).query(
      `SELECT "attendanceVersion", "messagesSeq", "messages" FROM session_figures WHERE "sessionId" = $1`,
      [sessionId],
    );
    expect(stored).toEqual([{ attendanceVersion: expect.any(Number), messagesSeq: 5, messages: 5 }]);
    const nodeC = await createTestApp({ DATABASE_URL: databaseUrl, RATE_LIMITS: 'off' });
    try {
      await expect(figures(nodeC)).resolves.toMatchObject(later);
    } finally {
      await nodeC.close();
    }
  });
});
