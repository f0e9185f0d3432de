import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, EntityManager } from 'typeorm';

import { Principal } from '../auth/principal';
import { ContentLanguage, Localizer } from '../common/i18n';
import { addDays, canonicalTimeZone, toUtcIso, zonedToUtcMs } from '../common/time/zoned-time';
import { EventAccessService } from '../events/event-access.service';
import { AgendaSession } from './agenda-session.entity';
import { ListSessionsQueryDto } from './dto/session-query.dto';
import { SessionResponseDto } from './dto/session-response.dto';
import { whereSpeaks } from './session-languages';
import { sessionNotFound } from './session-rows';
import { SessionViewLoader } from './session-views';

/** The sessions of an event as the REST API and the live features show them. */
@Injectable()
export class SessionReadsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: EventAccessService,
    private readonly views: SessionViewLoader,
  ) {}

  async list(
    slug: string,
    user: Principal | undefined,
    query: ListSessionsQueryDto,
    content?: ContentLanguage,
  ): Promise<SessionResponseDto[]> {
    const { event, role } = await this.access.findVisible(slug, user);
    const timeZone = query.tz ? canonicalTimeZone(query.tz) : undefined;
    const builder = this.dataSource
      .getRepository(AgendaSession)
      .createQueryBuilder('session')
      .where('session.eventId = :eventId', { eventId: event.id })
      .orderBy('session.startsAt', 'ASC')
      .addOrderBy('session.endsAt', 'ASC')
      .addOrderBy('session.id', 'ASC');
    if (query.day) {
      const zone = timeZone ?? event.timezone;
      builder.andWhere('session.startsAt >= :dayStart AND session.startsAt < :dayEnd', {
        dayStart: toUtcIso(zonedToUtcMs(query.day, '00:00', zone)),
        dayEnd: toUtcIso(zonedToUtcMs(addDays(query.day, 1), '00:00', zone)),
      });
    }
    if (query.roomId) {
      // A break without a room is held in every room.
      builder.andWhere(
        new Brackets((where) =>
          where.where('session.roomId = :roomId', { roomId: query.roomId }).orWhere('session.roomId IS NULL'),
        ),
      );
    }
    if (query.trackId) {
      builder.andWhere('session.trackId = :trackId', { trackId: query.trackId });
    }
    if (query.language) {
      whereSpeaks(builder, query.language);
    }
    if (query.kind) {
      builder.andWhere('session.kind = :kind', { kind: query.kind });
    }
    const localizer = Localizer.forEvent(content, event.languages, role !== null);
    return this.views.toResponses(await builder.getMany(), timeZone ?? 'UTC', undefined, localizer);
  }

  async get(
    slug: string,
    sessionId: string,
    user: Principal | undefined,
    tz?: string,
    content?: ContentLanguage,
  ): Promise<SessionResponseDto> {
    const { event, role } = await this.access.findVisible(slug, user);
    const localizer = Localizer.forEvent(content, event.languages, role !== null);
    return this.getView(event.id, sessionId, tz ? canonicalTimeZone(tz) : 'UTC', undefined, localizer);
  }

  /**
   * The public payload of one session (the REST response, and what live features send in `session:updated`
   * and `session:join`). Throws SESSION_NOT_FOUND when the session is not in that event. No access check.
   */
  async getView(
    eventId: string,
    sessionId: string,
    timeZone = 'UTC',
    manager: EntityManager = this.dataSource.manager,
    /** A localizer, or the reader's languages (none: the originals). */
    localizer: Localizer | readonly string[] = [],
  ): Promise<SessionResponseDto> {
    const session = await manager.getRepository(AgendaSession).findOneBy({ id: sessionId, eventId });
    if (!session) {
      throw sessionNotFound();
    }
    const [view] = await this.views.toResponses(
      [session],
      timeZone,
      manager,
      localizer instanceof Localizer ? localizer : await this.views.localizerFor(eventId, localizer, manager),
    );
    return view;
  }
}
