import { ApiError } from '../api/http-client';
import { buildIndex, normalizeSession, type ProgrammeIndex } from '../api/normalize';
import type { EventInfo, Organization, RawSession, Room, Speaker, Track } from '../api/types';
import type { AppContext } from '../app-context';
import { localDateOf } from '../i18n/format';
import type { AgendaDayView } from '../state/agenda.store';

export interface ProgrammeData {
  event: EventInfo;
  rooms: Room[];
  tracks: Track[];
  speakers: Speaker[];
  organizations: Organization[];
  index: ProgrammeIndex;
}

async function settled<T>(promise: Promise<T[]>): Promise<T[]> {
  try {
    return await promise;
  } catch {
    return [];
  }
}

/** The event and its programme lookups; the event itself must load, the rest is best effort. */
export async function loadProgramme(ctx: AppContext, slug: string): Promise<ProgrammeData> {
  const [event, rooms, tracks, speakers, organizations] = await Promise.all([
    ctx.api.event(slug),
    settled(ctx.api.rooms(slug)),
    settled(ctx.api.tracks(slug)),
    settled(ctx.api.speakers(slug)),
    settled(ctx.api.organizations()),
  ]);
  rooms.sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  return {
    event,
    rooms,
    tracks,
    speakers,
    organizations,
    index: buildIndex({ rooms, tracks, speakers, organizations }),
  };
}

/** Groups sessions by their local date in `timezone` (the agenda endpoint does this server-side). */
export function groupByDay(
  sessions: readonly RawSession[],
  timezone: string,
): { date: string; sessions: RawSession[] }[] {
  const days = new Map<string, RawSession[]>();
  const sorted = [...sessions].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  for (const session of sorted) {
    const date = localDateOf(session.startsAt, timezone);
    days.set(date, [...(days.get(date) ?? []), session]);
  }
  return [...days.entries()].map(([date, list]) => ({ date, sessions: list }));
}

/** The agenda in `timezone`; falls back to the sessions list while the agenda endpoint is missing. */
export async function loadAgenda(
  ctx: AppContext,
  data: ProgrammeData,
  timezone: string,
): Promise<{ timezone: string; days: AgendaDayView[] }> {
  let raw: { timezone: string; days: { date: string; sessions: RawSession[] }[] };
  try {
    raw = await ctx.api.agenda(data.event.slug, timezone);
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'NOT_FOUND') {
      throw error;
    }
    const sessions = await ctx.api.sessions(data.event.slug);
    raw = { timezone, days: groupByDay(sessions, timezone) };
  }
  return {
    timezone: raw.timezone || timezone,
    days: raw.days.map((day) => ({
      date: day.date,
      sessions: day.sessions.map((session) => normalizeSession(session, data.index)),
    })),
  };
}
