import { DataSource } from 'typeorm';

import { dataSourceOf } from '../factories/event.factory';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { loadEveryQueriesFile, rowProblems, SchemaColumn } from '../utils/live-schema';
import { createScratchDatabase } from '../utils/postgres';

/** The live features' declared rows against the migrated PostgreSQL schema (SQLite: live-queries.int-spec.ts). */
describe('Live queries against the PostgreSQL schema', () => {
  let app: TestApp;
  let drop: () => Promise<void>;
  let rows: Awaited<ReturnType<typeof loadEveryQueriesFile>>['rows'];

  beforeAll(async () => {
    ({ rows } = await loadEveryQueriesFile());
    const scratch = await createScratchDatabase('plenary_live_queries');
    drop = scratch.drop;
    app = await createTestApp({ DATABASE_URL: scratch.url });
    await dataSourceOf(app).runMigrations({ transaction: 'each' });
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it('should find every declared column in the migrated schema, of its kind and nullability', async () => {
    const columns = await app.app
      .get(DataSource)
      .query<
        Array<{ table_name: string; column_name: string; data_type: string; is_nullable: 'YES' | 'NO' }>
      >(
        `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
         WHERE table_schema = current_schema()`,
      );
    const columnsOf = (table: string) =>
      new Map(
        columns
          .filter((column) => column.table_name === table)
          .map((column): [string, SchemaColumn] => [
            column.column_name,
            { type: column.data_type.toLowerCase(), nullable: column.is_nullable === 'YES' },
          ]),
      );
    expect(rows.length).toBeGreaterThanOrEqual(8);
    expect(rowProblems(rows, columnsOf)).toEqual([]);
  });
});
