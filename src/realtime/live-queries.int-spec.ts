import type { Database } from 'better-sqlite3';
import { DataSource } from 'typeorm';

import { createTestApp, TestApp } from '../../test/utils/create-test-app';
import {
  filesWithRawSql,
  loadEveryQueriesFile,
  rowProblems,
  SchemaColumn,
} from '../../test/utils/live-schema';

/**
 * The live features' SQL against the migrated SQLite schema: every declared row (column lists and row types)
 * and every cached read's tables. The same row check runs on PostgreSQL in live-queries.pg-spec.ts.
 */
describe('Live queries against the SQLite schema', () => {
  let app: TestApp;
  let sqlite: Database;
  let rows: Awaited<ReturnType<typeof loadEveryQueriesFile>>['rows'];
  let cachedReads: Awaited<ReturnType<typeof loadEveryQueriesFile>>['cachedReads'];

  beforeAll(async () => {
    ({ rows, cachedReads } = await loadEveryQueriesFile());
    app = await createTestApp();
    sqlite = (app.app.get(DataSource).driver as unknown as { databaseConnection: Database })
      .databaseConnection;
  });
  afterAll(() => app.close());

  it('should declare rows of the live tables', () => {
    expect(rows.map((row) => row.table)).toEqual(
      expect.arrayContaining([
        'chat_messages',
        'questions',
        'live_changes',
        'agenda_sessions',
        'audit_entries',
      ]),
    );
  });

  it('should find every declared column in the migrated schema, of its kind and nullability', () => {
    const columnsOf = (table: string) =>
      new Map(
        (
          sqlite.prepare(`SELECT name, type, "notnull", pk FROM pragma_table_info(?)`).all(table) as Array<{
            name: string;
            type: string;
            notnull: number;
            pk: number;
          }>
        ).map((column): [string, SchemaColumn] => [
          column.name,
          // SQLite lets a primary key column without NOT NULL hold null; ours never do (the PostgreSQL twin checks).
          { type: column.type.toLowerCase(), nullable: column.notnull === 0 && column.pk === 0 },
        ]),
      );
    expect(rowProblems(rows, columnsOf)).toEqual([]);
  });

  it("should declare exactly the tables each cached read's SQL reads", () => {
    // SQLite's own plan names every table (or index of a table) the statement opens.
    const tableOfRoot = new Map(
      (
        sqlite.prepare(`SELECT rootpage, tbl_name FROM sqlite_schema WHERE rootpage > 0`).all() as Array<{
          rootpage: number;
          tbl_name: string;
        }>
      ).map((entry) => [entry.rootpage, entry.tbl_name]),
    );
    expect(cachedReads.length).toBeGreaterThanOrEqual(3);
    for (const read of cachedReads) {
      const plan = sqlite.prepare(`EXPLAIN ${read.sql}`).all(
        ...read.sql
          .split('?')
          .slice(1)
          .map(() => null),
      ) as Array<{ opcode: string; p2: number }>;
      const read_ = new Set(
        plan.filter((step) => step.opcode === 'OpenRead').map((step) => tableOfRoot.get(step.p2)),
      );
      expect({ sql: read.sql, tables: [...read_].sort() }).toEqual({
        sql: read.sql,
        tables: [...new Set(read.dependsOn)].sort(),
      });
    }
  });

  it('should keep raw SQL in the *.queries.ts files and src/database/', () => {
    expect(filesWithRawSql()).toEqual([]);
  });
});
