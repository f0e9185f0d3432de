import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Transactions for seat counting. The caller locks the row that guards the count (`lockRow` of
 * src/database/row-lock.ts: the event for registrations, the session for seats), so concurrent
 * count-then-insert sequences queue behind it on PostgreSQL; SQLite serialises its transactions anyway.
 */
@Injectable()
export class RegistrationTransactions {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
