import { Injectable } from '@nestjs/common';
import {
  DataSource,
  EntitySubscriberInterface,
  InsertEvent,
  QueryRunner,
  RemoveEvent,
  TransactionCommitEvent,
  TransactionRollbackEvent,
  UpdateEvent,
} from 'typeorm';

import { primaryLink } from '../common/cluster/primary-link';
import { Event } from '../events/event.entity';
import { Organization } from '../organizations/organization.entity';
import { Room } from '../programme/room.entity';
import { Speaker } from '../programme/speaker.entity';
import { Track } from '../programme/track.entity';
import { AgendaSession } from './agenda-session.entity';
import { SessionParticipant } from './session-participant.entity';

/** Everything an agenda response is built from: a write to any of them makes cached agendas stale. */
const WATCHED: ReadonlySet<unknown> = new Set<unknown>([
  AgendaSession,
  SessionParticipant,
  Room,
  Track,
  Speaker,
  Organization,
  Event,
]);

const MAX_ENTRIES = 500;
const DIRTY = 'agendaCacheDirty';
/** Workers of one primary (WORKERS > 1) tell each other their agenda writes on this channel. */
const CHANNEL = 'agenda:invalidate';

/**
 * Agenda responses per (event, time zone), for the hot read path. Any write through TypeORM to the tables an
 * agenda is built from (whoever makes it: sessions, rooms, speakers, organisations, events, clone) drops every
 * entry, once when the write runs and again when its transaction commits. A read stores its result only if
 * no write happened while it was being built, so a read racing a write never caches stale data.
 *
 * Only for the embedded SQLite database: it is served by one machine. With PostgreSQL several nodes may
 * write, and a per-process cache could not see the other nodes' writes, so it is off. Workers sharing one
 * SQLite file (WORKERS > 1) tell each other through the primary after each write commits; a worker drops
 * its entries when told, so an entry built from a snapshot older than the write is dropped too (it was
 * stored before the message arrived).
 */
@Injectable()
export class AgendaCache implements EntitySubscriberInterface {
  private generation = 0;
  private readonly entries = new Map<string, { generation: number; value: unknown }>();
  readonly enabled: boolean;

  constructor(dataSource: DataSource) {
    this.enabled = dataSource.options.type !== 'postgres';
    dataSource.subscribers.push(this);
    if (this.enabled) {
      primaryLink.subscribe(CHANNEL, () => this.invalidate());
    }
  }

  /** Mark before starting to build a value; pass it to set(). */
  currentGeneration(): number {
    return this.generation;
  }

  get<T>(key: string): T | undefined {
    const entry = this.entries.get(key);
    return entry && entry.generation === this.generation ? (entry.value as T) : undefined;
  }

  set(key: string, generation: number, value: unknown): void {
    if (!this.enabled || generation !== this.generation) {
      return;
    }
    if (this.entries.size >= MAX_ENTRIES) {
      this.entries.clear();
    }
    this.entries.set(key, { generation, value });
  }

  invalidate(): void {
    this.generation += 1;
    this.entries.clear();
  }

  afterInsert(event: InsertEvent<unknown>): void {
    this.touched(event.metadata.target, event.queryRunner);
  }

  afterUpdate(event: UpdateEvent<unknown>): void {
    this.touched(event.metadata.target, event.queryRunner);
  }

  afterRemove(event: RemoveEvent<unknown>): void {
    this.touched(event.metadata.target, event.queryRunner);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    this.settle(event.queryRunner);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    this.settle(event.queryRunner);
  }

  private touched(target: unknown, queryRunner: QueryRunner): void {
    if (!WATCHED.has(target)) {
      return;
    }
    this.invalidate();
    if (queryRunner.isTransactionActive) {
      queryRunner.data = { ...(queryRunner.data as object), [DIRTY]: true };
    } else {
      primaryLink.publish(CHANNEL, null);
    }
  }

  private settle(queryRunner: QueryRunner): void {
    const data = queryRunner.data as Record<string, unknown> | undefined;
    if (data?.[DIRTY]) {
      data[DIRTY] = false;
      this.invalidate();
      primaryLink.publish(CHANNEL, null);
    }
  }
}
