import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';

import { Localizer } from '../common/i18n';
import { Event } from '../events/event.entity';
import { Organization } from '../organizations/organization.entity';
import { Room } from '../programme/room.entity';
import { Speaker } from '../programme/speaker.entity';
import { Track } from '../programme/track.entity';
import { AgendaSession } from './agenda-session.entity';
import { SessionRefs, SessionResponseDto, toSessionResponse } from './dto/session-response.dto';
import { SessionParticipant } from './session-participant.entity';

const unique = <T>(values: Iterable<T | null>): T[] => [
  ...new Set([...values].filter((value): value is T => value !== null)),
];

/**
 * Builds session responses for any number of sessions in a fixed handful of queries (rooms, tracks,
 * participants, speakers, organisations), never one per session.
 */
@Injectable()
export class SessionViewLoader {
  constructor(private readonly dataSource: DataSource) {}

  async loadRefs(
    sessions: readonly AgendaSession[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, SessionRefs>> {
    const refs = new Map<string, SessionRefs>();
    if (sessions.length === 0) {
      return refs;
    }
    const roomIds = unique(sessions.map((session) => session.roomId));
    const trackIds = unique(sessions.map((session) => session.trackId));
    const [rooms, tracks, participants] = await Promise.all([
      roomIds.length ? manager.getRepository(Room).findBy({ id: In(roomIds) }) : [],
      trackIds.length ? manager.getRepository(Track).findBy({ id: In(trackIds) }) : [],
      manager.getRepository(SessionParticipant).find({
        where: { sessionId: In(sessions.map((session) => session.id)) },
        order: { position: 'ASC' },
      }),
    ]);
    const speakerIds = unique(participants.map((participant) => participant.speakerId));
    const speakers = speakerIds.length
      ? await manager.getRepository(Speaker).findBy({ id: In(speakerIds) })
      : [];
    const organizationIds = unique(speakers.map((speaker) => speaker.organizationId));
    const organizations = organizationIds.length
      ? await manager.getRepository(Organization).findBy({ id: In(organizationIds) })
      : [];

    const roomById = new Map(rooms.map((room) => [room.id, room]));
    const trackById = new Map(tracks.map((track) => [track.id, track]));
    const speakerById = new Map(speakers.map((speaker) => [speaker.id, speaker]));
    const organizationById = new Map(organizations.map((organization) => [organization.id, organization]));
    for (const session of sessions) {
      refs.set(session.id, {
        room: session.roomId ? (roomById.get(session.roomId) ?? null) : null,
        track: session.trackId ? (trackById.get(session.trackId) ?? null) : null,
        participants: [],
      });
    }
    for (const participant of participants) {
      const speaker = speakerById.get(participant.speakerId);
      const target = refs.get(participant.sessionId);
      if (speaker && target) {
        const organization = speaker.organizationId
          ? (organizationById.get(speaker.organizationId) ?? null)
          : null;
        target.participants.push({ participant, speaker, organization });
      }
    }
    return refs;
  }

  /** Serves an event's texts in the first of `wanted` it is written in (else the original), saying so in `lang`. */
  async localizerFor(
    eventId: string,
    wanted: readonly string[] = [],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Localizer> {
    return Localizer.forEvent({ wanted: [...wanted], all: false }, await this.languagesOf(eventId, manager));
  }

  /** The event's languages, the original first (none for an unknown event). */
  async languagesOf(eventId: string, manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const event = await manager
      .getRepository(Event)
      .findOne({ select: { languages: true }, where: { id: eventId } });
    return event?.languages ?? [];
  }

  async toResponses(
    sessions: readonly AgendaSession[],
    timeZone = 'UTC',
    manager?: EntityManager,
    localizer = Localizer.ORIGINAL,
  ): Promise<SessionResponseDto[]> {
    const refs = await this.loadRefs(sessions, manager);
    return sessions.map((session) => toSessionResponse(session, refs.get(session.id)!, timeZone, localizer));
  }
}
