import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';

import { AuditService } from '../audit/audit.service';
import { User } from '../auth/user.entity';
import { DomainEvents } from '../common/domain-events/domain-events';
import { DomainError, FieldErrors, validationFailed } from '../common/errors/domain-error';
import { newId } from '../common/ids';
import { nowIso } from '../common/time/zoned-time';
import { lockRow } from '../database/row-lock';
import { Event, RegistrationField } from '../events/event.entity';
import { AnswerValue, Answers, answerMatches, validateAnswers } from './registration-answers';
import {
  mailForNewRegistration,
  queueRegistrationMails,
  RegistrationMail,
  RegistrationMailKind,
} from './registration-mails';
import { RegistrationPolicy } from './registration-policy.entity';
import { RegistrationTransactions } from './registration-transactions';
import { Registration, RegistrationStatus } from './registration.entity';
import { SessionSeatsService } from './session-seats.service';
import { Waitlist, freeSeats, hasFreeSeat, waitlistPositions } from './waitlist';

export const REGISTRATION_STATUSES: readonly RegistrationStatus[] = [
  'pending',
  'confirmed',
  'waitlisted',
  'rejected',
  'cancelled',
];

export interface RegistrationView {
  registration: Registration;
  /** 1-based place in the waitlist, only while waitlisted. */
  position: number | null;
}

export type StatusCounts = Record<RegistrationStatus, number>;

export interface RegistrationListFilter {
  status?: RegistrationStatus;
  /** Question key → wanted answer. */
  answers: Record<string, string>;
  afterQueueNumber?: number;
  limit?: number;
}

export interface RegistrationListRow extends RegistrationView {
  user: { id: string; name: string; email: string };
}

export interface RegistrationSettings {
  capacity: number | null;
  requiresApproval: boolean;
  open: boolean;
  fields: RegistrationField[];
  /** Free seats right now (null: unlimited); waitlisted attendees take freed seats first. */
  seatsLeft: number | null;
  counts: StatusCounts;
}

interface StatusChange {
  eventId: string;
  userId: string;
  status: RegistrationStatus;
}

const waitlist = new Waitlist(Registration, 'eventId');

/** What a transaction changed, announced once it has committed. */
class Changes {
  readonly items: StatusChange[] = [];
  /** Queued in the same transaction (see `inTransaction`). */
  readonly mails: RegistrationMail[] = [];
  add(registration: Registration, mail: RegistrationMailKind | null = null): void {
    this.items.push({
      eventId: registration.eventId,
      userId: registration.userId,
      status: registration.status,
    });
    if (mail) {
      this.mails.push({ kind: mail, registration: { ...registration } });
    }
  }
}

/**
 * Event registration. Seats: `confirmed` registrations hold one; `pending` ones (awaiting approval) hold none,
 * and approval confirms when a seat is free, else joins the waitlist. A freed seat (cancellation, rejection,
 * a raised capacity) goes to the waitlisted registration with the lowest `queueNumber`, which is handed out
 * on entering the queue. Counting and inserting happen in one transaction that is serialised per event (the
 * event row is locked on PostgreSQL), so concurrent sign-ups never exceed the capacity.
 */
@Injectable()
export class RegistrationsService {
  constructor(
    @InjectRepository(Registration) private readonly registrations: Repository<Registration>,
    @InjectRepository(RegistrationPolicy) private readonly policies: Repository<RegistrationPolicy>,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly transactions: RegistrationTransactions,
    private readonly seats: SessionSeatsService,
    private readonly domainEvents: DomainEvents,
    private readonly audit: AuditService,
  ) {}

  /** Registers the user, or returns their current registration (`created: false`) if they have one. */
  async register(
    event: Event,
    userId: string,
    rawAnswers: unknown,
  ): Promise<{ view: RegistrationView; created: boolean }> {
    const existing = await this.registrations.findOneBy({ eventId: event.id, userId });
    if (existing && existing.status !== 'cancelled') {
      return { view: await this.viewOf(existing), created: false };
    }
    // Validated before anything is written: a registration that fails validation leaves nothing behind.
    const { answers, errors } = validateAnswers(event.registrationFields, rawAnswers);
    if (Object.keys(errors).length > 0) {
      throw validationFailed(errors, 'Some answers are not valid');
    }
    const changes = new Changes();
    const result = await this.inTransaction(changes, async (manager) => {
      const locked = await this.lockEvent(manager, event.id);
      const current = await manager.getRepository(Registration).findOneBy({ eventId: event.id, userId });
      if (current && current.status !== 'cancelled') {
        return { registration: current, created: false };
      }
      if (!(await this.isOpen(manager, event.id))) {
        throw new DomainError('REGISTRATION_CLOSED', 'Registration for this event is closed');
      }
      const seatFree = await this.promoteWithin(manager, locked, changes);
      const now = nowIso();
      const registration: Registration = {
        id: current?.id ?? newId(),
        eventId: event.id,
        userId,
        status: 'pending',
        answers,
        queueNumber: await waitlist.nextQueueNumber(manager, event.id),
        createdAt: current?.createdAt ?? now,
        updatedAt: now,
      };
      if (!locked.registrationRequiresApproval) {
        registration.status = seatFree ? 'confirmed' : 'waitlisted';
      }
      await manager.getRepository(Registration).save(registration, { reload: false });
      changes.add(registration, mailForNewRegistration(registration));
      return { registration, created: true };
    });
    this.announce(changes);
    return { view: await this.viewOf(result.registration), created: result.created };
  }

