import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DataSource,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  UpdateEvent,
} from 'typeorm';

import { logger } from '../common/logging/json-logger';
import { Event } from '../events/event.entity';
import { RegistrationsService } from './registrations.service';

/**
 * Events are edited by the events feature (`PATCH /events/:slug`). When an update touches an event, its
 * waitlist is re-checked once that transaction has committed, so a raised capacity promotes waiting
 * attendees without the events feature having to know about registrations.
 */
@Injectable()
export class EventCapacitySubscriber implements EntitySubscriberInterface<Event> {
  private readonly pending = new WeakMap<QueryRunner, Set<string>>();

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly registrations: RegistrationsService,
  ) {
    dataSource.subscribers.push(this);
  }

  listenTo(): typeof Event {
    return Event;
  }

  afterUpdate(update: UpdateEvent<Event>): void {
    const id =
      (update.databaseEntity as Event | undefined)?.id ?? (update.entity as Partial<Event> | undefined)?.id;
    const touched = update.updatedColumns.some(
      (column) => column.propertyName === 'registrationCapacity' || column.propertyName === 'status',
    );
    if (!id || (!touched && update.updatedColumns.length > 0)) {
      return;
    }
    let ids = this.pending.get(update.queryRunner);
    if (!ids) {
      ids = new Set();
      this.pending.set(update.queryRunner, ids);
    }
    ids.add(id);
    if (!update.queryRunner.isTransactionActive) {
      this.flush(update.queryRunner);
    }
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    if (!event.queryRunner.isTransactionActive) {
      this.flush(event.queryRunner);
    }
  }

  private flush(queryRunner: QueryRunner): void {
    const ids = this.pending.get(queryRunner);
    if (!ids || ids.size === 0) {
      return;
    }
    this.pending.delete(queryRunner);
    // After the current call stack: the committing transaction must be fully finished first.
    setImmediate(() => {
      for (const id of ids) {
        this.registrations.promoteWaitlisted(id).catch((error: unknown) => {
          logger.error('waitlist promotion failed', {
            eventId: id,
            error: error instanceof Error ? error.message : String(error),
          });
        });
      }
    });
  }
}
