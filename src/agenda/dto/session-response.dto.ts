import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { Localizer, LocalizedResponseDto } from '../../common/i18n';
import { toZonedIso } from '../../common/time/zoned-time';
import type { Organization } from '../../organizations/organization.entity';
import type { Room } from '../../programme/room.entity';
import type { Speaker } from '../../programme/speaker.entity';
import type { Track } from '../../programme/track.entity';
import {
  AgendaSession,
  LiveStatus,
  SESSION_KINDS,
  SessionKind,
  SessionStatus,
} from '../agenda-session.entity';
import { PARTICIPANT_ROLES, ParticipantRole, SessionParticipant } from '../session-participant.entity';

export class SessionRoomDto extends LocalizedResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Main Stage' }) name!: string;
  @ApiProperty({ type: String, nullable: true, example: 'https://stream.example.org/main' })
  streamUrl!: string | null;
}

export class SessionTrackDto extends LocalizedResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Green development' }) name!: string;
  @ApiProperty({ example: '#2E7D32' }) color!: string;
}

export class ParticipantOrganizationDto extends LocalizedResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Development Research Center of the State Council' }) name!: string;
  @ApiProperty({ type: String, nullable: true, example: 'DRC' }) shortName!: string | null;
}

export class SessionParticipantDto extends LocalizedResponseDto {
  @ApiProperty({ format: 'uuid' }) speakerId!: string;
  @ApiProperty({ example: 'Ana Lima' }) name!: string;
  @ApiProperty({ type: String, nullable: true }) position!: string | null;
  @ApiProperty({ type: ParticipantOrganizationDto, nullable: true })
  organization!: ParticipantOrganizationDto | null;
  @ApiProperty({ enum: PARTICIPANT_ROLES }) role!: ParticipantRole;
}

export class SessionQaDto {
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ description: 'Questions wait for a moderator before they are shown' }) moderated!: boolean;
  @ApiProperty({ description: 'False once a moderator closes Q&A or the session ended' }) open!: boolean;
}

export class SessionResponseDto extends LocalizedResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, nullable: true }) abstract!: string | null;
  @ApiProperty({ enum: SESSION_KINDS }) kind!: SessionKind;
  @ApiProperty({
    example: '2030-11-20T01:00:00Z',
    description: 'UTC (`Z`), or with the offset of the requested `tz`',
  })
  startsAt!: string;
  @ApiProperty({ example: '2030-11-20T02:00:00Z' }) endsAt!: string;
  @ApiProperty({ type: SessionRoomDto, nullable: true, description: 'null for a break held for all rooms' })
  room!: SessionRoomDto | null;
  @ApiProperty({ type: SessionTrackDto, nullable: true }) track!: SessionTrackDto | null;
  @ApiProperty({ type: String, nullable: true, example: 'zh', description: 'The language spoken on stage' })
  language!: string | null;
  @ApiProperty({
    type: [String],
    example: ['en', 'ru'],
    description: 'Languages offered as simultaneous interpretation',
  })
  interpretation!: string[];
  @ApiProperty({ type: Number, nullable: true }) capacity!: number | null;
  @ApiProperty({ type: SessionQaDto }) qa!: SessionQaDto;
  @ApiProperty() chatEnabled!: boolean;
  @ApiProperty({ enum: ['scheduled', 'cancelled'] }) status!: SessionStatus;
  @ApiProperty({ enum: ['upcoming', 'live', 'ended'] }) liveStatus!: LiveStatus;
  @ApiProperty({ description: 'iCalendar SEQUENCE: rises with every change a calendar must notice' })
  sequence!: number;
  @ApiProperty({ type: [SessionParticipantDto], description: 'In order of appearance' })
  participants!: SessionParticipantDto[];
}

export class SessionListResponseDto {
  @ApiProperty({ type: [SessionResponseDto], description: 'Ordered by start' }) items!: SessionResponseDto[];
}

/** What a session response shows besides the session row itself (loaded in bulk by SessionViewLoader). */
export interface SessionRefs {
  room: Room | null;
  track: Track | null;
  /** Already in stage order. */
  participants: { participant: SessionParticipant; speaker: Speaker; organization: Organization | null }[];
}

/** Times in UTC (`Z`) unless `timeZone` asks for another zone's offset. */
export function toSessionResponse(
  session: AgendaSession,
  refs: SessionRefs,
  timeZone = 'UTC',
  localizer = Localizer.ORIGINAL,
): SessionResponseDto {
  const directory = localizer.directory;
  return {
    id: session.id,
    eventId: session.eventId,
    ...localizer.fields(session, ['title', 'abstract']),
    kind: session.kind,
    startsAt: toZonedIso(session.startsAt, timeZone),
    endsAt: toZonedIso(session.endsAt, timeZone),
    room: refs.room
      ? { id: refs.room.id, ...localizer.fields(refs.room, ['name']), streamUrl: refs.room.streamUrl }
      : null,
    track: refs.track
      ? { id: refs.track.id, ...localizer.fields(refs.track, ['name']), color: refs.track.color }
      : null,
    language: session.language,
    interpretation: session.interpretation ?? [],
    capacity: session.capacity,
    qa: { enabled: session.qaEnabled, moderated: session.qaModerated, open: session.qaOpen },
    chatEnabled: session.chatEnabled,
    status: session.status,
    liveStatus: session.liveStatus,
    sequence: session.sequence,
    participants: refs.participants.map(({ participant, speaker, organization }) => ({
      speakerId: speaker.id,
      ...localizer.fields(speaker, ['name', 'position']),
      organization: organization
        ? { id: organization.id, ...directory.fields(organization, ['name', 'shortName']) }
        : null,
      role: participant.role,
    })),
  };
}

export class ProgrammeChangeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) sessionId!: string | null;
  @ApiProperty({ enum: ['added', 'moved', 'room-changed', 'updated', 'cancelled', 'removed'] }) kind!: string;
  @ApiProperty({
    example: '"Opening" moved from 2030-11-20 09:00–10:00 to 2030-11-20 10:00–11:00 (Asia/Shanghai)',
  })
  summary!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'The changed fields before the change (times in UTC)',
  })
  before!: Record<string, unknown> | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'The same fields after',
  })
  after!: Record<string, unknown> | null;
  @ApiProperty({ example: '2030-11-01T08:00:00.000Z' }) createdAt!: string;
}

export class ProgrammeChangeListDto {
  @ApiProperty({ type: [ProgrammeChangeDto], description: 'Newest first' }) items!: ProgrammeChangeDto[];
  @ApiProperty() limit!: number;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Pass as `?cursor=` for the next page' })
  nextCursor!: string | null;
}

export class EventAgendaDayDto {
  @ApiProperty({ example: '2030-11-20', description: 'Local date in the agenda time zone' }) date!: string;
  @ApiProperty({ type: [SessionResponseDto], description: 'Ordered by start, times in the agenda time zone' })
  sessions!: SessionResponseDto[];
}

export class EventAgendaResponseDto {
  @ApiProperty({ example: 'Asia/Shanghai' }) timezone!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'zh',
    description:
      'The language asked for and served where translated (else the original); each session says its own `lang`',
  })
  lang!: string | null;
  @ApiProperty({ type: [EventAgendaDayDto] }) days!: EventAgendaDayDto[];
}
