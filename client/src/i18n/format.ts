/** Dates and times through Intl, in the chosen locale and an explicit IANA time zone. */

function parts(date: Date, timeZone: string): Record<string, string> {
  const formatter = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const result: Record<string, string> = {};
  for (const part of formatter.formatToParts(date)) {
    result[part.type] = part.value;
  }
  return result;
}

/** Minutes east of UTC of `timeZone` at the instant `ms`. */
export function offsetMinutes(timeZone: string, ms: number): number {
  const p = parts(new Date(ms), timeZone);
  const asUtc = Date.UTC(+p['year'], +p['month'] - 1, +p['day'], +p['hour'] % 24, +p['minute'], +p['second']);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
}

/** The calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDateOf(iso: string, timeZone: string): string {
  const p = parts(new Date(iso), timeZone);
  return `${p['year']}-${p['month']}-${p['day']}`;
}

/** `YYYY-MM-DDTHH:mm` wall-clock time of an instant in a zone (the value of a datetime-local input). */
export function toZonedLocal(iso: string, timeZone: string): string {
  const p = parts(new Date(iso), timeZone);
  return `${p['year']}-${p['month']}-${p['day']}T${String(+p['hour'] % 24).padStart(2, '0')}:${p['minute']}`;
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** A wall-clock `YYYY-MM-DDTHH:mm` in `timeZone` as an ISO 8601 string with that zone's offset. */
export function zonedLocalToIso(local: string, timeZone: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local);
  if (!match) {
    throw new Error(`Not a local date-time: ${local}`);
  }
  const [, y, mo, d, hh, mm] = match;
  const asUtc = Date.UTC(+y, +mo - 1, +d, +hh, +mm);
  // The offset at the guessed instant may differ from the one at the real instant across a DST change;
  // a second pass settles it.
  let offset = offsetMinutes(timeZone, asUtc);
  offset = offsetMinutes(timeZone, asUtc - offset * 60000);
  return `${y}-${mo}-${d}T${hh}:${mm}:00${formatOffset(offset)}`;
}

export function formatTime(iso: string, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, hour: 'numeric', minute: '2-digit' }).format(
    new Date(iso),
  );
}

export function formatTimeRange(startIso: string, endIso: string, locale: string, timeZone: string): string {
  return `${formatTime(startIso, locale, timeZone)}–${formatTime(endIso, locale, timeZone)}`;
}

/** A calendar date (YYYY-MM-DD) as a heading: weekday, day, month. */
export function formatDay(date: string, locale: string, style: 'long' | 'short' = 'long'): string {
  const instant = new Date(`${date}T12:00:00Z`);
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    weekday: style,
    day: 'numeric',
    month: style,
    ...(style === 'long' ? { year: 'numeric' } : {}),
  }).format(instant);
}

export function formatDateRange(startsOn: string, endsOn: string, locale: string): string {
  const format = new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
  const start = new Date(`${startsOn}T12:00:00Z`);
  const end = new Date(`${endsOn}T12:00:00Z`);
  return startsOn === endsOn ? format.format(start) : format.formatRange(start, end);
}

export function formatDateTime(iso: string, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(iso));
}

/** "GMT+8"-style label of a zone at an instant. */
export function zoneOffsetLabel(timeZone: string, locale: string, iso?: string): string {
  const date = iso ? new Date(iso) : new Date();
  const part = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'shortOffset' })
    .formatToParts(date)
    .find((item) => item.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

/** The zone name people recognise: the IANA id's city with underscores as spaces. */
export function zoneCity(timeZone: string): string {
  const city = timeZone.split('/').pop() ?? timeZone;
  return city.replace(/_/g, ' ');
}

export function viewerTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export function formatNumber(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

export function languageName(tag: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}
