import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Reads a row by id inside the caller's transaction and, on PostgreSQL, locks it (SELECT … FOR UPDATE) so
 * concurrent transactions that lock the same row — on this node or another — queue behind this one. The
 * row guards a check-then-write (seat counts, schedule conflicts, the last organizer). SQLite needs no lock:
 * its write transactions never overlap (src/database/sqlite-transactions.ts).
 */
export function lockRow<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  id: string,
): Promise<E | null> {
  const query = manager.getRepository(entity).createQueryBuilder('row').where('row.id = :id', { id });
  if (manager.connection.options.type === 'postgres') {
    query.setLock('pessimistic_write');
  }
  return query.getOne();
}
