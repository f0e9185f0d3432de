import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Transactions for seat counting. On PostgreSQL each one runs on its own connection, so the caller locks the
 * row that guards the count (`lockRow`: the event for registrations, the session for seats) and concurrent
 * count-then-insert sequences queue behind it. On SQLite transactions are already serialised process-wide
 * (src/database/sqlite-transactions.ts), which gives the same guarantee.
 */
@Injectable()
export class RegistrationTransactions {
  constructor(private readonly dataSource: DataSource) {}

  get locksRows(): boolean {
    return this.dataSource.options.type === 'postgres';
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** SELECT … FOR UPDATE on PostgreSQL; a plain read on SQLite, whose transactions never overlap. */
  async lockRow<E extends ObjectLiteral>(
    manager: EntityManager,
    entity: EntityTarget<E>,
    id: string,
  ): Promise<E | null> {
    const query = manager.getRepository(entity).createQueryBuilder('row').where('row.id = :id', { id });
    if (this.locksRows) {
      query.setLock('pessimistic_write');
    }
    return query.getOne();
  }
}
