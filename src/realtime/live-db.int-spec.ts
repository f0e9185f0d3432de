import { DataSource } from 'typeorm';

import { makeEvent, makeSession } from '../../test/factories/event.factory';
import { createTestApp, TestApp } from '../../test/utils/create-test-app';
import { appendChange } from '../live-access/live-changes.queries';
import { all, get, LiveDb, run } from './live-db';

describe('LiveDb (SQLite group commit)', () => {
  let t: TestApp;
  let db: LiveDb;
  let sqlite: { inTransaction: boolean };

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(LiveDb);
    const dataSource = t.app.get(DataSource);
    sqlite = (dataSource.driver as unknown as { databaseConnection: { inTransaction: boolean } })
      .databaseConnection;
  });
  afterAll(async () => {
    await t.close();
  });

  it('should allocate gap-free ordered seqs to concurrent writers and settle each only after its commit', async () => {
    const event = await makeEvent(t);
    const sessions = [await makeSession(t, event.id), await makeSession(t, event.id)];
    const settledInTransaction: boolean[] = [];
    const writes = Array.from({ length: 600 }, (_, index) => {
      const sessionId = sessions[index % 2].id;
      return db
        .write(() =>
          appendChange(sessionId, 'message-posted', { messageId: `m${index}` }, new Date().toISOString()),
        )
        .then((seq) => {
          settledInTransaction.push(sqlite.inTransaction);
          return { sessionId, seq, index };
        });
    });
    const results = await Promise.all(writes);
    expect(settledInTransaction.every((inside) => !inside)).toBe(true);
    for (const session of sessions) {
      const mine = results.filter((result) => result.sessionId === session.id);
      expect(mine.map((result) => result.seq).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 300 }, (_, i) => i + 1),
      );
      // Seq follows submission order within a session.
      expect(mine.map((result) => result.seq)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
      const log = await db.read(() =>
        all<{ seq: number }>(
          `SELECT "seq" FROM live_changes WHERE "sessionId" = ? ORDER BY "seq"`,
          session.id,
        ),
      );
      expect(log.map((row) => row.seq)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    }
  });

  it('should roll back a failing write alone, without a gap in seq', async () => {
    const event = await makeEvent(t);
    const session = await makeSession(t, event.id);
    const now = new Date().toISOString();
    const first = db.write(() => appendChange(session.id, 'message-posted', { messageId: 'a' }, now));
    const failing = db.write(function* () {
      yield* appendChange(session.id, 'message-posted', { messageId: 'b' }, now);
      yield* run('INSERT INTO no_such_table VALUES (1)');
    });
    const third = db.write(() => appendChange(session.id, 'message-posted', { messageId: 'c' }, now));
    await expect(first).resolves.toBe(1);
    // Not toThrow(): better-sqlite3's native addon keeps the error class of the first test file that loaded it,
    // so in a shared Jest process its errors come from another realm and fail an instanceof Error check.
    await expect(failing).rejects.toHaveProperty('message', expect.stringContaining('no such table'));
    await expect(third).resolves.toBe(2);
    const state = await db.read(() =>
      get<{ lastSeq: number }>(`SELECT "lastSeq" FROM session_live_state WHERE "sessionId" = ?`, session.id),
    );
    expect(state?.lastSeq).toBe(2);
  });

  it('should keep a batch whose refused operations wrote nothing, and roll back alone one that failed after writing', async () => {
    const event = await makeEvent(t);
    const session = await makeSession(t, event.id);
    const now = new Date().toISOString();
    const post = (messageId: string) =>
      db.write(() => appendChange(session.id, 'message-posted', { messageId }, now));
    // All five are queued in one turn of the event loop: one batch.
    const first = post('a');
    const refused = db.write(function* () {
      yield* get('SELECT "lastSeq" FROM session_live_state WHERE "sessionId" = ?', session.id);
      throw new Error('refused before writing');
    });
    const second = post('b');
    const failedAfterWriting = db.write(function* () {
      yield* appendChange(session.id, 'message-posted', { messageId: 'lost' }, now);
      throw new Error('failed after writing');
    });
    const third = post('c');
    await expect(refused).rejects.toThrow('refused before writing');
    await expect(failedAfterWriting).rejects.toThrow('failed after writing');
    await expect(Promise.all([first, second, third])).resolves.toEqual([1, 2, 3]);
    const log = await db.read(() =>
      all<{ seq: number; messageId: string }>(
        `SELECT "seq", "messageId" FROM live_changes WHERE "sessionId" = ? ORDER BY "seq"`,
        session.id,
      ),
    );
    expect(log).toEqual([
      { seq: 1, messageId: 'a' },
      { seq: 2, messageId: 'b' },
      { seq: 3, messageId: 'c' },
    ]);
  });

  it('should wait for an open TypeORM transaction instead of joining it', async () => {
    const event = await makeEvent(t);
    const session = await makeSession(t, event.id);
    const dataSource = t.app.get(DataSource);
    let write: Promise<number> | undefined;
    await expect(
      dataSource.transaction(async (manager) => {
        await manager.query('SELECT 1');
        write = db.write(() =>
          appendChange(session.id, 'message-posted', { messageId: 'x' }, new Date().toISOString()),
        );
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error('roll back the outer transaction');
      }),
    ).rejects.toThrow('roll back');
    await expect(write).resolves.toBe(1);
    const log = await db.read(() =>
      all<{ seq: number }>(`SELECT "seq" FROM live_changes WHERE "sessionId" = ?`, session.id),
    );
    expect(log).toHaveLength(1);
  });
});
