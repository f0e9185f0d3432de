import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, Not } from 'typeorm';

import { AuditService } from '../audit/audit.service';
import { AuthService } from '../auth/auth.service';
import { AuthenticationService } from '../auth/authentication.service';
import { verifyPassword } from '../auth/password-hasher';
import { User } from '../auth/user.entity';
import { DomainError } from '../common/errors/domain-error';
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
 * transaction keeps its chat messages and questions under "Former participant" and deletes the account,
 * which takes staff roles, bookmarks, the calendar feed, notices, votes, settings and queued mails with it
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
      for (const table of ['chat_messages', 'questions']) {
        await manager
          .createQueryBuilder()
          .update(table)
          .set({ authorId: null, authorName: FORMER_PARTICIPANT })
          .where('"authorId" = :userId', { userId })
          .execute();
      }
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
