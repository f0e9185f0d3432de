/**
 * The c3voc schedule model (https://c3voc.de/schedule/schema.json): the JSON export is this object as is,
 * and the frab XML export is rendered from it, so the two never disagree.
 */
import {
  addDays,
  daysBetween,
  localDateOf,
  localTimeOf,
  toZonedIso,
  zonedToUtcMs,
} from '../common/time/zoned-time';
import { roomStream } from '../programme/stream';
import {
  integerIdOf,
  participantLines,
  ProgrammeSnapshot,
  sessionUrl,
  slugify,
  SnapshotSession,
  uniqueIntegerIds,
} from './programme-snapshot';

export const SCHEDULE_VERSION_PREFIX = 'plenary';

export interface C3vocReference {
  type?: 'slides' | 'paper' | 'web' | 'blog' | 'article' | 'media' | 'related' | 'activitypub';
  url: string;
  title?: string;
}

export interface C3vocPerson {
  id: number;
  guid: string;
  public_name: string;
  biography: string | null;
  /** Plenary's participant role (speaker, moderator, panelist, host): an extension c3voc allows. */
  role: string;
  organization: string | null;
  position: string | null;
}

export interface C3vocEvent {
  guid: string;
  id: number;
  date: string;
  start: string;
  end: string;
  duration: string;
  room: string;
  slug: string;
  url: string;
  title: string;
  subtitle: string;
  track: string | null;
  type: string;
  language: string | null;
  abstract: string | null;
  description: string | null;
  recording_license: string;
  do_not_record: boolean;
  persons: C3vocPerson[];
  links: C3vocReference[];
  attachments: C3vocReference[];
}

export interface C3vocDay {
  index: number;
  date: string;
  day_start: string;
  day_end: string;
  rooms: Record<string, C3vocEvent[]>;
}

