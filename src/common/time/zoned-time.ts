/**
 * Time-zone arithmetic on top of Intl (ICU's IANA database), so DST changes and the date line come out
 * right without shipping a zone database of our own. Instants are always UTC; zones only shape display.
 */

/** One formatter per real zone (a few hundred at most), keyed by the zone's canonical name. */
const formatters = new Map<string, Intl.DateTimeFormat>();
/**
 * Caller spelling → canonical zone. Zone names are accepted in any letter case, so one zone has countless
 * spellings and `?tz=` is caller-controlled: this map is bounded, never the formatters.
 */
const spellings = new Map<string, string>();
const MAX_SPELLINGS = 2000;

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  const known = spellings.get(timeZone);
  if (known !== undefined) {
    return formatters.get(known)!;
  }
  const created = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const canonical = created.resolvedOptions().timeZone;
  if (!formatters.has(canonical)) {
    formatters.set(canonical, created);
  }
  if (spellings.size >= MAX_SPELLINGS) {
    spellings.clear();
  }
  spellings.set(timeZone, canonical);
  return formatters.get(canonical)!;
}

/** How many formatters are cached (tests check the cache stays bounded). */
export const cachedFormatterCount = (): number => formatters.size;

export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone.length === 0 || timeZone.length > 64) {
    return false;
  }
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Input spelling → canonical name, memoised: `resolvedOptions()` allocates on every call. */
const canonicalNames = new Map<string, string>();
const MAX_CANONICAL_NAMES = 1000;

/** The canonical spelling of a zone (`asia/shanghai` → `Asia/Shanghai`). */
export function canonicalTimeZone(timeZone: string): string {
  let canonical = canonicalNames.get(timeZone);
  if (canonical === undefined) {
    canonical = formatterFor(timeZone).resolvedOptions().timeZone;
    if (canonicalNames.size >= MAX_CANONICAL_NAMES) {
      canonicalNames.clear();
    }
    canonicalNames.set(timeZone, canonical);
  }
  return canonical;
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function localParts(instantMs: number, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') {
      parts[part.type] = Number(part.value);
    }
  }
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
  };
}

/** Offset of the zone from UTC at that instant, in minutes (Asia/Shanghai → 480). */
export function offsetMinutes(instantMs: number, timeZone: string): number {
  const p = localParts(instantMs, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const wholeSecond = Math.floor(instantMs / 1000) * 1000;
  return Math.round((asUtc - wholeSecond) / 60000);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** `2020-11-20T09:00:00+08:00` for an instant shown in a zone (`Z` for UTC). */
export function toZonedIso(instant: string | number | Date, timeZone: string): string {
  const ms = typeof instant === 'number' ? instant : new Date(instant).getTime();
  const p = localParts(ms, timeZone);
  const offset = offsetMinutes(ms, timeZone);
  const local = `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
  return `${local}${offset === 0 && timeZone === 'UTC' ? 'Z' : formatOffset(offset)}`;
}

/** The calendar date (`YYYY-MM-DD`) an instant falls on in a zone. */
export function localDateOf(instant: string | number | Date, timeZone: string): string {
  const ms = typeof instant === 'number' ? instant : new Date(instant).getTime();
  const p = localParts(ms, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** `HH:MM` wall-clock time of an instant in a zone. */
export function localTimeOf(instant: string | number | Date, timeZone: string): string {
  const ms = typeof instant === 'number' ? instant : new Date(instant).getTime();
  const p = localParts(ms, timeZone);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

/**
 * The UTC instant of a wall-clock time in a zone. In a DST gap the time is shifted forward by the gap (as
 * calendars do); in an overlap the earlier instant wins.
 */
export function zonedToUtcMs(date: string, time: string, timeZone: string): number {
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi, s = 0] = time.split(':').map(Number);
  const naive = Date.UTC(y, mo - 1, d, h, mi, s);
  const before = offsetMinutes(naive - 86400000, timeZone);
  const after = offsetMinutes(naive + 86400000, timeZone);
  const matches = (ms: number): boolean => {
    const p = localParts(ms, timeZone);
    return p.year === y && p.month === mo && p.day === d && p.hour === h && p.minute === mi;
  };
  const candidates = [naive - before * 60000, naive - after * 60000].filter(matches);
  if (candidates.length > 0) {
    return Math.min(...candidates);
  }
  // Gap: the wall-clock time does not exist; reading it with the earlier offset moves it forward by the gap.
  return naive - before * 60000;
}

/** Adds whole days to a `YYYY-MM-DD` date. */
export function addDays(date: string, days: number): string {
  const ms = Date.parse(`${date}T00:00:00Z`) + days * 86400000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400000);
}

/** Instants are stored as fixed-width UTC ISO strings, so string order is time order on every database. */
export function toUtcIso(instant: string | number | Date): string {
  return new Date(instant).toISOString();
}

export const nowIso = (): string => new Date().toISOString();
