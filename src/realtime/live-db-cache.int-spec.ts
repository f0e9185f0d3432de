import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import BetterSqlite3, { Database } from 'better-sqlite3';
import { DataSource } from 'typeorm';

import { makeEvent, makeSession } from '../../test/factories/event.factory';
import { createTestApp, TestApp } from '../../test/utils/create-test-app';
import { allCached, get, getCached, LiveDb, run } from './live-db';
import { cachedRead } from './live-rows';
import { appendChange } from '../live-access/live-changes.queries';

/**
 * `getCached` answers from memory until its answer may be stale. To tell a kept answer from a fresh one, the
 * tests change the row behind LiveDb's back on its own connection (which no watcher sees): a kept answer
 * still shows the old title, a fresh read shows the new one.
 */
describe('LiveDb cached reads (SQLite)', () => {
  let folder: string;
  let t: TestApp;
  let db: LiveDb;
  let connection: Database;
  let sessionId: string;

  const TITLE_SQL = `SELECT "title" FROM agenda_sessions WHERE "id" = ?`;
  const TITLE = cachedRead(['agenda_sessions'], TITLE_SQL);
  const readTitle = () => db.read(() => getCached<{ title: string }>(TITLE, sessionId)).then((r) => r?.title);
  const sneak = (title: string) =>
    connection.prepare(`UPDATE agenda_sessions SET "title" = ? WHERE "id" = ?`).run(title, sessionId);

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'plenary-cache-'));
    t = await createTestApp({ DATABASE_URL: `sqlite:${join(folder, 'cache.sqlite')}` });
    db = t.app.get(LiveDb);
    connection = (t.app.get(DataSource).driver as unknown as { databaseConnection: Database })
      .databaseConnection;
  });
  afterAll(async () => {
    await t.close();
    rmSync(folder, { recursive: true, force: true });
  });

  beforeEach(async () => {
    const event = await makeEvent(t);
    sessionId = (await makeSession(t, event.id)).id;
    sneak('original');
    // Primes the cache with the current title.
    const primed = await readTitle();
    if (primed !== 'original') {
      throw new Error(`cache primed with ${primed}`);
    }
    sneak('changed unseen');
  });

  it('should answer a kept row while nothing it depends on was written', async () => {
    expect(await readTitle()).toBe('original');
    // Writes to tables the read does not depend on keep it.
    await db.write(() =>
      run(`UPDATE session_live_state SET "lastSeq" = "lastSeq" WHERE "sessionId" = ?`, sessionId),
    );
    expect(await readTitle()).toBe('original');
    // A plain read of the same statement is never cached.
    const plain = await db.read(() => get<{ title: string }>(TITLE_SQL, sessionId));
    expect(plain?.title).toBe('changed unseen');
  });

  it('should drop only the answers that depend on the table written', async () => {
    const SEQS = cachedRead(
      ['live_changes'],
      `SELECT "seq" FROM live_changes WHERE "sessionId" = ? ORDER BY "seq"`,
    );
    const seqs = () => db.read(() => allCached<{ seq: number }>(SEQS, sessionId));
    const append = () =>
      db.write(() =>
        appendChange(sessionId, 'message-posted', { messageId: randomUUID() }, new Date().toISOString()),
      );
    expect(await seqs()).toEqual([]);
    await append();
    expect(await seqs()).toEqual([{ seq: 1 }]);
    // The title read does not depend on live_changes: still the kept answer.
    expect(await readTitle()).toBe('original');
    await append();
    expect(await seqs()).toEqual([{ seq: 1 }, { seq: 2 }]);
  });

  it('should read again after a LiveDb write to a table it depends on', async () => {
    await db.write(() => run(`UPDATE agenda_sessions SET "language" = "language" WHERE "id" = ?`, sessionId));
    expect(await readTitle()).toBe('changed unseen');
  });

  it('should read again after a TypeORM write to a table it depends on', async () => {
    await t.app.get(DataSource).query(`UPDATE agenda_sessions SET "language" = "language"`);
    expect(await readTitle()).toBe('changed unseen');
  });

  it('should keep the answer through a TypeORM write to another table', async () => {
    await t.app.get(DataSource).query(`UPDATE events SET "id" = "id"`);
    await t.app.get(DataSource).transaction(async (manager) => {
      await manager.query(`UPDATE events SET "id" = "id"`);
    });
    expect(await readTitle()).toBe('original');
  });

  it('should read again after a TypeORM statement whose tables cannot be told', async () => {
    // A DELETE may cascade into any table that references the one it names.
    await t.app.get(DataSource).query(`DELETE FROM events WHERE "id" = ?`, [randomUUID()]);
    expect(await readTitle()).toBe('changed unseen');
  });

  it('should count TypeORM writes in the epoch, and LiveDb writes not', async () => {
    const before = db.epoch();
    await db.write(() =>
      run(`UPDATE session_live_state SET "lastSeq" = "lastSeq" WHERE "sessionId" = ?`, sessionId),
    );
    expect(db.epoch()).toBe(before);
    await t.app.get(DataSource).query(`UPDATE events SET "id" = "id"`);
    expect(db.epoch()).not.toBe(before);
  });

  it('should read again after another connection committed', async () => {
    const other = new BetterSqlite3(join(folder, 'cache.sqlite'));
    try {
      other.prepare(`UPDATE events SET "id" = "id"`).run();
    } finally {
      other.close();
    }
    expect(await readTitle()).toBe('changed unseen');
  });

  it('should read again after a batch that failed after writing was rolled back', async () => {
    const failing = db.write(function* () {
      yield* run(`UPDATE session_live_state SET "lastSeq" = "lastSeq" WHERE "sessionId" = ?`, sessionId);
      yield* run('INSERT INTO no_such_table VALUES (1)');
    });
    await expect(failing).rejects.toHaveProperty('message', expect.stringContaining('no such table'));
    expect(await readTitle()).toBe('changed unseen');
  });

  it('should not keep a row read inside a TypeORM transaction that rolled back to a savepoint', async () => {
    const source = t.app.get(DataSource);
    await source.transaction(async (manager) => {
      await manager.query(`SAVEPOINT inner_write`);
      await manager.query(`UPDATE agenda_sessions SET "title" = 'uncommitted' WHERE "id" = ?`, [sessionId]);
      expect(await readTitle()).toBe('uncommitted');
      await manager.query(`ROLLBACK TO SAVEPOINT inner_write`);
      await manager.query(`RELEASE SAVEPOINT inner_write`);
    });
    expect(await readTitle()).toBe('changed unseen');
  });

  it('should not keep a row read inside a TypeORM transaction that rolled back', async () => {
    await expect(
      t.app.get(DataSource).transaction(async (manager) => {
        await manager.query(`UPDATE agenda_sessions SET "title" = 'uncommitted' WHERE "id" = ?`, [sessionId]);
        expect(await readTitle()).toBe('uncommitted');
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await readTitle()).toBe('changed unseen');
  });
});
