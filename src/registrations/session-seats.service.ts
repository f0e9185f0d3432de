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
import { Waitlist, hasFreeSeat } from './waitlist';

const waitlist = new Waitlist(SessionSeat, 'sessionId');

export interface SeatView {
  sessionId: string;
  status: SeatStatus | 'none';
  /** 1-based place in the session's waitlist, only while waitlisted. */
  position: number | null;
  capacity: number | null;
  taken: number;
  waiting: number;
}

type SeatCounts = Pick<SeatView, 'taken' | 'waiting'>;

/**
 * Seats in sessions that have a `capacity` (workshops, closed-door meetings), each with its own waitlist
 * served first come, first served. Only confirmed attendees (and the event's staff) reserve seats.
 */
@Injectable()
export class SessionSeatsService {
  constructor(
    @InjectRepository(SessionSeat) private readonly seats: Repository<SessionSeat>,
    @InjectRepository(AgendaSession) private readonly sessions: Repository<AgendaSession>,
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
    const created = await this.transactions.run(async (manager) => {
      const locked = await this.lockSession(manager, session.id);
      assertNeedsSeat(locked);
      // Checked under the session's lock, which a ban or a cancellation takes before freeing seats.
      if (!role) {
        const registered = await manager
          .getRepository(Registration)
          .countBy({ eventId: event.id, userId, status: 'confirmed' });
        if (registered === 0) {
          throw new DomainError('FORBIDDEN', 'Only confirmed attendees of the event can reserve a seat');
        }
        // A seat is a place in the live room; someone banned from it would only keep it from the waitlist.
        if (await this.isBanned(manager, event.id, userId)) {
          throw new DomainError('BANNED', 'You were banned from this event by a moderator');
        }
      }
      const repository = manager.getRepository(SessionSeat);
      if (await repository.findOneBy({ sessionId, userId })) {
        return false;
      }
      const seatFree = await this.promoteWithin(manager, locked);
      const now = nowIso();
      await repository.insert({
        id: newId(),
        eventId: event.id,
        sessionId,
        userId,
        status: seatFree ? 'confirmed' : 'waitlisted',
        queueNumber: await waitlist.nextQueueNumber(manager, sessionId),
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
    // The counts that decide on a promotion are the view's too, unless a promotion changed them.
    let counts = await this.countsOf(session.id);
    if (counts.waiting > 0 && hasFreeSeat(session.capacity, counts.taken)) {
      await this.promoteSession(session.id);
      counts = await this.countsOf(session.id);
    }
    return this.viewOf(session, userId, counts);
  }

  /** Inside the caller's transaction: the user left the event, so their seats in its sessions are freed. */
  async releaseAllInEvent(manager: EntityManager, eventId: string, userId: string): Promise<void> {
    const repository = manager.getRepository(SessionSeat);
    const sessionIds = [
      ...new Set((await repository.findBy({ eventId, userId })).map((seat) => seat.sessionId)),
    ];
    // Sessions are locked before any seat is touched, in one order: two bans at once, each promoting into
    // the other's deleted seat rows, would otherwise wait on each other (a deadlock on PostgreSQL).
    const sessions: AgendaSession[] = [];
    for (const sessionId of sessionIds.sort()) {
      const session = await this.lockSession(manager, sessionId);
      if (session) {
        sessions.push(session);
      }
    }
    const locked = new Set(sessions.map((session) => session.id));
    const held = (await repository.findBy({ eventId, userId })).filter((seat) => locked.has(seat.sessionId));
    if (held.length === 0) {
      return;
    }
    await repository.delete({ id: In(held.map((seat) => seat.id)) });
    for (const session of sessions) {
      await this.promoteWithin(manager, session);
    }
  }

  /** Bans live in the moderation feature's `event_bans` table (written through LiveDb, no entity). */
  private async isBanned(manager: EntityManager, eventId: string, userId: string): Promise<boolean> {
    const row: unknown = await manager
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

  /** Everyone holding or awaiting a seat in the session; with `manager`, read inside that transaction. */
  async holdersOf(sessionId: string, manager = this.seats.manager): Promise<string[]> {
    const seats = await manager.getRepository(SessionSeat).findBy({ sessionId });
    return seats.map((seat) => seat.userId);
  }

  /** Seats the user holds (confirmed) or awaits, by session id. */
  async seatsOf(userId: string): Promise<SessionSeat[]> {
    return this.seats.findBy({ userId });
  }

  /**
   * Answers whether a seat is still free afterwards. Promotion is silent for seats: the promoted see it in
   * their seat and agenda; nothing else depends on it.
   */
  private async promoteWithin(manager: EntityManager, session: AgendaSession): Promise<boolean> {
    // A cancelled session hands out no seats; its list is kept as it was.
    if (session.status === 'cancelled') {
      return false;
    }
    return (await waitlist.promote(manager, session.id, session.capacity)).seatFree;
  }

  private async countsOf(sessionId: string): Promise<SeatCounts> {
    const manager = this.seats.manager;
    return {
      taken: await waitlist.count(manager, sessionId, 'confirmed'),
      waiting: await waitlist.count(manager, sessionId, 'waitlisted'),
    };
  }

  private async viewOf(session: AgendaSession, userId: string, counts?: SeatCounts): Promise<SeatView> {
    const { taken, waiting } = counts ?? (await this.countsOf(session.id));
    const seat = await this.seats.findOneBy({ sessionId: session.id, userId });
    return {
      sessionId: session.id,
      status: seat?.status ?? 'none',
      position: seat ? await waitlist.position(this.seats.manager, seat) : null,
      capacity: session.capacity,
      taken,
      waiting,
    };
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
