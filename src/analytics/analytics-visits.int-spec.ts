import { randomUUID } from 'node:crypto';

import { DataSource, EntityManager } from 'typeorm';

import { dataSourceOptions } from '../database/data-source-options';
import { visitSpansBySession } from './analytics.queries';
import { HEARTBEAT_INTERVAL_MS } from './attendance-recorder';

const T0 = Date.parse('2030-11-20T01:00:00.000Z');
const NOW = T0 + 60 * 60_000;
const iso = (ms: number): string => new Date(ms).toISOString();

describe('visitSpansBySession on SQLite', () => {
  let ds: DataSource;
  const [s1, s2] = [randomUUID(), randomUUID()];

  const insertVisit = (
    target: DataSource | EntityManager,
    sessionId: string,
    userId: string,
    startedAt: number,
    lastSeenAt: number,
    endedAt: number | null,
  ) =>
    target.query(
      `INSERT INTO attendance_visits ("id", "sessionId", "userId", "node", "startedAt", "lastSeenAt", "endedAt")
       VALUES (?, ?, ?, 'node', ?, ?, ?)`,
      [
        randomUUID(),
        sessionId,
        userId,
        iso(startedAt),
        iso(lastSeenAt),
        endedAt === null ? null : iso(endedAt),
      ],
    );

  beforeEach(async () => {
    ds = new DataSource(dataSourceOptions({ type: 'sqlite', path: ':memory:', url: 'sqlite::memory:' }));
    await ds.initialize();
    await ds.runMigrations();
    // Milliseconds that are not round in binary, an open visit whose node beats, one whose node stopped.
    await insertVisit(ds, s1, 'b', T0 + 1_001, T0 + 600_007, T0 + 600_007);
    await insertVisit(ds, s1, 'a', T0 + 999, T0 + 120_003, null);
    await insertVisit(ds, s1, 'a', T0 + 300_123, NOW - HEARTBEAT_INTERVAL_MS, null);
    await insertVisit(ds, s2, 'c', T0, T0 + 59_999, T0 + 60_000);
  });
  afterEach(async () => {
    await ds.destroy();
  });

  const expected = new Map([
    [
      s1,
      [
        { userId: 'a', start: T0 + 999, end: T0 + 120_003 },
        { userId: 'a', start: T0 + 300_123, end: NOW },
        { userId: 'b', start: T0 + 1_001, end: T0 + 600_007 },
      ],
    ],
    [s2, [{ userId: 'c', start: T0, end: T0 + 60_000 }]],
  ]);

  it('should read the same spans, exact to the millisecond, on the connection as through TypeORM', async () => {
    // Outside a transaction the visits are read straight on the connection; inside one through TypeORM.
    await expect(visitSpansBySession(ds, [s1, s2], NOW)).resolves.toEqual(expected);
    const inside = await ds.transaction(() => visitSpansBySession(ds, [s1, s2], NOW));
    expect(inside).toEqual(expected);
  });

  it('should not see the visits of a batch that is still open and then rolls back', async () => {
    let release!: () => void;
    const written = new Promise<void>((resolve) => (release = resolve));
    const batch = ds.transaction(async (manager) => {
      await insertVisit(manager, s2, 'd', T0, T0 + 60_000, T0 + 60_000);
      release();
      await new Promise((resolve) => setTimeout(resolve, 5));
      throw new Error('batch failed');
    });
    await written;
    const read = visitSpansBySession(ds, [s2], NOW);
    await expect(batch).rejects.toThrow('batch failed');
    await expect(read).resolves.toEqual(new Map([[s2, expected.get(s2)]]));
  });
});
