/**
 * A small iCalendar (RFC 5545) writer for programme and personal calendar feeds. Pure: no I/O, no clock
 * (DTSTAMP is each entry's `lastModified`, so the same programme always renders the same bytes).
 *
 * Times are written as wall-clock times in an IANA zone (`DTSTART;TZID=Asia/Shanghai:20201119T090000`) and
 * every zone used gets a VTIMEZONE built from its real offset transitions (read from Intl, i.e. ICU's copy of
 * the IANA database), so clients without that zone still place sessions correctly across DST changes.
 */
import { localParts, offsetMinutes } from '../common/time/zoned-time';

export interface CalendarEntry {
  /** Stable across renders: `${session.id}@plenary`. */
  uid: string;
  /** Raised whenever the session changes in a way a calendar must notice. */
  sequence: number;
  status: 'CONFIRMED' | 'CANCELLED';
  /** UTC ISO instants. */
  startsAt: string;
  endsAt: string;
  /** IANA zone DTSTART/DTEND are written in (`TZID=…`); `UTC` writes plain UTC times. */
  timezone: string;
  summary: string;
  description?: string;
  location?: string;
  url?: string;
  categories?: string[];
  /** URIs of attached media (ATTACH), e.g. a session's recordings. */
  attachments?: string[];
  /** UTC ISO instant of the last change; also used as DTSTAMP. */
  lastModified: string;
}

