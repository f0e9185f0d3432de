import { localDateOf, localTimeOf } from '../common/time/zoned-time';
import type { AgendaSession } from './agenda-session.entity';
import type { ProgrammeChangeKind } from './programme-change.entity';
import type { ParticipantRole } from './session-participant.entity';

/**
 * What changed in a session, in the vocabulary of the public change log: pure functions from a before and an
 * after snapshot to the change's kind, its before/after fields and a sentence for attendees.
 */

export interface SessionSnapshot {
  title: string;
  abstract: string | null;
  kind: AgendaSession['kind'];
  startsAt: string;
  endsAt: string;
  roomId: string | null;
  trackId: string | null;
  language: string | null;
  interpretation: string[];
  translations: AgendaSession['translations'];
  capacity: number | null;
  qaEnabled: boolean;
  qaModerated: boolean;
  chatEnabled: boolean;
  recordings?: { lang?: string; url: string }[];
  status: AgendaSession['status'];
  participants: { speakerId: string; role: ParticipantRole }[];
}

export type SnapshotField = keyof SessionSnapshot;

const FIELDS: readonly SnapshotField[] = [
  'title',
  'abstract',
  'kind',
  'startsAt',
  'endsAt',
  'roomId',
  'trackId',
  'language',
  'interpretation',
  'translations',
  'capacity',
  'qaEnabled',
  'qaModerated',
  'chatEnabled',
  'recordings',
  'status',
  'participants',
];

/** Changes a subscribed calendar must notice: each raises the session's iCalendar SEQUENCE. */
const CALENDAR_FIELDS: ReadonlySet<SnapshotField> = new Set<SnapshotField>([
  'title',
  'abstract',
  'startsAt',
  'endsAt',
  'roomId',
  'status',
  'translations',
]);

export function snapshotOf(
  session: AgendaSession,
  participants: { speakerId: string; role: ParticipantRole }[],
): SessionSnapshot {
  return {
    title: session.title,
    abstract: session.abstract,
    kind: session.kind,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    roomId: session.roomId,
    trackId: session.trackId,
    language: session.language,
    interpretation: session.interpretation ?? [],
    translations: session.translations ?? null,
    capacity: session.capacity,
    qaEnabled: session.qaEnabled,
    qaModerated: session.qaModerated,
    chatEnabled: session.chatEnabled,
    recordings: (session.recordings ?? []).map(({ lang, url }) => (lang ? { lang, url } : { url })),
    status: session.status,
    participants: participants.map(({ speakerId, role }) => ({ speakerId, role })),
  };
}

export interface SessionDiff {
  fields: SnapshotField[];
  before: Partial<SessionSnapshot>;
  after: Partial<SessionSnapshot>;
}

export function diffSnapshots(before: SessionSnapshot, after: SessionSnapshot): SessionDiff {
  const diff: SessionDiff = { fields: [], before: {}, after: {} };
  for (const field of FIELDS) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) {
      diff.fields.push(field);
      Object.assign(diff.before, { [field]: before[field] });
      Object.assign(diff.after, { [field]: after[field] });
    }
  }
  return diff;
}

export function raisesSequence(fields: readonly SnapshotField[]): boolean {
  return fields.some((field) => CALENDAR_FIELDS.has(field));
}

/** The change-log kind of an update; null when nothing changed. */
export function updateKindOf(fields: readonly SnapshotField[]): ProgrammeChangeKind | null {
  if (fields.length === 0) {
    return null;
  }
  if (fields.includes('status')) {
    return 'cancelled';
  }
  if (fields.includes('startsAt') || fields.includes('endsAt')) {
    return 'moved';
  }
  if (fields.includes('roomId')) {
    return 'room-changed';
  }
  return 'updated';
}

export interface SummaryContext {
  /** Times in the summary are written in the event's zone, as organizers planned them. */
  timezone: string;
  roomName(roomId: string | null): string | null;
}

const MAX_SUMMARY = 500;

function slotOf(snapshot: Pick<SessionSnapshot, 'startsAt' | 'endsAt'>, timezone: string): string {
  const startDate = localDateOf(snapshot.startsAt, timezone);
  const endDate = localDateOf(snapshot.endsAt, timezone);
  const end =
    endDate === startDate
      ? localTimeOf(snapshot.endsAt, timezone)
      : `${endDate} ${localTimeOf(snapshot.endsAt, timezone)}`;
  return `${startDate} ${localTimeOf(snapshot.startsAt, timezone)}–${end}`;
}

function placeOf(roomId: string | null, context: SummaryContext): string {
  return roomId === null ? 'all rooms' : (context.roomName(roomId) ?? 'an unnamed room');
}

const clip = (sentence: string): string =>
  sentence.length <= MAX_SUMMARY ? sentence : `${sentence.slice(0, MAX_SUMMARY - 1)}…`;

/** One sentence for attendees, e.g. `"Opening" moved from 2030-11-20 09:00–10:00 to 2030-11-20 10:00–11:00 (Asia/Shanghai)`. */
export function summarize(
  kind: ProgrammeChangeKind,
  before: SessionSnapshot | null,
  after: SessionSnapshot,
  context: SummaryContext,
): string {
  const title = `"${after.title}"`;
  const zone = `(${context.timezone})`;
  switch (kind) {
    case 'added':
      return clip(
        `Added ${title} on ${slotOf(after, context.timezone)} ${zone} in ${placeOf(after.roomId, context)}`,
      );
    case 'moved': {
      const from = before ? slotOf(before, context.timezone) : '?';
      const roomMoved = before !== null && before.roomId !== after.roomId;
      const room = roomMoved ? `, now in ${placeOf(after.roomId, context)}` : '';
      return clip(`${title} moved from ${from} to ${slotOf(after, context.timezone)} ${zone}${room}`);
    }
    case 'room-changed':
      return clip(
        `${title} moved from ${placeOf(before?.roomId ?? null, context)} to ${placeOf(after.roomId, context)}`,
      );
    case 'cancelled':
      return clip(`${title} on ${slotOf(after, context.timezone)} ${zone} was cancelled`);
    case 'removed':
      return clip(`${title} was removed from the programme`);
    case 'updated': {
      const fields = before ? diffSnapshots(before, after).fields : [];
      const renamed = before && before.title !== after.title ? ` (formerly "${before.title}")` : '';
      return clip(`${title}${renamed} was updated: ${fields.join(', ') || 'details'}`);
    }
  }
}
