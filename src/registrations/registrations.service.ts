import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';

import { AuditService } from '../audit/audit.service';
import { DomainEvents } from '../common/domain-events/domain-events';
import { DomainError, validationFailed } from '../common/errors/domain-error';
import { newId } from '../common/ids';
import { nowIso } from '../common/time/zoned-time';
import { lockRow } from '../database/row-lock';
import { Event } from '../events/event.entity';
import { validateAnswers } from './registration-answers';
import {
  mailForNewRegistration,
  queueRegistrationMails,
  RegistrationMail,
  RegistrationMailKind,
} from './registration-mails';
import { RegistrationPolicy } from './registration-policy.entity';
import { RegistrationTransactions } from './registration-transactions';
import { countStatuses, RegistrationSettings, RegistrationView } from './registration-views';
import { Registration, RegistrationStatus } from './registration.entity';
import { SessionSeatsService } from './session-seats.service';
import { Waitlist, freeSeats, hasFreeSeat } from './waitlist';

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
 * event row is locked on PostgreSQL), so concurrent sign-ups never exceed the capacity. The organizers' list
 * is in RegistrationListService.
 */
@Injectable()
export class RegistrationsService {
  constructor(
    @InjectRepository(Registration) private readonly registrations: Repository<Registration>,
    @InjectRepository(RegistrationPolicy) private readonly policies: Repository<RegistrationPolicy>,
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
    const counts = await countStatuses(this.registrations.manager, event.id);
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
