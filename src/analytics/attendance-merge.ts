import { RECONNECT_GRACE_MS } from './attendance-recorder';

/** One stored visit row, times in epoch milliseconds (`end`: when it ended, or was last seen open). */
export interface VisitSpan {
  userId: string;
  start: number;
  end: number;
}

export interface AttendanceFigures {
  uniqueViewers: number;
  /** Visits after merging (reconnects within the grace, several nodes, a crashed node's rows). */
  visits: number;
  /** Minutes attended, summed over every viewer. */
  totalMinutes: number;
  /** `totalMinutes / uniqueViewers`, one decimal (0 without viewers). */
  averageMinutes: number;
  peakConcurrent: number;
}

export interface ConcurrencyPoint {
  /** Start of the minute, UTC ISO. */
  minute: string;
  /** Distinct users present at any time during that minute. */
  count: number;
}

const MINUTE = 60_000;
const round1 = (value: number): number => Math.round(value * 10) / 10;

/**
 * Merges the stored visits of one session into visits per user: rows of the same user that overlap or
 * follow each other within the reconnect grace (another node, a reconnect, a node that crashed and whose
 * row ends at its last heartbeat) are one visit, gap included. `spans` must be ordered by user, then start.
 */
export function mergeVisits(spans: readonly VisitSpan[]): VisitSpan[] {
  const merged: VisitSpan[] = [];
  let current: VisitSpan | null = null;
  for (const span of spans) {
    if (current && current.userId === span.userId && span.start - current.end <= RECONNECT_GRACE_MS) {
      current.end = Math.max(current.end, span.end);
      continue;
    }
    current = { userId: span.userId, start: span.start, end: Math.max(span.start, span.end) };
    merged.push(current);
  }
  return merged;
}

/** Distinct users present in each minute from `first` (a minute index) on, through the last one anyone was. */
export interface MinuteCounts {
  first: number;
  counts: number[];
}

/**
 * Per-minute distinct users: a difference array over minute indexes (merged visits never overlap per user),
 * computed once for both the peak and the series.
 */
export function minuteCounts(merged: readonly VisitSpan[]): MinuteCounts {
  if (merged.length === 0) {
    return { first: 0, counts: [] };
  }
  // A visit ending exactly on a minute boundary is not present in the minute that starts there.
  const firstOf = (visit: VisitSpan): number => Math.floor(visit.start / MINUTE);
  const lastOf = (visit: VisitSpan): number => Math.max(firstOf(visit), Math.ceil(visit.end / MINUTE) - 1);
  let first = Infinity;
  let end = -Infinity;
  for (const visit of merged) {
    first = Math.min(first, firstOf(visit));
    end = Math.max(end, lastOf(visit) + 1);
  }
  const counts = new Array<number>(end - first + 1).fill(0);
  for (const visit of merged) {
    counts[firstOf(visit) - first] += 1;
    counts[lastOf(visit) + 1 - first] -= 1;
  }
  for (let index = 1; index < counts.length; index += 1) {
    counts[index] += counts[index - 1];
  }
  counts.pop(); // the minute after the last visit ended: always 0
  return { first, counts };
}

/** The series as the API gives it, zero minutes included. */
export function seriesOf({ first, counts }: MinuteCounts): ConcurrencyPoint[] {
  return counts.map((count, index) => ({ minute: new Date((first + index) * MINUTE).toISOString(), count }));
}

/** The series from the first minute anyone was present to the last, zero minutes included. */
export function concurrencySeries(merged: readonly VisitSpan[]): ConcurrencyPoint[] {
  return seriesOf(minuteCounts(merged));
}

export function attendanceFigures(
  merged: readonly VisitSpan[],
  minutes: MinuteCounts = minuteCounts(merged),
): AttendanceFigures {
  const viewers = new Set(merged.map((visit) => visit.userId)).size;
  const totalMs = merged.reduce((sum, visit) => sum + (visit.end - visit.start), 0);
  const totalMinutes = totalMs / MINUTE;
  return {
    uniqueViewers: viewers,
    visits: merged.length,
    totalMinutes: round1(totalMinutes),
    averageMinutes: viewers === 0 ? 0 : round1(totalMinutes / viewers),
    peakConcurrent: minutes.counts.reduce((peak, count) => Math.max(peak, count), 0),
  };
}
