import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

import type { DataSourceOptions } from 'typeorm';

import type { DatabaseConfig } from '../config/app-config';
import { installSqliteTransactionSerialisation } from './sqlite-transactions';

/** Every entity and migration lives beside its feature; the globs work for ts (tests, CLI) and js (dist). */
const root = join(__dirname, '..');
export const ENTITY_GLOBS = [join(root, '**', '*.entity.{ts,js}')];
export const MIGRATION_GLOBS = [join(__dirname, 'migrations', '*.{ts,js}')];

/**
 * One description of the database for the app (TypeOrmModule), the operators' CLI (ormconfig.ts) and the
 * tests. Schema changes only through migrations: synchronize is off everywhere.
 */
export function dataSourceOptions(database: DatabaseConfig): DataSourceOptions {
  const common = {
    entities: ENTITY_GLOBS,
    migrations: MIGRATION_GLOBS,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each' as const,
    logging: ['error' as const],
  };
  if (database.type === 'postgres') {
    return { ...common, type: 'postgres', url: database.url, extra: { max: 20 } };
  }
  installSqliteTransactionSerialisation();
  if (database.path !== ':memory:') {
    mkdirSync(dirname(database.path), { recursive: true });
  }
  return {
    ...common,
    type: 'better-sqlite3',
    database: database.path,
    // WAL lets readers proceed during writes; the busy timeout covers the CLI and the app touching one file.
    prepareDatabase: (db: { pragma(source: string): unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 5000');
      // FULL: each commit reaches the disk (fsync of the WAL) before it returns, so an acknowledged write
      // survives a power cut, not only a crash of the process. Live writes are group-committed, so that is one
      // fsync per batch, not per message (docs/performance.md, "Durability").
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
    },
  };
}
