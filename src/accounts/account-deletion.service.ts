import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Not } from 'typeorm';

import { AuditService } from '../audit/audit.service';
import { AuthService } from '../auth/auth.service';
import { AuthenticationService } from '../auth/authentication.service';
import { verifyPassword } from '../auth/password-hasher';
import { User } from '../auth/user.entity';
import { DomainError } from '../common/errors/domain-error';
import { lockRow } from '../database/row-lock';
import { newId } from '../common/ids';
import { logger } from '../common/logging/json-logger';
import { EventStaff } from '../events/event-staff.entity';
import { Event } from '../events/event.entity';
import { Registration } from '../registrations/registration.entity';
import { RegistrationsService } from '../registrations/registrations.service';
import { SessionSeatsService } from '../registrations/session-seats.service';
import { wrongPassword } from './profile.service';

/** What chat messages and questions of an erased account show as their author. */
export const FORMER_PARTICIPANT = 'Former participant';

/**
 * `DELETE /me`: erases the account. Its registrations are cancelled and its session seats given up first,
 * through the same code as a user's own cancellation (waitlists move up, mails go out); then one
 * transaction keeps its chat messages and questions under "Former participant", keeps what others' records
 * count on without the person (see `keepAnonymously`) and deletes the account, which takes staff roles,
 * bookmarks, the calendar feed, notices, question votes, certificates, settings and queued mails with it
 * (foreign keys). The audit log records the deletion with no personal data.
 */
@Injectable()
export class AccountDeletionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly auth: AuthService,
    private readonly authentication: AuthenticationService,
    private readonly registrations: RegistrationsService,
    private readonly seats: SessionSeatsService,
    private readonly audit: AuditService,
  ) {}

  async deleteAccount(userId: string, password: string): Promise<void> {
    const user = await this.auth.findUser(userId);
    if (!(await verifyPassword(password, user.passwordHash))) {
      throw wrongPassword();
    }
    await this.refuseLastOrganizer(userId);

    const active = await this.dataSource.getRepository(Registration).findBy({
      userId,
      status: Not(In(['cancelled', 'rejected'])),
    });
    for (const registration of active) {
      const event = await this.dataSource.getRepository(Event).findOneBy({ id: registration.eventId });
      if (event) {
        await this.registrations.cancelMine(event, userId);
      }
    }
    // Seats held outside a registration (staff reserve seats too).
    for (const seat of await this.seats.seatsOf(userId)) {
      const event = await this.dataSource.getRepository(Event).findOneBy({ id: seat.eventId });
      if (event) {
        await this.seats.release(event, seat.sessionId, userId).catch((error: unknown) => {
          logger.debug('seat not released', { error: (error as Error).message });
        });
      }
    }

    await this.dataSource.transaction(async (manager) => {
      // First: a poll vote in flight holds the account row, so it commits before its anonymisation below.
      await lockRow(manager, User, userId);
      for (const table of ['chat_messages', 'questions']) {
        await manager
          .createQueryBuilder()
          .update(table)
          .set({ authorId: null, authorName: FORMER_PARTICIPANT })
          .where('"authorId" = :userId', { userId })
          .execute();
      }
      await keepAnonymously(manager, userId);
      await manager.delete(User, { id: userId });
      await this.audit.record(
        { eventId: null, actorId: null, action: 'account.deleted', targetType: 'account', targetId: userId },
        manager,
      );
    });
    await this.authentication.revoked(userId, null);
  }

  private async refuseLastOrganizer(userId: string): Promise<void> {
    const staff = this.dataSource.getRepository(EventStaff);
    const organized = await staff.findBy({ userId, role: 'organizer' });
    const alone: string[] = [];
    for (const { eventId } of organized) {
      if ((await staff.countBy({ eventId, role: 'organizer' })) === 1) {
        const event = await this.dataSource.getRepository(Event).findOneBy({ id: eventId });
        alone.push(event?.slug ?? eventId);
      }
    }
    if (alone.length > 0) {
      throw new DomainError(
        'LAST_ORGANIZER',
        'You are the last organizer of an event: make someone else organizer first',
        { events: alone },
      );
    }
  }
}

/** Acts of the account as staff, kept without who did them (the columns have no foreign key). */
const STAFF_ACTS: readonly { table: string; column: string }[] = [
  { table: 'polls', column: 'createdById' },
  { table: 'certificates', column: 'revokedById' },
  { table: 'chat_messages', column: 'deletedById' },
  { table: 'live_mutes', column: 'createdById' },
  { table: 'event_bans', column: 'createdById' },
];

/**
 * What stays true for others after the account is gone, without the person:
 * - poll votes go to a random voter id each (a new one per vote, so they cannot be linked), so past
 *   tallies keep their counts; their client ids go;
 * - attendance visits go to one random id for the whole account, so each session's attendee count and
 *   minutes stay right; nothing links that id to anyone;
 * - endorsements of a declaration stay (an organisation's act, and the declaration's public list counts
 *   them), but the representative's name becomes "Former participant" and the position is emptied; the
 *   account link goes by the foreign key;
 * - staff acts (`STAFF_ACTS`) lose their author.
 */
async function keepAnonymously(manager: EntityManager, userId: string): Promise<void> {
  const votes = await manager
    .createQueryBuilder()
    .select('v."pollId"', 'pollId')
    .from('poll_votes', 'v')
    .where('v."userId" = :userId', { userId })
    .getRawMany<{ pollId: string }>();
  for (const { pollId } of votes) {
    await manager
      .createQueryBuilder()
      .update('poll_votes')
      .set({ userId: newId(), clientIds: '' })
      .where('"pollId" = :pollId AND "userId" = :userId', { pollId, userId })
      .execute();
  }
  await manager
    .createQueryBuilder()
    .update('attendance_visits')
    .set({ userId: newId() })
    .where('"userId" = :userId', { userId })
    .execute();
  await manager
    .createQueryBuilder()
    .update('declaration_endorsements')
    .set({ representativeName: FORMER_PARTICIPANT, representativePosition: '' })
    .where('"endorserId" = :userId', { userId })
    .execute();
  for (const { table, column } of STAFF_ACTS) {
    await manager
      .createQueryBuilder()
      .update(table)
      .set({ [column]: null })
      .where(`"${column}" = :userId`, { userId })
      .execute();
  }
}