export interface CalendarInput {
  name: string;
  /** The calendar's default zone (X-WR-TIMEZONE). */
  timezone: string;
  entries: CalendarEntry[];
  /** How often subscribers should refresh (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
  refreshIntervalMinutes?: number;
}

const PRODID = '-//Plenary//Plenary Programme//EN';
const CRLF = '\r\n';
const MAX_LINE_OCTETS = 75;

export function renderCalendar(input: CalendarInput): string {
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODID}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `NAME:${escapeText(input.name)}`,
    `X-WR-CALNAME:${escapeText(input.name)}`,
    `X-WR-TIMEZONE:${escapeText(input.timezone)}`,
  ];
  if (input.refreshIntervalMinutes !== undefined && input.refreshIntervalMinutes > 0) {
    const duration = `PT${Math.round(input.refreshIntervalMinutes)}M`;
    lines.push(`REFRESH-INTERVAL;VALUE=DURATION:${duration}`, `X-PUBLISHED-TTL:${duration}`);
  }

  for (const [zone, years] of zonesUsed(input.entries)) {
    lines.push(...renderTimezone(zone, years.min, years.max));
  }
  for (const entry of input.entries) {
    lines.push(...renderEntry(entry));
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join(CRLF) + CRLF;
}

function renderEntry(entry: CalendarEntry): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${escapeText(entry.uid)}`,
    `DTSTAMP:${utcStamp(entry.lastModified)}`,
    `LAST-MODIFIED:${utcStamp(entry.lastModified)}`,
    `SEQUENCE:${Math.max(0, Math.trunc(entry.sequence))}`,
    `STATUS:${entry.status}`,
    dateTimeProperty('DTSTART', entry.startsAt, entry.timezone),
    dateTimeProperty('DTEND', entry.endsAt, entry.timezone),
    `SUMMARY:${escapeText(entry.summary)}`,
  ];
  if (entry.description) {
    lines.push(`DESCRIPTION:${escapeText(entry.description)}`);
  }
  if (entry.location) {
    lines.push(`LOCATION:${escapeText(entry.location)}`);
  }
  if (entry.url) {
    // A URI value is not TEXT: it is written as is, minus anything that could break the line structure.
    lines.push(`URL;VALUE=URI:${stripControls(entry.url)}`);
  }
  for (const attachment of entry.attachments ?? []) {
    lines.push(`ATTACH:${stripControls(attachment)}`);
  }
  if (entry.categories && entry.categories.length > 0) {
    lines.push(`CATEGORIES:${entry.categories.map(escapeText).join(',')}`);
  }
  lines.push('TRANSP:OPAQUE', 'END:VEVENT');
  return lines;
}

// ---------------------------------------------------------------------------------------------------------
// Text, lines and dates

// Control characters are not allowed in content lines (RFC 5545 §3.1), so this regex matches them on purpose.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

function stripControls(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').replace(CONTROLS, '');
}

/** TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks. */
export function escapeText(value: string): string {
  return value
    .replace(CONTROLS, '')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Folds a content line at 75 octets (RFC 5545 §3.1): continuation lines start with one space, which counts
 * towards their 75. Cuts only between code points, so a multi-byte UTF-8 character is never split.
 */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= MAX_LINE_OCTETS) {
    return line;
  }
  const parts: string[] = [];
  let current = '';
  let currentOctets = 0;
  let limit = MAX_LINE_OCTETS;
  for (const char of line) {
    const octets = Buffer.byteLength(char, 'utf8');
    if (currentOctets + octets > limit) {
      parts.push(current);
      current = '';
      currentOctets = 0;
      limit = MAX_LINE_OCTETS - 1;
    }
    current += char;
    currentOctets += octets;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `20201119T010000Z` */
function utcStamp(iso: string): string {
  const date = new Date(iso);
  return (
    `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`
  );
}

/** `20201119T090000`: the wall-clock time of an instant in a zone. */
function localStamp(instantMs: number, zone: string): string {
  const p = localParts(instantMs, zone);
  return `${pad(p.year, 4)}${pad(p.month)}${pad(p.day)}T${pad(p.hour)}${pad(p.minute)}${pad(p.second)}`;
}

const isUtcZone = (zone: string): boolean => ['UTC', 'Etc/UTC', 'Etc/GMT', 'GMT', 'Z'].includes(zone);

function dateTimeProperty(name: string, iso: string, zone: string): string {
  if (isUtcZone(zone)) {
    return `${name}:${utcStamp(iso)}`;
  }
  return `${name};TZID=${zone}:${localStamp(Date.parse(iso), zone)}`;
}

// ---------------------------------------------------------------------------------------------------------
// VTIMEZONE from the zone's real transitions

function zonesUsed(entries: CalendarEntry[]): Map<string, { min: number; max: number }> {
  const zones = new Map<string, { min: number; max: number }>();
  for (const entry of entries) {
    if (isUtcZone(entry.timezone)) {
      continue;
    }
    for (const iso of [entry.startsAt, entry.endsAt]) {
      const year = localParts(Date.parse(iso), entry.timezone).year;
      const span = zones.get(entry.timezone);
      if (!span) {
        zones.set(entry.timezone, { min: year, max: year });
      } else {
        span.min = Math.min(span.min, year);
        span.max = Math.max(span.max, year);
      }
    }
  }
  return zones;
}

export interface ZoneTransition {
  /** UTC instant (ms) of the change. */
  atMs: number;
  fromMinutes: number;
  toMinutes: number;
}

const DAY_MS = 86_400_000;
const transitionCache = new Map<string, ZoneTransition[]>();

/** The instants the zone's UTC offset changed during one calendar year (UTC), oldest first. */
export function transitionsInYear(zone: string, year: number): ZoneTransition[] {
  const key = `${zone}|${year}`;
  const cached = transitionCache.get(key);
  if (cached) {
    return cached;
  }
  const transitions: ZoneTransition[] = [];
  const end = Date.UTC(year + 1, 0, 1);
  let previousMs = Date.UTC(year, 0, 1);
  let previousOffset = offsetMinutes(previousMs, zone);
  // Offsets change at most a few times a year and never twice within a day, so a daily scan finds every
  // change; a binary search then pins it to the minute.
  for (let ms = previousMs + DAY_MS; ms <= end; ms += DAY_MS) {
    const offset = offsetMinutes(ms, zone);
    if (offset !== previousOffset) {
      let low = previousMs;
      let high = ms;
      while (high - low > 60_000) {
        const middle = low + Math.floor((high - low) / 120_000) * 60_000;
        if (offsetMinutes(middle, zone) === previousOffset) {
          low = middle;
        } else {
          high = middle;
        }
      }
      transitions.push({ atMs: high, fromMinutes: previousOffset, toMinutes: offset });
    }
    previousMs = ms;
    previousOffset = offset;
  }
  transitionCache.set(key, transitions);
  return transitions;
}

function formatUtcOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
}

/** Wall-clock time at which an observance begins, read in the offset in force before it (RFC 5545 §3.6.5). */
function onsetStamp(atMs: number, fromMinutes: number): string {
  const local = new Date(atMs + fromMinutes * 60_000);
  return (
    `${pad(local.getUTCFullYear(), 4)}${pad(local.getUTCMonth() + 1)}${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}${pad(local.getUTCMinutes())}${pad(local.getUTCSeconds())}`
  );
}

/**
 * VTIMEZONE covering the years `fromYear`..`toYear`: the observance in force on the first of January of
 * `fromYear` (dated by the change that started it, when it was within the year before) and every change in
 * the span. A zone without changes gets one STANDARD observance.
 */
export function renderTimezone(zone: string, fromYear: number, toYear: number): string[] {
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  const inSpan: ZoneTransition[] = [];
  for (let year = fromYear; year <= toYear; year += 1) {
    inSpan.push(...transitionsInYear(zone, year));
  }
  const spanStart = Date.UTC(fromYear, 0, 1);
  const before = transitionsInYear(zone, fromYear - 1);
  const lead = before.length > 0 ? before[before.length - 1] : undefined;
  const observances: ZoneTransition[] = lead ? [lead, ...inSpan] : inSpan;

  if (!lead) {
    // Nothing changed in the year before: the offset at the start of the span has been in force since
    // at least then, which is all a client needs to place times inside the span.
    const offset = offsetMinutes(spanStart, zone);
    lines.push(...observance('STANDARD', `${pad(fromYear - 1, 4)}0101T000000`, offset, offset));
  }
  for (const change of observances) {
    const kind = change.toMinutes > change.fromMinutes ? 'DAYLIGHT' : 'STANDARD';
    lines.push(
      ...observance(kind, onsetStamp(change.atMs, change.fromMinutes), change.fromMinutes, change.toMinutes),
    );
  }
  lines.push('END:VTIMEZONE');
  return lines;
}

function observance(kind: 'STANDARD' | 'DAYLIGHT', start: string, from: number, to: number): string[] {
  return [
    `BEGIN:${kind}`,
    `DTSTART:${start}`,
    `TZOFFSETFROM:${formatUtcOffset(from)}`,
    `TZOFFSETTO:${formatUtcOffset(to)}`,
    `END:${kind}`,
  ];
}