  async findMine(event: Event, userId: string): Promise<RegistrationView> {
    await this.promoteIfSeatsFree(event);
    const registration = await this.registrations.findOneBy({ eventId: event.id, userId });
    if (!registration) {
      throw new DomainError('REGISTRATION_NOT_FOUND', 'You are not registered for this event');
    }
    return this.viewOf(registration);
  }

  /** Cancels the user's registration (idempotent); their seat, and their session seats, go to the waitlists. */
  async cancelMine(event: Event, userId: string): Promise<RegistrationView> {
    const changes = new Changes();
    const registration = await this.inTransaction(changes, async (manager) => {
      const locked = await this.lockEvent(manager, event.id);
      const current = await manager.getRepository(Registration).findOneBy({ eventId: event.id, userId });
      if (!current) {
        throw new DomainError('REGISTRATION_NOT_FOUND', 'You are not registered for this event');
      }
      if (current.status === 'cancelled') {
        return current;
      }
      await this.leave(manager, locked, current, 'cancelled', changes);
      return current;
    });
    this.announce(changes);
    return this.viewOf(registration);
  }

  /** Organizers: a pending (or rejected) registration is confirmed if a seat is free, else waitlisted. */
  async approve(event: Event, registrationId: string, actorId: string): Promise<RegistrationView> {
    const changes = new Changes();
    const registration = await this.inTransaction(changes, async (manager) => {
      const locked = await this.lockEvent(manager, event.id);
      const current = await this.findInEvent(manager, event.id, registrationId);
      if (current.status === 'confirmed' || current.status === 'waitlisted') {
        return current;
      }
      if (current.status === 'cancelled') {
        throw new DomainError('INVALID_STATE', 'The attendee cancelled this registration', {
          status: current.status,
        });
      }
      const seatFree = await this.promoteWithin(manager, locked, changes);
      const from = current.status;
      current.status = seatFree ? 'confirmed' : 'waitlisted';
      current.queueNumber = await waitlist.nextQueueNumber(manager, event.id);
      current.updatedAt = nowIso();
      await manager.getRepository(Registration).save(current, { reload: false });
      changes.add(current, 'registration-approved');
      await this.audit.record(
        {
          eventId: event.id,
          actorId,
          action: 'registration.approved',
          targetType: 'registration',
          targetId: current.id,
          details: { from, to: current.status, userId: current.userId },
        },
        manager,
      );
      return current;
    });
    this.announce(changes);
    return this.viewOf(registration);
  }

  /** Organizers: rejects a pending, waitlisted or confirmed registration; a freed seat is passed on. */
  async reject(event: Event, registrationId: string, actorId: string): Promise<RegistrationView> {
    const changes = new Changes();
    const registration = await this.inTransaction(changes, async (manager) => {
      const locked = await this.lockEvent(manager, event.id);
      const current = await this.findInEvent(manager, event.id, registrationId);
      if (current.status === 'rejected') {
        return current;
      }
      if (current.status === 'cancelled') {
        throw new DomainError('INVALID_STATE', 'The attendee cancelled this registration', {
          status: current.status,
        });
      }
      const from = current.status;
      await this.leave(manager, locked, current, 'rejected', changes);
      await this.audit.record(
        {
          eventId: event.id,
          actorId,
          action: 'registration.rejected',
          targetType: 'registration',
          targetId: current.id,
          details: { from, userId: current.userId },
        },
        manager,
      );
      return current;
    });
    this.announce(changes);
    return this.viewOf(registration);
  }

