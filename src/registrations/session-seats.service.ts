import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';

import { AgendaSession } from '../agenda/agenda-session.entity';
import { DomainError } from '../common/errors/domain-error';
import { newId } from '../common/ids';
import { nowIso } from '../common/time/zoned-time';
import { lockRow } from '../database/row-lock';
import { StaffRole } from '../events/event-staff.entity';
import { Event } from '../events/event.entity';
import { RegistrationTransactions } from './registration-transactions';
import { Registration } from './registration.entity';
import { SeatStatus, SessionSeat } from './session-seat.entity';

export interface SeatView {
  sessionId: string;
  status: SeatStatus | 'none';
  /** 1-based place in the session's waitlist, only while waitlisted. */
  position: number | null;
  capacity: number | null;
  taken: number;
  waiting: number;
}

/**
 * Seats in sessions that have a `capacity` (workshops, closed-door meetings), each with its own waitlist
 * served first come, first served. Only confirmed attendees (and the event's staff) reserve seats.
 */
@Injectable()
export class SessionSeatsService {
  constructor(
    @InjectRepository(SessionSeat) private readonly seats: Repository<SessionSeat>,
    @InjectRepository(AgendaSession) private readonly sessions: Repository<AgendaSession>,
    @InjectRepository(Registration) private readonly registrations: Repository<Registration>,
    private readonly transactions: RegistrationTransactions,
  ) {}

  async findSession(event: Event, sessionId: string): Promise<AgendaSession> {
    const session = await this.sessions.findOneBy({ id: sessionId, eventId: event.id });
    if (!session) {
      throw new DomainError('SESSION_NOT_FOUND', 'No such session in this event');
    }
    return session;
  }

  async reserve(
    event: Event,
    role: StaffRole | null,
    sessionId: string,
    userId: string,
  ): Promise<{ view: SeatView; created: boolean }> {
    const session = await this.findSession(event, sessionId);
    assertNeedsSeat(session);
    if (!role) {
      const registered = await this.registrations.countBy({ eventId: event.id, userId, status: 'confirmed' });
      if (registered === 0) {
        throw new DomainError('FORBIDDEN', 'Only confirmed attendees of the event can reserve a seat');
      }
      // A seat is a place in the live room; someone banned from it would only keep it from the waitlist.
      if (await this.isBanned(event.id, userId)) {
        throw new DomainError('BANNED', 'You were banned from this event by a moderator');
      }
    }
    const created = await this.transactions.run(async (manager) => {
      const locked = await this.lockSession(manager, session.id);
      assertNeedsSeat(locked);
      const repository = manager.getRepository(SessionSeat);
      if (await repository.findOneBy({ sessionId, userId })) {
        return false;
      }
      await this.promoteWithin(manager, locked);
      const taken = await repository.countBy({ sessionId, status: 'confirmed' });
      const now = nowIso();
      await repository.insert({
        id: newId(),
        eventId: event.id,
        sessionId,
        userId,
        status: taken < (locked.capacity ?? 0) ? 'confirmed' : 'waitlisted',
        queueNumber: await this.nextQueueNumber(manager, sessionId),
        createdAt: now,
        updatedAt: now,
      });
      return true;
    });
    return { view: await this.viewOf(session, userId), created };
  }

  /** Gives the seat (or waitlist place) up; idempotent. The first waitlisted takes a freed seat. */
  async release(event: Event, sessionId: string, userId: string): Promise<void> {
    const session = await this.findSession(event, sessionId);
    if (session.capacity === null) {
      const held = await this.seats.countBy({ sessionId, userId });
      if (held === 0) {
        throw noReservationNeeded();
      }
    }
    await this.transactions.run(async (manager) => {
      const locked = await this.lockSession(manager, sessionId);
      await manager.getRepository(SessionSeat).delete({ sessionId, userId });
      if (locked) {
        await this.promoteWithin(manager, locked);
      }
    });
  }

  async statusOf(event: Event, sessionId: string, userId: string): Promise<SeatView> {
    const session = await this.findSession(event, sessionId);
    await this.promoteIfSeatsFree(session);
    return this.viewOf(session, userId);
  }

  /** Inside the caller's transaction: the user left the event, so their seats in its sessions are freed. */
  async releaseAllInEvent(manager: EntityManager, eventId: string, userId: string): Promise<void> {
    const repository = manager.getRepository(SessionSeat);
    const held = await repository.findBy({ eventId, userId });
    if (held.length === 0) {
      return;
    }
    await repository.delete({ id: In(held.map((seat) => seat.id)) });
    for (const seat of held) {
      const session = await this.lockSession(manager, seat.sessionId);
      if (session) {
        await this.promoteWithin(manager, session);
      }
    }
  }

