import { randomUUID } from 'node:crypto';

import { dataSourceOf, grantStaff, makeEvent, makeSession } from '../factories/event.factory';
import { registerUser, TestUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { createScratchDatabase } from '../utils/postgres';

const T0 = Date.parse('2030-11-20T01:00:00.000Z');
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

/**
 * The analytics SQL on PostgreSQL, with two nodes on one database: each node keeps the figures it read, so
 * a visit or a message written after one node answered must show on both.
 */
describe('Analytics on PostgreSQL, two nodes (e2e)', () => {
  let nodeA: TestApp;
  let nodeB: TestApp;
  let drop: () => Promise<void>;
  let organizer: TestUser;
  let slug: string;
  let sessionId: string;
  let eventId: string;

  const visit = (userId: string, node: string, from: number, to: number) =>
    dataSourceOf(nodeA).query(
      `INSERT INTO attendance_visits ("id", "sessionId", "userId", "node", "startedAt", "lastSeenAt", "endedAt")
       VALUES ($1, $2, $3, $4, $5, $6, $6)`,
      [randomUUID(), sessionId, userId, node, at(from), at(to)],
    );
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
    const [u1, u2, u3] = [randomUUID(), randomUUID(), randomUUID()];
    // u1 moved from node X to node Y (overlapping rows: one visit of 20 minutes); u2 stayed 10 minutes.
    await visit(u1, 'node-x', 0, 10);
    await visit(u1, 'node-y', 9, 20);
    await visit(u2, 'node-y', 5, 15);
    for (const seq of [1, 2, 3]) {
      await message(seq);
    }
    const first = { uniqueViewers: 2, visits: 2, peakConcurrent: 2, averageMinutes: 15, messages: 3 };
    await expect(figures(nodeA)).resolves.toMatchObject(first);
    await expect(figures(nodeA)).resolves.toMatchObject(first);

    await visit(u3, 'node-x', 30, 36);
    await message(4);
    await message(5);
    const later = { uniqueViewers: 3, visits: 3, peakConcurrent: 2, averageMinutes: 12, messages: 5 };
    await expect(figures(nodeB)).resolves.toMatchObject(later);
    await expect(figures(nodeA)).resolves.toMatchObject(later);
  });
});
