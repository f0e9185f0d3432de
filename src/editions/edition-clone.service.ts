import { Injectable } from '@nestjs/common';
import { EntityManager, ObjectLiteral } from 'typeorm';

import { AgendaSession } from '../agenda/agenda-session.entity';
import { SessionParticipant } from '../agenda/session-participant.entity';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../auth/principal';
import { newId } from '../common/ids';
import { addDays, daysBetween, localParts, nowIso, zonedToUtcMs } from '../common/time/zoned-time';
import { newOverlayKey } from '../programme/overlay-key';
import { Room } from '../programme/room.entity';
import { Speaker } from '../programme/speaker.entity';
import { Track } from '../programme/track.entity';
import { CloneEventDto } from '../events/dto/event.dto';
import { EDITOR_VIEW, EventResponseDto, toEventResponse } from '../events/dto/event-response.dto';
import { EventAccessService } from '../events/event-access.service';
import { EventStaff } from '../events/event-staff.entity';
import { Event } from '../events/event.entity';
import { EventsService } from '../events/events.service';

// Well under SQLite's bound-parameter limit for the widest table (agenda_sessions).
const INSERT_CHUNK = 50;

/**
 * Next year's edition from this year's: settings, staff, rooms, tracks, speakers and sessions (with their
 * participants) copied under new ids, in one transaction, so a failure leaves nothing behind.
 */
@Injectable()
export class EditionCloneService {
  constructor(
    private readonly events: EventsService,
    private readonly access: EventAccessService,
    private readonly audit: AuditService,
  ) {}

  async clone(slug: string, input: CloneEventDto, actor: Principal): Promise<EventResponseDto> {
    const { event: source } = await this.access.requireOrganizer(slug, actor);
    const shiftDays = daysBetween(source.startsOn, input.startsOn);
    const now = nowIso();
    const edition: Event = {
      id: newId(),
      slug: input.slug,
      title: input.title,
      description: source.description,
      timezone: source.timezone,
      startsOn: input.startsOn,
      endsOn: addDays(source.endsOn, shiftDays),
      languages: [...source.languages],
      status: 'draft',
      publishedAt: null,
      registrationCapacity: source.registrationCapacity,
      registrationRequiresApproval: source.registrationRequiresApproval,
      registrationFields: source.registrationFields.map((field) => ({ ...field })),
      translations: withoutTitles(source.translations),
      createdById: actor.id,
      createdAt: now,
      updatedAt: now,
    };
    await this.events.assertSlugFree(input.slug);
    await this.events.insertEdition(edition, async (manager) => {
      await copyStaff(manager, source.id, edition.id, actor.id, now);
      const rooms = await copyRows(manager, Room, source.id, (room) => ({
        ...room,
        id: newId(),
        eventId: edition.id,
        // The stream goes along; the overlay key does not: next year's browser sources get their own secret.
        overlayKey: newOverlayKey(),
        createdAt: now,
      }));
      const tracks = await copyRows(manager, Track, source.id, (track) => ({
        ...track,
        id: newId(),
        eventId: edition.id,
        createdAt: now,
      }));
      const speakers = await copyRows(manager, Speaker, source.id, (speaker) => ({
        ...speaker,
        id: newId(),
        eventId: edition.id,
        createdAt: now,
        updatedAt: now,
      }));
      const sessions = await copySessions(manager, source, edition, shiftDays, { rooms, tracks }, now);
      await copyParticipants(manager, sessions, speakers);
      await this.audit.record(
        {
          eventId: edition.id,
          actorId: actor.id,
          action: 'event.cloned',
          targetType: 'event',
          targetId: edition.id,
          details: { sourceEventId: source.id, sourceSlug: source.slug, shiftDays },
        },
        manager,
      );
    });
    return toEventResponse(edition, 'organizer', EDITOR_VIEW);
  }
}

/** The new edition has a new title, so last year's translated titles would be wrong; the rest is kept. */
function withoutTitles(translations: Event['translations']): Event['translations'] {
  const kept = Object.entries(translations ?? {})
    .map(([lang, { title: _title, ...rest }]) => [lang, rest] as const)
    .filter(([, rest]) => Object.keys(rest).length > 0);
  return kept.length > 0 ? Object.fromEntries(kept) : null;
}