  /** Bans live in the moderation feature's `event_bans` table (written through LiveDb, no entity). */
  private async isBanned(eventId: string, userId: string): Promise<boolean> {
    const row: unknown = await this.seats.manager
      .createQueryBuilder()
      .select('1', 'banned')
      .from('event_bans', 'b')
      .where('b."eventId" = :eventId AND b."userId" = :userId', { eventId, userId })
      .getRawOne();
    return row !== undefined && row !== null;
  }

  /** Fills free seats of a session from its waitlist (after its capacity was raised, say). */
  async promoteSession(sessionId: string): Promise<void> {
    await this.transactions.run(async (manager) => {
      const session = await this.lockSession(manager, sessionId);
      if (session) {
        await this.promoteWithin(manager, session);
      }
    });
  }

  /** Everyone holding or awaiting a seat in the session. */
  async holdersOf(sessionId: string): Promise<string[]> {
    const seats = await this.seats.findBy({ sessionId });
    return seats.map((seat) => seat.userId);
  }

  /** Seats the user holds (confirmed) or awaits, by session id. */
  async seatsOf(userId: string): Promise<SessionSeat[]> {
    return this.seats.findBy({ userId });
  }

  private async promoteIfSeatsFree(session: AgendaSession): Promise<void> {
    const waiting = await this.seats.countBy({ sessionId: session.id, status: 'waitlisted' });
    if (waiting === 0) {
      return;
    }
    const taken = await this.seats.countBy({ sessionId: session.id, status: 'confirmed' });
    if (session.capacity !== null && taken >= session.capacity) {
      return;
    }
    await this.promoteSession(session.id);
  }

  private async promoteWithin(manager: EntityManager, session: AgendaSession): Promise<void> {
    if (session.status === 'cancelled') {
      return;
    }
    const repository = manager.getRepository(SessionSeat);
    let take: number | undefined;
    if (session.capacity !== null) {
      const taken = await repository.countBy({ sessionId: session.id, status: 'confirmed' });
      take = Math.max(0, session.capacity - taken);
      if (take === 0) {
        return;
      }
    }
    const next = await repository.find({
      where: { sessionId: session.id, status: 'waitlisted' },
      order: { queueNumber: 'ASC' },
      ...(take !== undefined ? { take } : {}),
    });
    if (next.length > 0) {
      await repository.update(
        { id: In(next.map((seat) => seat.id)) },
        { status: 'confirmed', updatedAt: nowIso() },
      );
    }
  }

  private async viewOf(session: AgendaSession, userId: string): Promise<SeatView> {
    const seat = await this.seats.findOneBy({ sessionId: session.id, userId });
    const taken = await this.seats.countBy({ sessionId: session.id, status: 'confirmed' });
    const waiting = await this.seats.countBy({ sessionId: session.id, status: 'waitlisted' });
    let position: number | null = null;
    if (seat?.status === 'waitlisted') {
      const ahead = await this.seats
        .createQueryBuilder('s')
        .where('s.sessionId = :sessionId', { sessionId: session.id })
        .andWhere('s.status = :status', { status: 'waitlisted' })
        .andWhere('s.queueNumber < :queueNumber', { queueNumber: seat.queueNumber })
        .getCount();
      position = ahead + 1;
    }
    return {
      sessionId: session.id,
      status: seat?.status ?? 'none',
      position,
      capacity: session.capacity,
      taken,
      waiting,
    };
  }

  private async nextQueueNumber(manager: EntityManager, sessionId: string): Promise<number> {
    const row = await manager
      .getRepository(SessionSeat)
      .createQueryBuilder('s')
      .select('MAX(s.queueNumber)', 'max')
      .where('s.sessionId = :sessionId', { sessionId })
      .getRawOne<{ max: number | string | null }>();
    return Number(row?.max ?? 0) + 1;
  }

  private lockSession(manager: EntityManager, sessionId: string): Promise<AgendaSession | null> {
    return lockRow(manager, AgendaSession, sessionId);
  }
}

const noReservationNeeded = (): DomainError =>
  new DomainError('INVALID_STATE', 'This session has no seat limit: no reservation needed');

function assertNeedsSeat(session: AgendaSession | null): asserts session is AgendaSession {
  if (!session) {
    throw new DomainError('SESSION_NOT_FOUND', 'No such session in this event');
  }
  if (session.capacity === null) {
    throw noReservationNeeded();
  }
  if (session.status === 'cancelled') {
    throw new DomainError('INVALID_STATE', 'This session was cancelled');
  }
}
