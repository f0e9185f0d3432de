import { AgendaSession } from '../agenda/agenda-session.entity';
import { ParticipantRole } from '../agenda/session-participant.entity';
import { Event } from '../events/event.entity';
import { Organization } from '../organizations/organization.entity';
import { Room } from '../programme/room.entity';
import { Speaker } from '../programme/speaker.entity';
import { Track } from '../programme/track.entity';

export interface SnapshotParticipant {
  speaker: Speaker;
  organization: Organization | null;
  role: ParticipantRole;
}

export interface SnapshotSession {
  session: AgendaSession;
  room: Room | null;
  track: Track | null;
  /** In the order the organizer listed them. */
  participants: SnapshotParticipant[];
  /** The original title, when `session.title` is a translation: slugs stay the same in every language. */
  slugTitle?: string;
}

/** Everything an export needs, read once: the exporters themselves are pure functions of it. */
export interface ProgrammeSnapshot {
  event: Event;
  /** Display order. */
  rooms: Room[];
  tracks: Track[];
  /** Ordered by start, then room position, then title; cancelled ones included. */
  sessions: SnapshotSession[];
  /** `https://host` the request came to, for absolute links. */
  origin: string;
}

/** The canonical, absolute URL of a session resource. */
export const sessionUrl = (snapshot: ProgrammeSnapshot, sessionId: string): string =>
  `${snapshot.origin}/api/events/${encodeURIComponent(snapshot.event.slug)}/sessions/${sessionId}`;

export const ROLE_LABELS: Record<ParticipantRole, string> = {
  speaker: 'Speaker',
  moderator: 'Moderator',
  panelist: 'Panelist',
  host: 'Host',
};

/** "Moderator: Name, Position (Org)" lines, for descriptions. */
export function participantLines(participants: SnapshotParticipant[]): string[] {
  return participants.map(({ speaker, organization, role }) => {
    const details = [speaker.position, organization?.name].filter(Boolean).join(', ');
    return `${ROLE_LABELS[role]}: ${speaker.name}${details ? ` (${details})` : ''}`;
  });
}

/**
 * A stable positive integer for a UUID (c3voc and frab still require integer ids): its first 28 bits, so it
 * fits the 32-bit ints older schedule apps use. Collisions within one schedule are resolved by `uniqueIds`.
 */
export const integerIdOf = (uuid: string): number => parseInt(uuid.replace(/-/g, '').slice(0, 7), 16) + 1;

/** Integer ids for a set of UUIDs, unique within the set and the same for the same set every time. */
export function uniqueIntegerIds(uuids: string[]): Map<string, number> {
  const ids = new Map<string, number>();
  const taken = new Set<number>();
  for (const uuid of [...new Set(uuids)].sort()) {
    let id = integerIdOf(uuid);
    while (taken.has(id)) {
      id += 1;
    }
    taken.add(id);
    ids.set(uuid, id);
  }
  return ids;
}

/** ASCII slug of a title (`<&> Opening: Joint Initiative` → `opening-joint-initiative`); may be empty. */
export function slugify(text: string, maxLength = 48): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/g, '');
}
