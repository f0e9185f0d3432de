import { DataSource, MigrationExecutor } from 'typeorm';

/** The schema of a PostgreSQL database is behind the code: the operator has to run the migrations. */
export class PendingMigrationsError extends Error {
  constructor(readonly pending: string[]) {
    super(
      `The PostgreSQL database has ${pending.length} pending migration(s) (${pending.join(', ')}). ` +
        'Plenary does not migrate PostgreSQL by itself: run `npm run migration:run` with the same DATABASE_URL ' +
        '(once, from one node), then start the nodes again.',
    );
    this.name = 'PendingMigrationsError';
  }
}

/**
 * Refuses to serve a PostgreSQL database whose migrations are not all applied (several nodes must never race
 * to migrate one database, so operators run them; see docs/database.md). Read-only: it creates nothing.
 * SQLite migrates itself at start and passes.
 */
export async function assertSchemaCurrent(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type !== 'postgres') {
    return;
  }
  const pending = await new MigrationExecutor(dataSource).getPendingMigrations();
  if (pending.length > 0) {
    throw new PendingMigrationsError(pending.map((migration) => migration.name));
  }
}
