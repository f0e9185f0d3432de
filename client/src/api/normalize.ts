import type {
  Organization,
  Participant,
  RawParticipant,
  RawSession,
  Room,
  Session,
  Speaker,
  Stream,
  Track,
} from './types';

/** Lookup tables of an event's programme, used when the server sends ids rather than embedded objects. */
export interface ProgrammeIndex {
  rooms: Map<string, Room>;
  tracks: Map<string, Track>;
  speakers: Map<string, Speaker>;
  organizations: Map<string, Organization>;
}

export function emptyIndex(): ProgrammeIndex {
  return { rooms: new Map(), tracks: new Map(), speakers: new Map(), organizations: new Map() };
}

export function buildIndex(parts: {
  rooms?: Room[];
  tracks?: Track[];
  speakers?: Speaker[];
  organizations?: Organization[];
}): ProgrammeIndex {
  return {
    rooms: new Map((parts.rooms ?? []).map((room) => [room.id, room])),
    tracks: new Map((parts.tracks ?? []).map((track) => [track.id, track])),
    speakers: new Map((parts.speakers ?? []).map((speaker) => [speaker.id, speaker])),
    organizations: new Map((parts.organizations ?? []).map((org) => [org.id, org])),
  };
}

function normalizeParticipant(raw: RawParticipant, index: ProgrammeIndex): Participant | null {
  const speakerId = raw.speakerId ?? raw.speaker?.id;
  if (!speakerId) {
    return null;
  }
  const speaker = raw.speaker ?? index.speakers.get(speakerId);
  const organizationId = raw.organizationId ?? speaker?.organizationId ?? null;
  const organization =
    raw.organization ??
    speaker?.organization ??
    (organizationId ? (index.organizations.get(organizationId) ?? null) : null);
  return {
    speakerId,
    role: raw.role,
    name: raw.name ?? speaker?.name ?? '',
    position: raw.position ?? speaker?.position ?? null,
    organization,
    lang: raw.lang ?? null,
  };
}

/** Resolves a session's room, track and participants whatever form the server sent them in. */
export function normalizeSession(raw: RawSession, index: ProgrammeIndex): Session {
  const roomId = raw.roomId ?? raw.room?.id ?? null;
  const room = raw.room ?? (roomId ? (index.rooms.get(roomId) ?? null) : null);
  const trackId = raw.trackId ?? raw.track?.id ?? null;
  const track = raw.track ?? (trackId ? (index.tracks.get(trackId) ?? null) : null);
  const participants = (raw.participants ?? [])
    .map((participant) => normalizeParticipant(participant, index))
    .filter((participant): participant is Participant => participant !== null);
  return {
    id: raw.id,
    title: raw.title,
    abstract: raw.abstract ?? null,
    kind: raw.kind,
    startsAt: raw.startsAt,
    endsAt: raw.endsAt,
    room,
    track,
    language: raw.language ?? null,
    interpretation: raw.interpretation ?? [],
    lang: raw.lang ?? null,
    participants,
    capacity: raw.capacity ?? null,
    qaEnabled: raw.qa?.enabled ?? raw.qaEnabled ?? true,
    qaModerated: raw.qa?.moderated ?? raw.qaModerated ?? false,
    qaOpen: raw.qa?.open ?? raw.qaOpen ?? true,
    chatEnabled: raw.chatEnabled ?? true,
    cancelled: raw.status === 'cancelled',
    liveStatus: raw.liveStatus ?? 'upcoming',
    streamUrl: raw.streamUrl ?? room?.streamUrl ?? null,
    recordings: raw.recordings ?? [],
    stream: effectiveStream(raw, room),
    ownStream: raw.stream ?? null,
  };
}

/** The session's own stream, else its room's; a bare `streamUrl` (older servers) is an embed. */
export function effectiveStream(raw: RawSession, room: Room | null): Stream | null {
  if (raw.stream) {
    return raw.stream;
  }
  if (room?.stream) {
    return room.stream;
  }
  const url = raw.streamUrl ?? room?.streamUrl;
  return url ? { kind: 'embed', url } : null;
}
