import type { PoolClient } from 'pg';

/**
 * Takes `keys` as PostgreSQL transaction-scoped advisory locks (held until COMMIT or ROLLBACK), all in one
 * statement and in one (sorted) order for every transaction, so two transactions never wait on each other's
 * locks in opposite order.
 */
export async function takeAdvisoryLocks(client: PoolClient, keys: readonly string[]): Promise<void> {
  if (keys.length > 0) {
    // unnest yields the array in order, so the locks are taken in that order.
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest($1::text[]) AS k`, [
      [...new Set(keys)].sort(),
    ]);
  }
}
