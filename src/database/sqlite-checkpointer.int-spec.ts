import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';

import { makeEvent, makeSession } from '../../test/factories/event.factory';
import { createTestApp, TestApp } from '../../test/utils/create-test-app';
import { eventually } from '../../test/utils/eventually';
import { appendChange } from '../live-access/live-changes.queries';
import { LiveDb } from '../realtime/live-db';
import { SqliteCheckpointer } from './sqlite-checkpointer';

/** Rows of live_changes in the database file alone, as if the WAL beside it were lost. */
function rowsInMainFile(dir: string, path: string, sessionId: string): number {
  const copy = join(dir, 'main-only.sqlite');
  copyFileSync(path, copy);
  const db = new Database(copy, { readonly: true });
  try {
    const row = db.prepare(`SELECT COUNT(*) AS n FROM live_changes WHERE "sessionId" = ?`).get(sessionId) as {
      n: number;
    };
    return row.n;
  } finally {
    db.close();
  }
}

describe('SqliteCheckpointer (file database)', () => {
  let dir: string;
  let path: string;
  let t: TestApp;
  let connection: Database.Database;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'plenary-checkpoint-'));
    path = join(dir, 'plenary.sqlite');
    t = await createTestApp({ DATABASE_URL: `sqlite:${path}` });
    connection = (t.app.get(DataSource).driver as unknown as { databaseConnection: Database.Database })
      .databaseConnection;
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should checkpoint the WAL from a worker while the app connection does not', async () => {
    const checkpointer = t.app.get(SqliteCheckpointer);
    expect(checkpointer.stats.active).toBe(true);
    expect(connection.pragma('wal_autocheckpoint', { simple: true })).toBe(0);

    const event = await makeEvent(t);
    const session = await makeSession(t, event.id);
    const db = t.app.get(LiveDb);
    const now = new Date().toISOString();
    await Promise.all(
      Array.from({ length: 500 }, (_, index) =>
        db.write(() => appendChange(session.id, 'message-posted', { messageId: `m${index}` }, now)),
      ),
    );
    const before = checkpointer.stats.pagesCheckpointed;
    // The committed rows reach the database file itself: only a checkpoint puts them there.
    await eventually(
      'the worker copied the WAL into the database file',
      () => checkpointer.stats.pagesCheckpointed > before && rowsInMainFile(dir, path, session.id) === 500,
      100,
      50,
    );
  });

  it('should give checkpoints back to the app connection when the worker dies', async () => {
    const checkpointer = t.app.get(SqliteCheckpointer);
    const worker = (checkpointer as unknown as { worker: { terminate(): Promise<number> } }).worker;
    await worker.terminate();
    await eventually('the app connection checkpoints again', () => !checkpointer.stats.active, 100, 50);
    expect(connection.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });
});
