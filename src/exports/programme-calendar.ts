import { CalendarEntry, renderCalendar } from './icalendar';
import { participantLines, ProgrammeSnapshot, sessionUrl } from './programme-snapshot';

/** Subscribed calendars re-read the programme hourly: changes reach attendees without flooding the server. */
export const PROGRAMME_REFRESH_MINUTES = 60;

/** The calendar UID of a session: stable for its lifetime, whatever changes. */
export const sessionUid = (sessionId: string): string => `${sessionId}@plenary`;

/**
 * The whole programme as iCalendar entries in the event's zone. Cancelled sessions stay, marked CANCELLED,
 * so subscribed calendars remove them instead of keeping a stale copy.
 */
export function programmeCalendarEntries(snapshot: ProgrammeSnapshot): CalendarEntry[] {
  const { event } = snapshot;
  return snapshot.sessions.map(({ session, room, track, participants }) => {
    const recordings = (session.recordings ?? []).map(
      ({ lang, url }) => `Recording${lang ? ` (${lang})` : ''}: ${url}`,
    );
    const description = [
      session.abstract ?? '',
      participantLines(participants).join('\n'),
      recordings.join('\n'),
    ]
      .filter((part) => part.length > 0)
      .join('\n\n');
    return {
      uid: sessionUid(session.id),
      sequence: session.sequence,
      status: session.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
      startsAt: session.startsAt,
      endsAt: session.endsAt,
      timezone: event.timezone,
      summary: session.title,
      ...(description ? { description } : {}),
      ...(room ? { location: room.name } : {}),
      url: sessionUrl(snapshot, session.id),
      attachments: (session.recordings ?? []).map((recording) => recording.url),
      categories: [track?.name, session.kind].filter((c): c is string => Boolean(c)),
      lastModified: session.updatedAt,
    };
  });
}

export function renderProgrammeCalendar(snapshot: ProgrammeSnapshot): string {
  return renderCalendar({
    name: snapshot.event.title,
    timezone: snapshot.event.timezone,
    entries: programmeCalendarEntries(snapshot),
    refreshIntervalMinutes: PROGRAMME_REFRESH_MINUTES,
  });
}