/** The cloner organizes the new edition; everyone else keeps the role they had. */
async function copyStaff(
  manager: EntityManager,
  sourceId: string,
  editionId: string,
  actorId: string,
  now: string,
): Promise<void> {
  const rows = (await manager.getRepository(EventStaff).findBy({ eventId: sourceId }))
    .filter((row) => row.userId !== actorId)
    .map((row) => ({ eventId: editionId, userId: row.userId, role: row.role, createdAt: now }));
  rows.push({ eventId: editionId, userId: actorId, role: 'organizer', createdAt: now });
  await insertChunked(manager, EventStaff, rows);
}

/** Copies an event's rows of one table and returns old id → new id. */
async function copyRows<T extends ObjectLiteral & { id: string; eventId: string }>(
  manager: EntityManager,
  entity: new () => T,
  sourceId: string,
  copy: (row: T) => T,
): Promise<Map<string, string>> {
  const rows = await manager.getRepository(entity).find({ where: { eventId: sourceId } as never });
  const ids = new Map<string, string>();
  const copies = rows.map((row) => {
    const next = copy(row);
    ids.set(row.id, next.id);
    return next;
  });
  await insertChunked(manager, entity, copies);
  return ids;
}

async function copySessions(
  manager: EntityManager,
  source: Event,
  edition: Event,
  shiftDays: number,
  ids: { rooms: Map<string, string>; tracks: Map<string, string> },
  now: string,
): Promise<Map<string, string>> {
  const sessions = await manager
    .getRepository(AgendaSession)
    .findBy({ eventId: source.id, status: 'scheduled' });
  const sessionIds = new Map<string, string>();
  const copies = sessions.map((session): AgendaSession => {
    const id = newId();
    sessionIds.set(session.id, id);
    const { startsAt, endsAt } = shiftSession(session, shiftDays, source.timezone);
    return {
      ...session,
      id,
      eventId: edition.id,
      startsAt,
      endsAt,
      roomId: session.roomId ? (ids.rooms.get(session.roomId) ?? null) : null,
      trackId: session.trackId ? (ids.tracks.get(session.trackId) ?? null) : null,
      status: 'scheduled',
      liveStatus: 'upcoming',
      qaOpen: true,
      sequence: 0,
      createdAt: now,
      updatedAt: now,
    };
  });
  await insertChunked(manager, AgendaSession, copies);
  return sessionIds;
}

async function copyParticipants(
  manager: EntityManager,
  sessionIds: Map<string, string>,
  speakerIds: Map<string, string>,
): Promise<void> {
  const copies: SessionParticipant[] = [];
  const oldIds = [...sessionIds.keys()];
  for (let i = 0; i < oldIds.length; i += INSERT_CHUNK) {
    const participants = await manager
      .getRepository(SessionParticipant)
      .createQueryBuilder('participant')
      .where('participant.sessionId IN (:...ids)', { ids: oldIds.slice(i, i + INSERT_CHUNK) })
      .getMany();
    for (const participant of participants) {
      const speakerId = speakerIds.get(participant.speakerId);
      if (speakerId) {
        copies.push({ ...participant, sessionId: sessionIds.get(participant.sessionId)!, speakerId });
      }
    }
  }
  await insertChunked(manager, SessionParticipant, copies);
}

/**
 * Moves a session by whole days keeping its wall-clock times in the event's zone: a 10:00 session stays at
 * 10:00 local even when a DST change lies between the two dates (its UTC time then differs by the change).
 */
export function shiftSession(
  session: { startsAt: string; endsAt: string },
  shiftDays: number,
  timeZone: string,
): { startsAt: string; endsAt: string } {
  const startsAtMs = shiftInstant(session.startsAt, shiftDays, timeZone);
  let endsAtMs = shiftInstant(session.endsAt, shiftDays, timeZone);
  if (endsAtMs <= startsAtMs) {
    // Only when a wall-clock end falls into a DST gap or overlap: keep the original length instead.
    endsAtMs = startsAtMs + (Date.parse(session.endsAt) - Date.parse(session.startsAt));
  }
  return { startsAt: new Date(startsAtMs).toISOString(), endsAt: new Date(endsAtMs).toISOString() };
}

function shiftInstant(instant: string, shiftDays: number, timeZone: string): number {
  const p = localParts(Date.parse(instant), timeZone);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const date = addDays(`${p.year}-${pad(p.month)}-${pad(p.day)}`, shiftDays);
  return zonedToUtcMs(date, `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`, timeZone);
}

async function insertChunked<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: new () => T,
  rows: T[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await manager.getRepository(entity).insert(rows.slice(i, i + INSERT_CHUNK));
  }
}
