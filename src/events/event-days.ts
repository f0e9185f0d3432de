import { addDays, zonedToUtcMs } from '../common/time/zoned-time';

/**
 * The instants an event's days cover: from midnight of its first day to midnight after its last day, in
 * the event's time zone (so a day may be 23 or 25 hours long across a DST change).
 */
export function eventWindow(event: { startsOn: string; endsOn: string; timezone: string }): {
  startsAtMs: number;
  endsAtMs: number;
} {
  return {
    startsAtMs: zonedToUtcMs(event.startsOn, '00:00', event.timezone),
    endsAtMs: zonedToUtcMs(addDays(event.endsOn, 1), '00:00', event.timezone),
  };
}

export function isInsideEvent(
  event: { startsOn: string; endsOn: string; timezone: string },
  session: { startsAt: string; endsAt: string },
): boolean {
  const window = eventWindow(event);
  return Date.parse(session.startsAt) >= window.startsAtMs && Date.parse(session.endsAt) <= window.endsAtMs;
}
