import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Database, Statement } from 'better-sqlite3';

import { AttendanceClock } from '../../src/analytics/attendance-clock';
import { AttendanceRecorder } from '../../src/analytics/attendance-recorder';
import { dataSourceOf, grantStaff, makeEvent, makeSession } from '../factories/event.factory';
import { registerUser, TestUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';

const T0 = Date.parse('2030-11-20T01:00:00.000Z');
const at = (minutes: number): number => T0 + minutes * 60_000;

/**
 * Records the SQL statements the app reads with from now on: every read, through TypeORM or straight on
 * the connection (the visits on SQLite), ends in a better-sqlite3 statement's all().
 */
function watchStatements(app: TestApp): () => Array<{ sql: string; params: unknown[] }> {
  const db = (dataSourceOf(app).driver as unknown as { databaseConnection: Database }).databaseConnection;
  const prototype = Object.getPrototypeOf(db.prepare('SELECT 1')) as Statement;
  const spy = jest.spyOn(prototype, 'all');
  return () =>
    spy.mock.calls.map((params, index) => ({
      sql: (spy.mock.contexts[index] as Statement).source,
      params,
    }));
}
const readsVisits = (sql: string): boolean =>
  sql.includes('attendance_visits') && sql.includes('"startedAt"');

/**
 * A restart (a deploy, a crash) on the same SQLite file: the new process starts from the figures the
 * earlier one stored in `session_figures`, without reading a visit or counting the messages already
 * counted, and still computes again what changed after the restart.
 */
describe('Analytics: figures stored across a restart (e2e)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plenary-analytics-restart-'));
  const databaseUrl = `sqlite:${join(dir, 'plenary.sqlite')}`;
  let t: TestApp | null = null;
  let organizer: TestUser;
  let slug: string;
  let eventId: string;
  let sessionId: string;
  let seq = 0;
  let viewers: TestUser[];

  const start = async (): Promise<TestApp> => {
    t = await createTestApp({ DATABASE_URL: databaseUrl });
    return t;
  };
  /** `userId` is in the session from minute `from` to `to`, as the recorder writes it. */
  const visit = async (app: TestApp, userId: string, from: number, to: number) => {
    const clock = app.app.get(AttendanceClock);
    const recorder = app.app.get(AttendanceRecorder);
    clock.now = () => at(from);
    recorder.entered(sessionId, userId);
    clock.now = () => at(to);
    recorder.left(sessionId, userId);
    await recorder.flush();
  };
  const message = async (app: TestApp) => {
    seq += 1;
    await dataSourceOf(app).query(
      `INSERT INTO chat_messages ("id", "sessionId", "eventId", "authorName", "clientId", "seq", "text", "createdAt")
       VALUES (?, ?, ?, 'Guest', ?, ?, 'Hello', ?)`,
      [randomUUID(), sessionId, eventId, randomUUID(), seq, new Date(at(seq)).toISOString()],
    );
  };
  const figures = async (app: TestApp) => {
    const response = await app.http.get(`/api/events/${slug}/analytics`).set(organizer.auth);
    expect(response.status).toBe(200);
    return response.body.sessions[0] as Record<string, unknown>;
  };
  const stored = async (app: TestApp) =>
    dataSourceOf(app).query(
      `SELECT "attendanceVersion", "messagesSeq", "messages" FROM session_figures WHERE "sessionId" = ?`,
      [sessionId],
    );

  beforeAll(async () => {
    const app = await start();
    organizer = await registerUser(app);
    const event = await makeEvent(app);
    await grantStaff(app, event.id, organizer.id, 'organizer');
    ({ slug, id: eventId } = event);
    sessionId = (await makeSession(app, event.id)).id;
    // Registered accounts: the recorder drops visits of accounts that do not exist (erased ones).
    viewers = [await registerUser(app), await registerUser(app), await registerUser(app)];
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should answer the same figures after a restart from session_figures, reading no visit', async () => {
    const first = t!;
    const [u1, u2] = [viewers[0].id, viewers[1].id];
    await visit(first, u1, 0, 20);
    await visit(first, u1, 21, 30); // a reconnect within the grace: the same visit
    await visit(first, u2, 5, 15);
    for (let i = 0; i < 3; i += 1) {
      await message(first);
    }
    const expected = {
      uniqueViewers: 2,
      visits: 2,
      peakConcurrent: 2,
      averageMinutes: 20,
      messages: 3,
    };
    await expect(figures(first)).resolves.toMatchObject(expected);
    const concurrency = (
      await first.http.get(`/api/events/${slug}/sessions/${sessionId}/analytics`).set(organizer.auth)
    ).body.concurrency as unknown[];
    expect(concurrency).toHaveLength(30);
    await expect(stored(first)).resolves.toEqual([
      { attendanceVersion: expect.any(Number), messagesSeq: 3, messages: 3 },
    ]);
    await first.close();

    const second = await start();
    const statements = watchStatements(second);
    await expect(figures(second)).resolves.toMatchObject(expected);
    const detail = await second.http
      .get(`/api/events/${slug}/sessions/${sessionId}/analytics`)
      .set(organizer.auth);
    expect(detail.body.concurrency).toEqual(concurrency);
    expect(statements().filter(({ sql }) => readsVisits(sql))).toEqual([]);
    // Only messages after the stored seq are counted.
    const counts = statements().filter(({ sql }) => /FROM chat_messages .*"seq" >/s.test(sql));
    expect(counts.length).toBeGreaterThan(0);
    // The driver writes numbers into the SQL text on SQLite.
    counts.forEach(({ sql, params }) => {
      expect(sql).toContain('"seq" > 3 ');
      expect(params).toEqual([sessionId]);
    });
  });

  it('should compute again after a restart when visits and messages changed, and store the new figures', async () => {
    const second = t!;
    const before = (await stored(second))[0] as { attendanceVersion: number };
    await visit(second, viewers[2].id, 40, 50);
    await message(second);
    await second.close();

    const third = await start();
    const statements = watchStatements(third);
    // 30 + 10 + 10 minutes over 3 viewers.
    await expect(figures(third)).resolves.toMatchObject({
      uniqueViewers: 3,
      visits: 3,
      averageMinutes: 16.7,
      messages: 4,
    });
    expect(statements().filter(({ sql }) => readsVisits(sql))).toHaveLength(1);
    const after = (await stored(third))[0] as { attendanceVersion: number; messages: number };
    expect(after.attendanceVersion).toBeGreaterThan(before.attendanceVersion);
    expect(after).toMatchObject({ messagesSeq: 4, messages: 4 });
  });
});
