import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, ObjectLiteral, EntityTarget } from 'typeorm';

/**
 * Transactions for seat counting. On PostgreSQL each one runs on its own connection and the caller locks the
 * row that guards the count (`lockRow`). better-sqlite3 has a single connection that TypeORM shares between
 * concurrent transactions (a second BEGIN would become a SAVEPOINT inside the first), so here they are queued
 * and run one after another: count-then-insert can never interleave.
 */
@Injectable()
export class RegistrationTransactions {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly dataSource: DataSource) {}

  get locksRows(): boolean {
    return this.dataSource.options.type === 'postgres';
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.locksRows) {
      return this.dataSource.transaction(work);
    }
    const result = this.tail.then(() => this.dataSource.transaction(work));
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** SELECT … FOR UPDATE on PostgreSQL; SQLite is already serialised by `run`. */
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