  /**
   * Fills free seats from the waitlist, first come first served. Safe to call any time (after capacity was
   * raised elsewhere, say); does nothing when no seat is free.
   */
  async promoteWaitlisted(eventId: string): Promise<void> {
    const changes = new Changes();
    await this.inTransaction(changes, async (manager) => {
      const locked = await lockRow(manager, Event, eventId);
      if (locked) {
        await this.promoteWithin(manager, locked, changes);
      }
    });
    this.announce(changes);
  }

  /** Promotes only when a cheap look says someone is waiting for a free seat. */
  async promoteIfSeatsFree(event: Event): Promise<void> {
    const manager = this.registrations.manager;
    if ((await waitlist.count(manager, event.id, 'waitlisted')) === 0) {
      return;
    }
    const capacity = event.registrationCapacity;
    if (capacity !== null && !hasFreeSeat(capacity, await waitlist.count(manager, event.id, 'confirmed'))) {
      return;
    }
    await this.promoteWaitlisted(event.id);
  }

  async settingsOf(event: Event): Promise<RegistrationSettings> {
    const policy = await this.policies.findOneBy({ eventId: event.id });
    const counts = await this.countsOf(event.id);
    const capacity = event.registrationCapacity;
    return {
      capacity,
      requiresApproval: event.registrationRequiresApproval,
      open: policy?.isOpen ?? true,
      fields: event.registrationFields,
      // The waitlisted take freed seats first: what is left for newcomers is what nobody holds or awaits.
      seatsLeft: freeSeats(capacity, counts.confirmed + counts.waitlisted),
      counts,
    };
  }

  /** Organizers: capacity (null = unlimited), approval and whether new registrations are taken. */
  async updateSettings(
    event: Event,
    input: { capacity?: number | null; requiresApproval?: boolean; open?: boolean },
    actorId: string,
  ): Promise<RegistrationSettings> {
    const changes = new Changes();
    await this.inTransaction(changes, async (manager) => {
      const locked = await this.lockEvent(manager, event.id);
      const patch: Partial<Event> = {};
      if (input.capacity !== undefined) {
        patch.registrationCapacity = input.capacity;
      }
      if (input.requiresApproval !== undefined) {
        patch.registrationRequiresApproval = input.requiresApproval;
      }
      if (Object.keys(patch).length > 0) {
        patch.updatedAt = nowIso();
        await manager.getRepository(Event).update({ id: event.id }, patch);
        Object.assign(locked, patch);
      }
      if (input.open !== undefined) {
        await manager
          .getRepository(RegistrationPolicy)
          .save({ eventId: event.id, isOpen: input.open, updatedAt: nowIso() }, { reload: false });
      }
      await this.audit.record(
        {
          eventId: event.id,
          actorId,
          action: 'registration.settings-changed',
          targetType: 'event',
          targetId: event.id,
          details: { ...input },
        },
        manager,
      );
      // Lowering the capacity never removes anyone; it only stops further confirmations.
      await this.promoteWithin(manager, locked, changes);
      Object.assign(event, locked);
    });
    this.announce(changes);
    return this.settingsOf(event);
  }

