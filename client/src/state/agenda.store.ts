import type { Room, Session } from '../api/types';
import { createStore, type Store } from './store';

export interface AgendaFilters {
  trackId: string;
  roomId: string;
  language: string;
}

export const NO_FILTERS: AgendaFilters = { trackId: '', roomId: '', language: '' };

export interface AgendaDayView {
  date: string;
  sessions: Session[];
}

export interface AgendaState {
  timezone: string;
  days: AgendaDayView[];
  filters: AgendaFilters;
  bookmarks: ReadonlySet<string>;
}

export function matchesFilters(session: Session, filters: AgendaFilters): boolean {
  // Breaks belong to every room, track and language: filtering never hides the shape of the day.
  if (session.kind === 'break') {
    return true;
  }
  if (filters.trackId && session.track?.id !== filters.trackId) {
    return false;
  }
  if (filters.roomId && session.room?.id !== filters.roomId) {
    return false;
  }
  if (filters.language && !speaks(session, filters.language)) {
    return false;
  }
  return true;
}

export function filterDays(days: readonly AgendaDayView[], filters: AgendaFilters): AgendaDayView[] {
  return days.map((day) => ({
    date: day.date,
    sessions: day.sessions.filter((s) => matchesFilters(s, filters)),
  }));
}

/** What is on now and what starts next (the earliest start after now), ignoring breaks and cancellations. */
export function nowAndNext(sessions: readonly Session[], nowMs: number): { now: Session[]; next: Session[] } {
  const candidates = sessions.filter((session) => !session.cancelled && session.kind !== 'break');
  const now = candidates.filter(
    (session) =>
      session.liveStatus === 'live' ||
      (session.liveStatus !== 'ended' &&
        Date.parse(session.startsAt) <= nowMs &&
        Date.parse(session.endsAt) > nowMs),
  );
  const upcoming = candidates
    .filter((session) => Date.parse(session.startsAt) > nowMs && !now.includes(session))
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  const firstStart = upcoming[0] ? Date.parse(upcoming[0].startsAt) : undefined;
  const next =
    firstStart === undefined ? [] : upcoming.filter((session) => Date.parse(session.startsAt) === firstStart);
  return { now, next };
}

export interface GridPlacement {
  session: Session;
  /** 1-based grid column of the room, or null when the session spans every room. */
  column: number | null;
  rowStart: number;
  rowEnd: number;
}

export interface DayGrid {
  rooms: Room[];
  /** Instants (ms) of the grid lines; row n spans lines[n-1]..lines[n]. */
  lines: number[];
  placements: GridPlacement[];
}

/**
 * Lays a day out with rooms side by side: one row per interval between distinct start/end times, so
 * parallel sessions line up and a session that runs across several rows spans them.
 */
export function layoutDay(sessions: readonly Session[], rooms: readonly Room[]): DayGrid {
  const usedRoomIds = new Set(sessions.map((session) => session.room?.id).filter(Boolean));
  const dayRooms = rooms.filter((room) => usedRoomIds.has(room.id));
  for (const session of sessions) {
    if (session.room && !dayRooms.some((room) => room.id === session.room?.id)) {
      dayRooms.push(session.room);
    }
  }
  const lineSet = new Set<number>();
  for (const session of sessions) {
    lineSet.add(Date.parse(session.startsAt));
    lineSet.add(Date.parse(session.endsAt));
  }
  const lines = [...lineSet].sort((a, b) => a - b);
  const lineIndex = new Map(lines.map((line, index) => [line, index + 1]));
  const placements = sessions.map((session) => {
    const roomIndex = session.room ? dayRooms.findIndex((room) => room.id === session.room?.id) : -1;
    return {
      session,
      column: roomIndex >= 0 ? roomIndex + 1 : null,
      rowStart: lineIndex.get(Date.parse(session.startsAt)) ?? 1,
      rowEnd: lineIndex.get(Date.parse(session.endsAt)) ?? 2,
    };
  });
  return { rooms: dayRooms, lines, placements };
}

export function distinctLanguages(days: readonly AgendaDayView[]): string[] {
  const languages = new Set<string>();
  for (const day of days) {
    for (const session of day.sessions) {
      for (const tag of session.interpretation) {
        languages.add(tag);
      }
      if (session.language) {
        languages.add(session.language);
      }
    }
  }
  return [...languages].sort();
}

export function createAgendaStore(): Store<AgendaState> {
  return createStore<AgendaState>({ timezone: 'UTC', days: [], filters: NO_FILTERS, bookmarks: new Set() });
}

/** Held in the language or interpreted into it: what "sessions in Russian" means to a listener. */
export function speaks(session: Pick<Session, 'language' | 'interpretation'>, language: string): boolean {
  return session.language === language || session.interpretation.includes(language);
}
