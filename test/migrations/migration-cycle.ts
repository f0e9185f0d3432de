import { DataSource } from 'typeorm';

import { DatabaseConfig } from '../../src/config/app-config';
import { dataSourceOptions } from '../../src/database/data-source-options';

const IGNORED_TABLES = new Set(['migrations', 'typeorm_metadata', 'sqlite_sequence']);

async function userTables(dataSource: DataSource): Promise<string[]> {
  const rows: { name: string }[] =
    dataSource.options.type === 'postgres'
      ? await dataSource.query(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`)
      : await dataSource.query(
          `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`,
        );
  return rows
    .map((row) => row.name)
    .filter((name) => !IGNORED_TABLES.has(name))
    .sort();
}

/**
 * Runs every migration up, then every one down, then up again, and reports the tables seen at each step:
 * a down() that forgets a table, or an up() that cannot run twice, shows here.
 */
export async function runMigrationCycle(database: DatabaseConfig): Promise<{
  migrationCount: number;
  afterUp: string[];
  afterDown: string[];
  afterSecondUp: string[];
  entitiesQueryable: boolean;
}> {
  const dataSource = new DataSource(dataSourceOptions(database));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    const afterUp = await userTables(dataSource);
    for (let i = 0; i < applied.length; i += 1) {
      await dataSource.undoLastMigration({ transaction: 'each' });
    }
    const afterDown = await userTables(dataSource);
    await dataSource.runMigrations({ transaction: 'each' });
    const afterSecondUp = await userTables(dataSource);
    // Every entity must be readable through its metadata: catches a column an entity has and no migration made.
    for (const metadata of dataSource.entityMetadatas) {
      await dataSource.getRepository(metadata.target).find({ take: 1 });
    }
    return { migrationCount: applied.length, afterUp, afterDown, afterSecondUp, entitiesQueryable: true };
  } finally {
    await dataSource.destroy();
  }
}
