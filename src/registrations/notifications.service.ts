import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, IsNull, Repository } from 'typeorm';

import { AgendaSession } from '../agenda/agenda-session.entity';
import { AfterCommit, DomainEventMap, DomainEvents } from '../common/domain-events/domain-events';
import { validationFailed } from '../common/errors/domain-error';
import { newId } from '../common/ids';
import { nowIso } from '../common/time/zoned-time';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Event } from '../events/event.entity';
import { ProgrammeChangeFacts } from '../mail/mail-kinds';
import { queueProgrammeChanges } from '../mail/mail-queue';
import { Notification } from './notification.entity';
import { PersonalAgendaService } from './personal-agenda.service';
import { SessionSeatsService } from './session-seats.service';

/** Programme changes an attendee's calendar must hear about. */
const NOTIFIED_KINDS = new Set(['moved', 'room-changed', 'cancelled', 'updated']);

export interface NotificationView {
  notification: Notification;
  eventSlug: string | null;
}

/**
 * Change notices: when a published session moves, changes room, changes or is cancelled, everyone who
 * bookmarked it or holds (or awaits) a seat in it gets one notice, delivered live by the realtime feature
 * through `notification.created`.
 */
@Injectable()
export class NotificationsService implements OnModuleInit {
  constructor(
    @InjectRepository(Notification) private readonly notifications: Repository<Notification>,
    @InjectRepository(Event) private readonly events: Repository<Event>,
    private readonly agenda: PersonalAgendaService,
    private readonly seats: SessionSeatsService,
    private readonly domainEvents: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.domainEvents.onWithin('programme.session-changed', (manager, change) =>
      this.noticeWithin(manager, change),
    );
    this.domainEvents.on('programme.session-changed', async (change) => {
      await this.onSessionChanged(change);
    });
  }

  /** After the change committed: waiting attendees take any seats it opened. */
  async onSessionChanged(change: DomainEventMap['programme.session-changed']): Promise<void> {
    if (change.kind === 'cancelled' || change.kind === 'removed') {
      return;
    }
    // The change may have raised the capacity, or removed it: waiting attendees take the new seats (all of
    // them without a limit), rather than staying on a waitlist until someone opens the session's seat.
    await this.seats.promoteSession(change.sessionId);
  }

  /**
   * Inside the programme change's transaction: the notices and their mails (batched per person, see
   * queueProgrammeChanges) commit or roll back with the change itself, so a crash cannot lose them and a
   * rolled-back change sends nothing. They are announced live once it committed.
   */
  async noticeWithin(
    manager: EntityManager,
    change: DomainEventMap['programme.session-changed'],
  ): Promise<AfterCommit | void> {
    if (!change.published || !NOTIFIED_KINDS.has(change.kind)) {
      return;
    }
    const session = await manager.getRepository(AgendaSession).findOneBy({ id: change.sessionId });
    const event = await manager.getRepository(Event).findOneBy({ id: change.eventId });
    if (!session || !event) {
      return;
    }
    const recipients = [
      ...new Set([
        ...(await this.agenda.bookmarkersOf(session.id, manager)),
        ...(await this.seats.holdersOf(session.id, manager)),
      ]),
    ];
    const createdAt = nowIso();
    const rows: Notification[] = recipients.map((userId) => ({
      id: newId(),
      userId,
      eventId: change.eventId,
      sessionId: session.id,
      sessionTitle: session.title.slice(0, 300),
      kind: change.kind,
      summary: change.summary.slice(0, 500),
      readAt: null,
      createdAt,
    }));
    for (let i = 0; i < rows.length; i += 200) {
      await manager.getRepository(Notification).insert(rows.slice(i, i + 200));
    }
    for (const row of rows) {
      const facts: ProgrammeChangeFacts = {
        eventSlug: event.slug,
        eventTitle: event.title,
        eventTimezone: event.timezone,
        sessionId: session.id,
        title: row.sessionTitle,
        startsAt: session.startsAt,
        endsAt: session.endsAt,
        kind: row.kind,
        summary: row.summary,
      };
      await queueProgrammeChanges(manager, row.userId, [facts], this.config.mail.batchMs);
    }
    return () => {
      for (const row of rows) {
        this.domainEvents.emit('notification.created', {
          userId: row.userId,
          eventId: row.eventId,
          sessionId: row.sessionId,
          notificationId: row.id,
        });
      }
    };
  }

  /** Newest first; the cursor is the last item's (createdAt, id). */
  async listFor(
    userId: string,
    options: { cursor?: string; limit: number },
  ): Promise<{ items: NotificationView[]; nextCursor: string | null; unreadCount: number }> {
    const query = this.notifications
      .createQueryBuilder('n')
      .where('n.userId = :userId', { userId })
      .orderBy('n.createdAt', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .take(options.limit + 1);
    if (options.cursor) {
      const { createdAt, id } = decodeCursor(options.cursor);
      query.andWhere('(n.createdAt < :createdAt OR (n.createdAt = :createdAt AND n.id < :id))', {
        createdAt,
        id,
      });
    }
    const rows = await query.getMany();
    const page = rows.slice(0, options.limit);
    const nextCursor =
      rows.length > options.limit
        ? encodeCursor(page[page.length - 1].createdAt, page[page.length - 1].id)
        : null;
    const eventIds = [...new Set(page.map((row) => row.eventId))];
    const slugs = new Map(
      (eventIds.length > 0 ? await this.events.findBy({ id: In(eventIds) }) : []).map((e) => [e.id, e.slug]),
    );
    return {
      items: page.map((notification) => ({
        notification,
        eventSlug: slugs.get(notification.eventId) ?? null,
      })),
      nextCursor,
      unreadCount: await this.unreadCount(userId),
    };
  }

  unreadCount(userId: string): Promise<number> {
    return this.notifications.countBy({ userId, readAt: IsNull() });
  }

  async markAllRead(userId: string): Promise<number> {
    await this.notifications.update({ userId, readAt: IsNull() }, { readAt: nowIso() });
    return this.unreadCount(userId);
  }
}

function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(`${createdAt}|${id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  const [createdAt, id, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id || extra !== undefined || createdAt.length !== 24 || id.length > 36) {
    throw validationFailed({ cursor: ['cursor is not valid; pass back a nextCursor you were given'] });
  }
  return { createdAt, id };
}
