import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';

import { ContentLanguage, Localizer } from '../common/i18n';
import { AgendaSession } from '../agenda/agenda-session.entity';
import { SessionParticipant } from '../agenda/session-participant.entity';
import { Principal } from '../auth/principal';
import { EventAccessService } from '../events/event-access.service';
import { Organization } from '../organizations/organization.entity';
import { Room } from '../programme/room.entity';
import { Speaker } from '../programme/speaker.entity';
import { Track } from '../programme/track.entity';
import { buildC3vocSchedule, C3vocSchedule } from './c3voc-schedule';
import { renderFrabXml } from './frab-xml';
import { renderProgrammeCalendar } from './programme-calendar';
import { localizeSnapshot } from './localized-snapshot';
import { ProgrammeSnapshot, SnapshotSession } from './programme-snapshot';

@Injectable()
export class ExportsService {
  constructor(
    private readonly access: EventAccessService,
    @InjectRepository(Room) private readonly rooms: Repository<Room>,
    @InjectRepository(Track) private readonly tracks: Repository<Track>,
    @InjectRepository(Speaker) private readonly speakers: Repository<Speaker>,
    @InjectRepository(Organization) private readonly organizations: Repository<Organization>,
    @InjectRepository(AgendaSession) private readonly sessions: Repository<AgendaSession>,
    @InjectRepository(SessionParticipant) private readonly participants: Repository<SessionParticipant>,
  ) {}

  async c3vocJson(
    slug: string,
    user: Principal | undefined,
    origin: string,
    content?: ContentLanguage,
  ): Promise<C3vocSchedule> {
    return buildC3vocSchedule(await this.snapshot(slug, user, origin, content));
  }

  async frabXml(
    slug: string,
    user: Principal | undefined,
    origin: string,
    content?: ContentLanguage,
  ): Promise<string> {
    return renderFrabXml(buildC3vocSchedule(await this.snapshot(slug, user, origin, content)));
  }

  async icalendar(
    slug: string,
    user: Principal | undefined,
    origin: string,
    content?: ContentLanguage,
  ): Promise<string> {
    return renderProgrammeCalendar(await this.snapshot(slug, user, origin, content));
  }

  /** Reads the event's programme as the caller may see it (drafts: staff only, else 404). */
  async snapshot(
    slug: string,
    user: Principal | undefined,
    origin: string,
    content?: ContentLanguage,
  ): Promise<ProgrammeSnapshot> {
    const { event } = await this.access.findVisible(slug, user);
    const [rooms, tracks, sessions] = await Promise.all([
      this.rooms.find({ where: { eventId: event.id }, order: { position: 'ASC', name: 'ASC' } }),
      this.tracks.find({ where: { eventId: event.id }, order: { name: 'ASC' } }),
      this.sessions.find({ where: { eventId: event.id }, order: { startsAt: 'ASC', title: 'ASC' } }),
    ]);
    const participants =
      sessions.length === 0
        ? []
        : await this.participants.find({
            where: { sessionId: In(sessions.map((s) => s.id)) },
            order: { position: 'ASC' },
          });
    const speakerIds = [...new Set(participants.map((p) => p.speakerId))];
    const speakers = speakerIds.length === 0 ? [] : await this.speakers.findBy({ id: In(speakerIds) });
    const organizationIds = [
      ...new Set(speakers.map((s) => s.organizationId).filter((id): id is string => id !== null)),
    ];
    const organizations =
      organizationIds.length === 0 ? [] : await this.organizations.findBy({ id: In(organizationIds) });

    const roomById = new Map(rooms.map((room) => [room.id, room]));
    const trackById = new Map(tracks.map((track) => [track.id, track]));
    const speakerById = new Map(speakers.map((speaker) => [speaker.id, speaker]));
    const organizationById = new Map(organizations.map((org) => [org.id, org]));
    const roomOrder = (roomId: string | null): number =>
      roomId ? (roomById.get(roomId)?.position ?? Number.MAX_SAFE_INTEGER) : -1;

    const items: SnapshotSession[] = sessions
      .slice()
      .sort(
        (a, b) =>
          a.startsAt.localeCompare(b.startsAt) ||
          roomOrder(a.roomId) - roomOrder(b.roomId) ||
          a.title.localeCompare(b.title),
      )
      .map((session) => ({
        session,
        room: session.roomId ? (roomById.get(session.roomId) ?? null) : null,
        track: session.trackId ? (trackById.get(session.trackId) ?? null) : null,
        participants: participants
          .filter((p) => p.sessionId === session.id && speakerById.has(p.speakerId))
          .sort((a, b) => a.position - b.position)
          .map((p) => {
            const speaker = speakerById.get(p.speakerId)!;
            return {
              speaker,
              role: p.role,
              organization: speaker.organizationId
                ? (organizationById.get(speaker.organizationId) ?? null)
                : null,
            };
          }),
      }));
    const snapshot = { event, rooms, tracks, sessions: items, origin };
    return localizeSnapshot(snapshot, Localizer.forEvent(content, event.languages));
  }
}
