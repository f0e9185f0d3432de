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

/** Per-minute distinct users (difference array over minute indexes; merged visits never overlap per user). */
function minuteDeltas(merged: readonly VisitSpan[]): Map<number, number> {
  const deltas = new Map<number, number>();
  for (const visit of merged) {
    const first = Math.floor(visit.start / MINUTE);
    // A visit ending exactly on a minute boundary is not present in the minute that starts there.
    const last = Math.max(first, Math.ceil(visit.end / MINUTE) - 1);
    deltas.set(first, (deltas.get(first) ?? 0) + 1);
    deltas.set(last + 1, (deltas.get(last + 1) ?? 0) - 1);
  }
  return deltas;
}

/** The series from the first minute anyone was present to the last, zero minutes included. */
export function concurrencySeries(merged: readonly VisitSpan[]): ConcurrencyPoint[] {
  const deltas = minuteDeltas(merged);
  if (deltas.size === 0) {
    return [];
  }
  const minutes = [...deltas.keys()].sort((a, b) => a - b);
  const series: ConcurrencyPoint[] = [];
  let count = 0;
  for (let minute = minutes[0]; minute < minutes[minutes.length - 1]; minute += 1) {
    count += deltas.get(minute) ?? 0;
    series.push({ minute: new Date(minute * MINUTE).toISOString(), count });
  }
  return series;
}

function peakOf(merged: readonly VisitSpan[]): number {
  const deltas = minuteDeltas(merged);
  let count = 0;
  let peak = 0;
  for (const minute of [...deltas.keys()].sort((a, b) => a - b)) {
    count += deltas.get(minute) ?? 0;
    peak = Math.max(peak, count);
  }
  return peak;
}

export function attendanceFigures(merged: readonly VisitSpan[]): AttendanceFigures {
  const viewers = new Set(merged.map((visit) => visit.userId)).size;
  const totalMs = merged.reduce((sum, visit) => sum + (visit.end - visit.start), 0);
  const totalMinutes = totalMs / MINUTE;
  return {
    uniqueViewers: viewers,
    visits: merged.length,
    totalMinutes: round1(totalMinutes),
    averageMinutes: viewers === 0 ? 0 : round1(totalMinutes / viewers),
    peakConcurrent: peakOf(merged),
  };
}
