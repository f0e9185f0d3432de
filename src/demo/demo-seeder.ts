import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { AgendaSession } from '../agenda/agenda-session.entity';
import { SessionParticipant } from '../agenda/session-participant.entity';
import { emailKeyOf } from '../auth/auth.service';
import { hashPassword } from '../auth/password-hasher';
import { User } from '../auth/user.entity';
import { newId } from '../common/ids';
import { logger } from '../common/logging/json-logger';
import { nowIso, toUtcIso, zonedToUtcMs } from '../common/time/zoned-time';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { EventStaff } from '../events/event-staff.entity';
import { Event } from '../events/event.entity';
import { Organization } from '../organizations/organization.entity';
import { newOverlayKey } from '../programme/overlay-key';
import { Room } from '../programme/room.entity';
import { Speaker } from '../programme/speaker.entity';
import { Track } from '../programme/track.entity';
import { Registration } from '../registrations/registration.entity';
import {
  DEMO_ACCOUNTS,
  DEMO_ATTENDEES,
  DEMO_EVENT_SLUG,
  DEMO_MODERATOR,
  DEMO_ORGANIZER,
  DEMO_PASSWORD,
} from './demo-accounts';
import { SILKS_2020 } from './silks-2020';
import { seedJointInitiative } from './silks-joint-initiative';
import {
  DEMO_EVENT_TRANSLATIONS,
  DEMO_FIELD_TRANSLATIONS,
  DEMO_INTERPRETATION,
  DEMO_ORGANIZATION_TRANSLATIONS,
  DEMO_ROOM_TRANSLATIONS,
  DEMO_SESSION_TRANSLATIONS,
  DEMO_SPEAKER_TRANSLATIONS,
  DEMO_TRACK_TRANSLATIONS,
} from './silks-2020-translations';

/** Answers of the demo attendees to the SiLKS registration questions (country, organisation, position). */
const DEMO_ATTENDEE_ANSWERS: Record<string, string>[] = [
  {
    country: 'Kazakhstan',
    organisation: 'Demo Institute for Strategic Studies',
    position: 'Research fellow',
  },
  { country: 'Kenya', organisation: 'Demo Policy Research Centre', position: 'Economist' },
];

export type DemoSeedResult = { loaded: true; eventId: string } | { loaded: false; reason: string };