export interface C3vocSchedule {
  $schema: string;
  generator: { name: string; version: string };
  schedule: {
    version: string;
    base_url: string;
    conference: {
      acronym: string;
      title: string;
      description?: string;
      start: string;
      end: string;
      daysCount: number;
      timeslot_duration: string;
      time_zone_name?: string;
      url: string;
      tracks: { name: string; slug?: string; color: string }[];
      rooms: {
        name: string;
        guid: string;
        slug?: string;
        type: 'online';
        capacity: number | null;
        url?: string;
      }[];
      days: C3vocDay[];
    };
  };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `H:MM`-style duration `HH:MM` (hours may exceed 24 for very long sessions). */
export function formatDuration(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/**
 * The c3voc acronym: the event slug with hyphens turned into underscores, because the schema's pattern
 * (`^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$`) allows a hyphen only in a `-YYYY-name` suffix.
 */
export function acronymOf(slug: string): string {
  const acronym = slug.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return acronym.padEnd(4, '_');
}

/** The schema's zone pattern is `^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$`; a zone outside it is left out. */
const C3VOC_ZONE = /^([A-Z][a-z]+\/[A-Z][a-z]+)|UTC$/;

const isHttpUrl = (value: string | null | undefined): value is string => {
  if (!value) {
    return false;
  }
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
};

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The coarsest grid (30, 15, 10 or 5 minutes) every start and duration sits on. */
function timeslotMinutes(sessions: SnapshotSession[], timeZone: string): number {
  let divisor = 0;
  for (const { session } of sessions) {
    const start = Date.parse(session.startsAt);
    const [hours, minutes] = localTimeOf(start, timeZone).split(':').map(Number);
    divisor = gcd(divisor, hours * 60 + minutes);
    divisor = gcd(divisor, Math.round((Date.parse(session.endsAt) - start) / 60000));
  }
  if (divisor === 0) {
    return 15;
  }
  return [30, 15, 10, 5].find((slot) => divisor % slot === 0) ?? Math.max(1, divisor);
}

/**
 * Builds the c3voc schedule of the published programme: cancelled sessions are left out, and so are
 * breaks without a room (they belong to every room and to no schedule column, as in pretalx's export).
 */
export function buildC3vocSchedule(snapshot: ProgrammeSnapshot): C3vocSchedule {
  const { event, origin } = snapshot;
  const zone = event.timezone;
  const acronym = acronymOf(event.slug);
  const listed = snapshot.sessions.filter(
    ({ session, room }) => session.status !== 'cancelled' && room !== null,
  );
  const sessionIds = uniqueIntegerIds(listed.map(({ session }) => session.id));
  // One id per speaker across the whole schedule, so apps can link a person's sessions.
  const personIds = uniqueIntegerIds(
    listed.flatMap(({ participants }) => participants.map((p) => p.speaker.id)),
  );

  const dates = new Set<string>();
  for (let day = event.startsOn; day <= event.endsOn; day = addDays(day, 1)) {
    dates.add(day);
  }
  for (const { session } of listed) {
    dates.add(localDateOf(session.startsAt, zone));
  }
  const sortedDates = [...dates].sort();

  const days: C3vocDay[] = sortedDates.map((date, index) => {
    const rooms: Record<string, C3vocEvent[]> = {};
    for (const room of snapshot.rooms) {
      rooms[room.name] = [];
    }
    for (const item of listed) {
      if (localDateOf(item.session.startsAt, zone) === date) {
        (rooms[item.room!.name] ??= []).push(
          toEvent(snapshot, item, acronym, { sessions: sessionIds, persons: personIds }),
        );
      }
    }
    return {
      index: index + 1,
      date,
      day_start: toZonedIso(zonedToUtcMs(date, '00:00', zone), zone),
      day_end: toZonedIso(zonedToUtcMs(addDays(date, 1), '00:00', zone) - 60_000, zone),
      rooms,
    };
  });

  const firstDay = sortedDates[0] ?? event.startsOn;
  const lastDay = sortedDates[sortedDates.length - 1] ?? event.endsOn;
  const trackSlugs = new Set<string>();
  return {
    $schema: 'https://c3voc.de/schedule/schema.json',
    generator: { name: 'plenary', version: '1.0' },
    schedule: {
      version: `${SCHEDULE_VERSION_PREFIX}-${scheduleRevision(snapshot)}`,
      base_url: `${origin}/`,
      conference: {
        acronym,
        title: event.title,
        ...(event.description ? { description: event.description } : {}),
        start: firstDay,
        end: lastDay,
        daysCount: daysBetween(firstDay, lastDay) + 1,
        timeslot_duration: formatDuration(timeslotMinutes(listed, zone)),
        ...(C3VOC_ZONE.test(zone) ? { time_zone_name: zone } : {}),
        url: `${origin}/api/events/${encodeURIComponent(event.slug)}`,
        tracks: snapshot.tracks.map((track) => {
          // frab's track slug must start with a letter; names in other scripts get none.
          const slug = slugify(track.name);
          const usable = /^[a-z][a-z0-9-]+$/.test(slug) && !trackSlugs.has(slug);
          if (usable) {
            trackSlugs.add(slug);
          }
          return { name: track.name, ...(usable ? { slug } : {}), color: track.color.toLowerCase() };
        }),
        rooms: snapshot.rooms.map((room) => ({
          name: room.name,
          guid: room.id,
          type: 'online' as const,
          capacity: room.capacity,
          ...(isHttpUrl(roomStream(room)?.url) ? { url: roomStream(room)!.url } : {}),
        })),
        days,
      },
    },
  };
}

/** The newest change to anything listed: a version string that changes whenever the programme does. */
function scheduleRevision(snapshot: ProgrammeSnapshot): string {
  let latest = snapshot.event.updatedAt;
  for (const { session } of snapshot.sessions) {
    if (session.updatedAt > latest) {
      latest = session.updatedAt;
    }
  }
  return latest.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

function toEvent(
  snapshot: ProgrammeSnapshot,
  { session, room, track, participants, slugTitle }: SnapshotSession,
  acronym: string,
  ids: { sessions: Map<string, number>; persons: Map<string, number> },
): C3vocEvent {
  const zone = snapshot.event.timezone;
  const minutes = Math.round((Date.parse(session.endsAt) - Date.parse(session.startsAt)) / 60000);
  const titleSlug = slugify(slugTitle ?? session.title);
  const people = participantLines(participants);
  // The session's own stream overrides its room's (an hls stream exports its master playlist).
  const streamUrl = (session.stream ?? (room ? roomStream(room) : null))?.url;
  return {
    guid: session.id,
    id: ids.sessions.get(session.id) ?? integerIdOf(session.id),
    date: toZonedIso(session.startsAt, zone),
    start: localTimeOf(session.startsAt, zone),
    end: toZonedIso(session.endsAt, zone),
    duration: formatDuration(minutes),
    room: room!.name,
    // `<acronym>-<8 hex of the id>-<title>`: unique, stable, and inside frab's voc-slug-new pattern.
    slug: [acronym, session.id.replace(/-/g, '').slice(0, 8), titleSlug].filter(Boolean).join('-'),
    url: sessionUrl(snapshot, session.id),
    title: session.title,
    subtitle: '',
    track: track?.name ?? null,
    type: session.kind,
    language: session.language ?? snapshot.event.languages[0] ?? null,
    abstract: session.abstract ?? '',
    description: people.length > 0 ? people.join('\n') : null,
    recording_license: '',
    do_not_record: false,
    persons: participants.map(({ speaker, organization, role }) => ({
      id: ids.persons.get(speaker.id) ?? integerIdOf(speaker.id),
      guid: speaker.id,
      public_name: speaker.name,
      biography: speaker.bio,
      role,
      organization: organization?.name ?? null,
      position: speaker.position,
    })),
    links: [
      ...(isHttpUrl(streamUrl) ? [{ type: 'media' as const, url: streamUrl, title: 'Live stream' }] : []),
      // c3voc has no recording type: recordings are media links named after their language.
      ...(session.recordings ?? []).map(({ lang, url }) => ({
        type: 'media' as const,
        url,
        title: lang ? `Recording (${lang})` : 'Recording',
      })),
    ],
    attachments: [],
  };
}
