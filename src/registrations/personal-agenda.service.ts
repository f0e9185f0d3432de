import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';

import { Localizer } from '../common/i18n';
import { AgendaSession } from '../agenda/agenda-session.entity';
import { SessionParticipant } from '../agenda/session-participant.entity';
import { AccountSettings } from '../auth/account-settings.entity';
import { User } from '../auth/user.entity';
import { DomainError } from '../common/errors/domain-error';
import { nowIso, toZonedIso } from '../common/time/zoned-time';
import { JWT_SECRET } from '../config/config.module';
import { EventStaff } from '../events/event-staff.entity';
import { Event } from '../events/event.entity';
import { CalendarEntry, renderCalendar } from '../exports/icalendar';
import { sessionUid } from '../exports/programme-calendar';
import { Room } from '../programme/room.entity';
import { Speaker } from '../programme/speaker.entity';
import { CalendarFeed } from './calendar-feed.entity';
import { SessionBookmark } from './session-bookmark.entity';
import { SessionSeatsService } from './session-seats.service';

/** Why a session is on someone's agenda: a bookmark, a seat, or their role on stage. */
export type AgendaReason =
  'bookmarked' | 'seat' | 'waitlisted' | 'speaker' | 'moderator' | 'panelist' | 'host';

export interface AgendaItem {
  session: AgendaSession;
  event: Event;
  room: Room | null;
  /** The zone the item's times are shown in. */
  timezone: string;
  reasons: AgendaReason[];
  seat: { status: 'confirmed' | 'waitlisted' } | null;
  overlapsWith: string[];
  /** The language the session's texts are in (its event's original when untranslated). */
  lang: string | null;
}

const FEED_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Bookmarks, the personal agenda (`/me/agenda`) and its secret iCalendar feed. A feed token is an HMAC of a
 * stored random nonce under a key derived from the server secret: the URL can be shown again on request, yet
 * the database alone (which holds only the nonce and a SHA-256 of the token) reveals no feed.
 */
@Injectable()
export class PersonalAgendaService {
  private readonly feedKey: Buffer;

  constructor(
    @InjectRepository(SessionBookmark) private readonly bookmarks: Repository<SessionBookmark>,
    @InjectRepository(AgendaSession) private readonly sessions: Repository<AgendaSession>,
    @InjectRepository(SessionParticipant) private readonly participants: Repository<SessionParticipant>,
    @InjectRepository(Speaker) private readonly speakers: Repository<Speaker>,
    @InjectRepository(Event) private readonly events: Repository<Event>,
    @InjectRepository(EventStaff) private readonly staff: Repository<EventStaff>,
    @InjectRepository(Room) private readonly rooms: Repository<Room>,
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(CalendarFeed) private readonly feeds: Repository<CalendarFeed>,
    private readonly seats: SessionSeatsService,
    @Inject(JWT_SECRET) secret: string,
  ) {
    this.feedKey = createHmac('sha256', secret).update('plenary:personal-calendar-feed').digest();
  }

  /** Idempotent. */
  async bookmark(event: Event, sessionId: string, userId: string): Promise<void> {
    await this.seats.findSession(event, sessionId);
    await this.bookmarks
      .createQueryBuilder()
      .insert()
      .into(SessionBookmark)
      .values({ userId, sessionId, eventId: event.id, createdAt: nowIso() })
      .orIgnore()
      .execute();
  }

  /** Idempotent. */
  async removeBookmark(event: Event, sessionId: string, userId: string): Promise<void> {
    await this.seats.findSession(event, sessionId);
    await this.bookmarks.delete({ userId, sessionId });
  }

  /** With `manager`, read inside that transaction. */
  async bookmarkersOf(sessionId: string, manager = this.bookmarks.manager): Promise<string[]> {
    const rows = await manager.getRepository(SessionBookmark).findBy({ sessionId });
    return rows.map((row) => row.userId);
  }