  async countsOf(eventId: string): Promise<StatusCounts> {
    const rows = await this.registrations
      .createQueryBuilder('r')
      .select('r.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .where('r.eventId = :eventId', { eventId })
      .groupBy('r.status')
      .getRawMany<{ status: RegistrationStatus; count: string | number }>();
    const counts = noCounts();
    for (const row of rows) {
      counts[row.status] = Number(row.count);
    }
    return counts;
  }

  /**
   * Organizers' list, in queue order, filtered by status and answers. Answers live in a JSON column, so the
   * answer filters run here; an event's registrations fit in memory comfortably. `counts` cover the whole
   * event, whatever the filter (counted from the rows loaded anyway, as `countsOf` would).
   */
  async list(
    event: Event,
    filter: RegistrationListFilter,
  ): Promise<{ rows: RegistrationListRow[]; nextAfter: number | null; counts: StatusCounts }> {
    await this.promoteIfSeatsFree(event);
    const all = await this.registrations.find({
      where: { eventId: event.id },
      order: { queueNumber: 'ASC' },
    });
    const counts = noCounts();
    for (const registration of all) {
      counts[registration.status] += 1;
    }
    const positions = waitlistPositions(all);
    const fields = new Map(event.registrationFields.map((field) => [field.key, field]));
    let matching = all.filter(
      (registration) =>
        (!filter.status || registration.status === filter.status) &&
        Object.entries(filter.answers).every(([key, wanted]) =>
          answerMatches(fields.get(key)!, answerOf(registration.answers, key), wanted),
        ),
    );
    if (filter.afterQueueNumber !== undefined) {
      const after = filter.afterQueueNumber;
      matching = matching.filter((registration) => registration.queueNumber > after);
    }
    let nextAfter: number | null = null;
    if (filter.limit !== undefined && matching.length > filter.limit) {
      matching = matching.slice(0, filter.limit);
      nextAfter = matching[matching.length - 1].queueNumber;
    }
    const users = await this.usersById(matching.map((registration) => registration.userId));
    const rows = matching.map((registration) => {
      const user = users.get(registration.userId);
      return {
        registration,
        position: positions.get(registration.id) ?? null,
        user: { id: registration.userId, name: user?.name ?? '', email: user?.email ?? '' },
      };
    });
    return { rows, nextAfter, counts };
  }

  /** Checks answer filters (`answers.<key>`) against the event's questions. */
  checkAnswerFilters(event: Event, filters: Record<string, string>): void {
    const keys = new Set(event.registrationFields.map((field) => field.key));
    const errors: FieldErrors = {};
    for (const key of Object.keys(filters)) {
      if (!keys.has(key)) {
        errors[`answers.${key}`] = ['is not a question of this event'];
      }
    }
    if (Object.keys(errors).length > 0) {
      throw validationFailed(errors);
    }
  }

  // -------------------------------------------------------------------------------------------------------

  /** Moves a registration out of the seat count (cancelled or rejected) and passes its seats on. */
  private async leave(
    manager: EntityManager,
    event: Event,
    registration: Registration,
    status: 'cancelled' | 'rejected',
    changes: Changes,
  ): Promise<void> {
    const heldSeat = registration.status === 'confirmed';
    registration.status = status;
    registration.updatedAt = nowIso();
    await manager.getRepository(Registration).save(registration, { reload: false });
    changes.add(registration, status === 'rejected' ? 'registration-rejected' : null);
    // Session seats belong to attendees of the event: whoever leaves it frees theirs too.
    await this.seats.releaseAllInEvent(manager, event.id, registration.userId);
    if (heldSeat) {
      await this.promoteWithin(manager, event, changes);
    }
  }

  /**
   * Answers whether a seat is still free afterwards. The promoted are announced like any other status change
   * (realtime re-checks their live access).
   */
  private async promoteWithin(manager: EntityManager, event: Event, changes: Changes): Promise<boolean> {
    const { promoted, seatFree } = await waitlist.promote(manager, event.id, event.registrationCapacity);
    for (const registration of promoted) {
      changes.add(registration, 'registration-promoted');
    }
    return seatFree;
  }

  private async lockEvent(manager: EntityManager, eventId: string): Promise<Event> {
    const event = await lockRow(manager, Event, eventId);
    if (!event) {
      throw new DomainError('EVENT_NOT_FOUND', 'The event was not found');
    }
    return event;
  }

  private async isOpen(manager: EntityManager, eventId: string): Promise<boolean> {
    const policy = await manager.getRepository(RegistrationPolicy).findOneBy({ eventId });
    return policy?.isOpen ?? true;
  }

  private async findInEvent(manager: EntityManager, eventId: string, id: string): Promise<Registration> {
    const registration = await manager.getRepository(Registration).findOneBy({ id, eventId });
    if (!registration) {
      throw new DomainError('REGISTRATION_NOT_FOUND', 'No such registration for this event');
    }
    return registration;
  }

  private async viewOf(registration: Registration): Promise<RegistrationView> {
    return { registration, position: await waitlist.position(this.registrations.manager, registration) };
  }

  private async usersById(ids: string[]): Promise<Map<string, User>> {
    const map = new Map<string, User>();
    for (let i = 0; i < ids.length; i += 500) {
      const users = await this.users.findBy({ id: In(ids.slice(i, i + 500)) });
      for (const user of users) {
        map.set(user.id, user);
      }
    }
    return map;
  }

  /** A registration transaction that also queues its mails before it commits. */
  private inTransaction<T>(changes: Changes, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.transactions.run(async (manager) => {
      const result = await work(manager);
      await queueRegistrationMails(manager, changes.mails);
      return result;
    });
  }

  private announce(changes: Changes): void {
    for (const change of changes.items) {
      this.domainEvents.emit('registration.changed', change);
    }
  }
}

function noCounts(): StatusCounts {
  return { pending: 0, confirmed: 0, waitlisted: 0, rejected: 0, cancelled: 0 };
}

function answerOf(answers: Answers, key: string): AnswerValue | undefined {
  return Object.prototype.hasOwnProperty.call(answers, key) ? answers[key] : undefined;
}
