import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { Principal } from '../auth/principal';
import { ContentLanguage, Localizer } from '../common/i18n';
import { canonicalTimeZone, localDateOf } from '../common/time/zoned-time';
import { EventAccessService } from '../events/event-access.service';
import { AgendaCache } from './agenda-cache';
import { AgendaSession } from './agenda-session.entity';
import { EventAgendaDayDto, EventAgendaResponseDto } from './dto/session-response.dto';
import { speaks } from './session-languages';
import { SessionViewLoader } from './session-views';

/**
 * The agenda of an event grouped into the days of any time zone. A hot read path: built from a fixed number of
 * queries and cached per (event, zone) until the programme changes (see AgendaCache).
 */
@Injectable()
export class AgendaService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: EventAccessService,
    private readonly views: SessionViewLoader,
    private readonly cache: AgendaCache,
  ) {}

  async agenda(
    slug: string,
    user: Principal | undefined,
    tz?: string,
    content?: ContentLanguage,
    language?: string,
  ): Promise<EventAgendaResponseDto> {
    // Visibility is checked on every call; only the programme itself is cached.
    const { event } = await this.access.findVisible(slug, user);
    const timeZone = canonicalTimeZone(tz ?? event.timezone);
    // The agenda never carries the editors' `translations`: one cached value serves staff and readers alike.
    const localizer = Localizer.forEvent(content, event.languages);
    const key = `${event.id}|${timeZone}|${localizer.cacheKey}`;
    const agenda =
      this.cache.get<EventAgendaResponseDto>(key) ?? (await this.build(event.id, timeZone, localizer, key));
    return language ? onlySpeaking(agenda, language) : agenda;
  }

  private async build(
    eventId: string,
    timeZone: string,
    localizer: Localizer,
    key: string,
  ): Promise<EventAgendaResponseDto> {
    const generation = this.cache.currentGeneration();
    const sessions = await this.dataSource.getRepository(AgendaSession).find({
      where: { eventId },
      order: { startsAt: 'ASC', endsAt: 'ASC', id: 'ASC' },
    });
    const responses = await this.views.toResponses(sessions, timeZone, undefined, localizer);
    const days: EventAgendaDayDto[] = [];
    let today: EventAgendaDayDto | undefined;
    sessions.forEach((session, index) => {
      // A session crossing local midnight belongs to the day it starts on.
      const date = localDateOf(session.startsAt, timeZone);
      if (!today || today.date !== date) {
        today = { date, sessions: [] };
        days.push(today);
      }
      today.sessions.push(responses[index]);
    });
    const agenda: EventAgendaResponseDto = { timezone: timeZone, lang: localizer.lang, days };
    this.cache.set(key, generation, agenda);
    return agenda;
  }
}

/** The sessions spoken in `language` or interpreted into it; days left empty are dropped. */
function onlySpeaking(agenda: EventAgendaResponseDto, language: string): EventAgendaResponseDto {
  const days = agenda.days
    .map((day) => ({ ...day, sessions: day.sessions.filter((session) => speaks(session, language)) }))
    .filter((day) => day.sessions.length > 0);
  return { ...agenda, days };
}