  /**
   * Bookmarked sessions, reserved seats and the user's own slots on stage, in start order, each shown in `tz`
   * (else its event's zone) with its texts in the first of `languages` its event is written in (else the
   * originals). Overlapping items (cancelled ones aside) name each other in `overlapsWith`.
   */
  async agendaOf(userId: string, tz?: string, languages: readonly string[] = []): Promise<AgendaItem[]> {
    const reasons = new Map<string, Set<AgendaReason>>();
    const add = (sessionId: string, reason: AgendaReason): void => {
      let set = reasons.get(sessionId);
      if (!set) {
        set = new Set();
        reasons.set(sessionId, set);
      }
      set.add(reason);
    };
    for (const bookmark of await this.bookmarks.findBy({ userId })) {
      add(bookmark.sessionId, 'bookmarked');
    }
    const seats = new Map<string, 'confirmed' | 'waitlisted'>();
    for (const seat of await this.seats.seatsOf(userId)) {
      seats.set(seat.sessionId, seat.status);
      add(seat.sessionId, seat.status === 'confirmed' ? 'seat' : 'waitlisted');
    }
    const speakerIds = (await this.speakers.findBy({ userId })).map((speaker) => speaker.id);
    if (speakerIds.length > 0) {
      for (const participant of await this.participants.findBy({ speakerId: In(speakerIds) })) {
        add(participant.sessionId, participant.role);
      }
    }
    if (reasons.size === 0) {
      return [];
    }

    const sessions = await this.sessions.findBy({ id: In([...reasons.keys()]) });
    const events = new Map(
      (await this.events.findBy({ id: In(unique(sessions.map((s) => s.eventId))) })).map((e) => [e.id, e]),
    );
    const staffOf = new Set((await this.staff.findBy({ userId })).map((row) => row.eventId));
    const roomIds = unique(sessions.map((s) => s.roomId).filter((id): id is string => id !== null));
    const rooms = new Map(
      (roomIds.length > 0 ? await this.rooms.findBy({ id: In(roomIds) }) : []).map((room) => [room.id, room]),
    );

    const items: AgendaItem[] = [];
    for (const session of sessions) {
      const event = events.get(session.eventId);
      // A draft programme stays private to its staff, even for the speakers on it.
      if (!event || (event.status !== 'published' && !staffOf.has(event.id))) {
        continue;
      }
      const seat = seats.get(session.id);
      items.push(
        localizeItem(
          {
            session,
            event,
            room: session.roomId ? (rooms.get(session.roomId) ?? null) : null,
            timezone: tz ?? event.timezone,
            reasons: [...reasons.get(session.id)!].sort(byReason),
            seat: seat ? { status: seat } : null,
            overlapsWith: [],
            lang: null,
          },
          languages,
        ),
      );
    }
    items.sort(
      (a, b) =>
        a.session.startsAt.localeCompare(b.session.startsAt) ||
        a.session.endsAt.localeCompare(b.session.endsAt) ||
        a.session.title.localeCompare(b.session.title),
    );
    flagOverlaps(items);
    return items;
  }

  /** The feed URL path (`/api/calendar/<token>.ics`), created on first use. */
  async feedPathOf(userId: string): Promise<string> {
    const feed = await this.feeds.findOneBy({ userId });
    if (feed) {
      const token = this.tokenFor(userId, feed.nonce);
      // Unchanged server secret: the same URL again. A new secret re-issues one (the old URL stops working).
      if (sameHash(hashOf(token), feed.tokenHash)) {
        return feedPath(token);
      }
    }
    return this.issueFeed(userId);
  }

  /** A new feed URL; the previous one answers 404 from now on. */
  rotateFeed(userId: string): Promise<string> {
    return this.issueFeed(userId);
  }