/**
 * Loads the SiLKS demo into an empty database at start (SEED_DEMO, on by default): the event, its
 * programme and the demo accounts, in one transaction. "Empty" means no event at all, so a restart, or a
 * database whose operators deleted the demo and created their own events, is left alone.
 */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.seedDemo) {
      await this.seed();
    }
  }

  async seed(): Promise<DemoSeedResult> {
    if ((await this.dataSource.getRepository(Event).count()) > 0) {
      return { loaded: false, reason: 'the database already has events' };
    }
    // Hashing is deliberately slow: do it before the transaction so the write lock is held briefly.
    const hashes = new Map<string, string>();
    for (const account of DEMO_ACCOUNTS) {
      hashes.set(account.email, await hashPassword(DEMO_PASSWORD));
    }
    try {
      const eventId = await this.dataSource.transaction((manager) => this.load(manager, hashes));
      logger.info('demo event loaded', {
        slug: DEMO_EVENT_SLUG,
        sessions: SILKS_2020.sessions.length,
        accounts: DEMO_ACCOUNTS.map((account) => account.email),
      });
      return { loaded: true, eventId };
    } catch (error) {
      // Several nodes starting on one empty PostgreSQL database race here; the unique slug lets one win.
      if (await this.dataSource.getRepository(Event).existsBy({ slug: DEMO_EVENT_SLUG })) {
        return { loaded: false, reason: 'another node loaded the demo' };
      }
      throw error;
    }
  }

  private async load(manager: EntityManager, hashes: Map<string, string>): Promise<string> {
    const now = nowIso();
    const data = SILKS_2020;
    const zone = data.event.timezone;

    const users = new Map<string, User>();
    for (const account of DEMO_ACCOUNTS) {
      const emailKey = emailKeyOf(account.email);
      // An account someone already registered under a demo address keeps its own password.
      let user = await manager.findOneBy(User, { emailKey });
      if (!user) {
        user = {
          id: newId(),
          email: account.email,
          emailKey,
          name: account.name,
          passwordHash: hashes.get(account.email)!,
          createdAt: now,
        };
        await manager.insert(User, user);
      }
      users.set(account.email, user);
    }
    const organizer = users.get(DEMO_ORGANIZER.email)!;
    const moderator = users.get(DEMO_MODERATOR.email)!;

    const event: Event = {
      id: newId(),
      ...data.event,
      registrationFields: data.event.registrationFields.map((field) => ({
        ...field,
        ...(DEMO_FIELD_TRANSLATIONS[field.key] ? { translations: DEMO_FIELD_TRANSLATIONS[field.key] } : {}),
      })),
      translations: DEMO_EVENT_TRANSLATIONS,
      status: 'published',
      publishedAt: now,
      createdById: organizer.id,
      createdAt: now,
      updatedAt: now,
    };
    await manager.insert(Event, event);
    await manager.insert(EventStaff, [
      { eventId: event.id, userId: organizer.id, role: 'organizer', createdAt: now },
      { eventId: event.id, userId: moderator.id, role: 'moderator', createdAt: now },
    ]);
    // The demo attendees are registered and confirmed, so they can join sessions live straight away.
    await manager.insert(
      Registration,
      DEMO_ATTENDEES.map((account, index) => ({
        id: newId(),
        eventId: event.id,
        userId: users.get(account.email)!.id,
        status: 'confirmed' as const,
        answers: DEMO_ATTENDEE_ANSWERS[index % DEMO_ATTENDEE_ANSWERS.length],
        queueNumber: index + 1,
        createdAt: now,
        updatedAt: now,
      })),
    );

    // The organisations directory is shared by all events: reuse entries that already exist.
    const organizations = new Map<string, string>();
    for (const org of data.organizations) {
      const nameKey = org.name.toLowerCase();
      const existing = await manager.findOneBy(Organization, { nameKey });
      if (existing) {
        organizations.set(org.key, existing.id);
        continue;
      }
      const id = newId();
      await manager.insert(Organization, {
        id,
        name: org.name,
        nameKey,
        shortName: org.shortName,
        country: org.country,
        url: org.url,
        translations: DEMO_ORGANIZATION_TRANSLATIONS[org.key] ?? null,
        createdAt: now,
        updatedAt: now,
      });
      organizations.set(org.key, id);
    }

    const rooms = new Map<string, string>();
    for (const [position, room] of data.rooms.entries()) {
      const id = newId();
      await manager.insert(Room, {
        id,
        eventId: event.id,
        name: room.name,
        capacity: room.capacity,
        streamUrl: null,
        stream: room.stream,
        overlayKey: newOverlayKey(),
        position,
        translations: DEMO_ROOM_TRANSLATIONS[room.key] ?? null,
        createdAt: now,
      });
      rooms.set(room.key, id);
    }

    const tracks = new Map<string, string>();
    for (const track of data.tracks) {
      const id = newId();
      await manager.insert(Track, {
        id,
        eventId: event.id,
        name: track.name,
        color: track.color,
        translations: DEMO_TRACK_TRANSLATIONS[track.key] ?? null,
        createdAt: now,
      });
      tracks.set(track.key, id);
    }

    const speakers = new Map<string, string>();
    for (const speaker of data.speakers) {
      const id = newId();
      const account = speaker.accountEmail ? users.get(speaker.accountEmail) : undefined;
      await manager.insert(Speaker, {
        id,
        eventId: event.id,
        name: speaker.name,
        position: speaker.position,
        organizationId: organizations.get(speaker.organization) ?? null,
        bio: speaker.bio,
        photoUrl: null,
        email: account?.email ?? null,
        userId: account?.id ?? null,
        translations: DEMO_SPEAKER_TRANSLATIONS[speaker.key] ?? null,
        createdAt: now,
        updatedAt: now,
      });
      speakers.set(speaker.key, id);
    }

    for (const session of data.sessions) {
      const id = newId();
      const isBreak = session.kind === 'break';
      await manager.insert(AgendaSession, {
        id,
        eventId: event.id,
        title: session.title,
        abstract: session.abstract,
        kind: session.kind,
        startsAt: toUtcIso(zonedToUtcMs(session.date, session.start, zone)),
        endsAt: toUtcIso(zonedToUtcMs(session.date, session.end, zone)),
        roomId: session.room ? rooms.get(session.room)! : null,
        trackId: session.track ? tracks.get(session.track)! : null,
        language: session.language,
        interpretation: DEMO_INTERPRETATION[session.key] ?? null,
        translations: DEMO_SESSION_TRANSLATIONS[session.key] ?? null,
        capacity: session.capacity ?? null,
        qaEnabled: !isBreak,
        qaModerated: session.qaModerated ?? false,
        chatEnabled: !isBreak,
        status: 'scheduled',
        liveStatus: 'upcoming',
        qaOpen: !isBreak,
        sequence: 0,
        createdAt: now,
        updatedAt: now,
      });
      const participants = session.participants;
      if (participants.length > 0) {
        await manager.insert(
          SessionParticipant,
          participants.map(([speaker, role], position) => ({
            sessionId: id,
            speakerId: speakers.get(speaker)!,
            role,
            position,
          })),
        );
      }
    }
    await seedJointInitiative(manager, event.id, organizer.id, organizations, now);
    return event.id;
  }
}