  /** The iCalendar text of the feed a token opens, or 404. */
  async renderFeed(token: string, lang?: string): Promise<string> {
    const feed = FEED_TOKEN.test(token) ? await this.feeds.findOneBy({ tokenHash: hashOf(token) }) : null;
    if (!feed) {
      throw new DomainError('NOT_FOUND', 'No calendar feed at this address');
    }
    const user = await this.users.findOneBy({ id: feed.userId });
    // `?lang=` first, else the owner's saved locale.
    const settings = await this.users.manager.findOne(AccountSettings, {
      where: { userId: feed.userId },
      select: { userId: true, locale: true },
    });
    const wanted = [lang, settings?.locale].filter((tag): tag is string => typeof tag === 'string');
    const items = await this.agendaOf(feed.userId, undefined, wanted);
    const entries: CalendarEntry[] = items.map((item) => ({
      uid: sessionUid(item.session.id),
      sequence: item.session.sequence,
      status: item.session.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
      startsAt: item.session.startsAt,
      endsAt: item.session.endsAt,
      timezone: item.event.timezone,
      summary: item.session.status === 'cancelled' ? `Cancelled: ${item.session.title}` : item.session.title,
      description: describe(item),
      ...(item.room ? { location: item.room.name } : {}),
      categories: [item.event.title, ...item.reasons],
      lastModified: item.session.updatedAt,
    }));
    return renderCalendar({
      name: user ? `Plenary: ${user.name}` : 'Plenary: my agenda',
      timezone: items[0]?.event.timezone ?? 'UTC',
      entries,
      refreshIntervalMinutes: 60,
    });
  }

  private async issueFeed(userId: string): Promise<string> {
    const nonce = randomBytes(32).toString('hex');
    const token = this.tokenFor(userId, nonce);
    await this.feeds.save(
      { userId, nonce, tokenHash: hashOf(token), createdAt: nowIso() },
      { reload: false },
    );
    return feedPath(token);
  }

  /** 256 bits, URL-safe. */
  private tokenFor(userId: string, nonce: string): string {
    return createHmac('sha256', this.feedKey).update(`${userId}:${nonce}`).digest('base64url');
  }
}

export const zonedTimes = (item: AgendaItem): { startsAt: string; endsAt: string } => ({
  startsAt: toZonedIso(item.session.startsAt, item.timezone),
  endsAt: toZonedIso(item.session.endsAt, item.timezone),
});

const REASON_ORDER: AgendaReason[] = [
  'speaker',
  'moderator',
  'panelist',
  'host',
  'seat',
  'waitlisted',
  'bookmarked',
];
const byReason = (a: AgendaReason, b: AgendaReason): number =>
  REASON_ORDER.indexOf(a) - REASON_ORDER.indexOf(b);

function flagOverlaps(items: AgendaItem[]): void {
  const active = items.filter((item) => item.session.status !== 'cancelled');
  for (let i = 0; i < active.length; i += 1) {
    for (let j = i + 1; j < active.length; j += 1) {
      const a = active[i].session;
      const b = active[j].session;
      if (b.startsAt >= a.endsAt) {
        // Sorted by start: nothing later can overlap `a` either.
        break;
      }
      if (a.startsAt < b.endsAt && b.startsAt < a.endsAt) {
        active[i].overlapsWith.push(b.id);
        active[j].overlapsWith.push(a.id);
      }
    }
  }
}

/** The item's texts in the first of `wanted` its event is written in, the originals otherwise. */
function localizeItem(item: AgendaItem, wanted: readonly string[]): AgendaItem {
  const localizer = Localizer.forEvent({ wanted: [...wanted], all: false }, item.event.languages);
  return {
    ...item,
    lang: localizer.fields(item.session, ['title', 'abstract']).lang,
    session: localizer.overlay(item.session, ['title', 'abstract']),
    event: localizer.overlay(item.event, ['title', 'description']),
    room: item.room ? localizer.overlay(item.room, ['name']) : null,
  };
}

function describe(item: AgendaItem): string {
  const lines = [item.event.title];
  if (item.session.abstract) {
    lines.push('', item.session.abstract);
  }
  if (item.seat?.status === 'waitlisted') {
    lines.push('', 'You are on the waitlist for a seat.');
  }
  return lines.join('\n');
}

const feedPath = (token: string): string => `/api/calendar/${token}.ics`;
const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');
const sameHash = (a: string, b: string): boolean =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
const unique = <T>(values: T[]): T[] => [...new Set(values)];
