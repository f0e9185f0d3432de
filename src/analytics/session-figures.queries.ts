import { DataSource } from 'typeorm';

import type { CountedMessages, SettledAttendance } from './analytics-cache';
import type { AttendanceFigures, ConcurrencyPoint } from './attendance-merge';

// The analytics figures kept in `session_figures` across restarts (see AnalyticsService). The same SQL on
// SQLite and PostgreSQL: upserts with a WHERE, so that an older result never replaces a newer one when two
// requests or two nodes store at once.

/** Sessions per multi-row statement (well under SQLite's bound-parameter limit). */
const CHUNK = 200;
const MINUTE = 60_000;

export interface KeptFigures {
  attendance: SettledAttendance | null;
  messages: CountedMessages;
}

/** The stored JSON: the series as counts from its first minute (a few bytes a minute, not an ISO point). */
interface StoredAttendance {
  figures: AttendanceFigures;
  from: number;
  counts: number[];
}

function toStored({ figures, concurrency }: SettledAttendance): string {
  const from = concurrency.length > 0 ? Date.parse(concurrency[0].minute) / MINUTE : 0;
  const stored: StoredAttendance = { figures, from, counts: concurrency.map((point) => point.count) };
  return JSON.stringify(stored);
}

function fromStored(version: string, json: string): SettledAttendance {
  const stored = JSON.parse(json) as StoredAttendance;
  const concurrency: ConcurrencyPoint[] = stored.counts.map((count, index) => ({
    minute: new Date((stored.from + index) * MINUTE).toISOString(),
    count,
  }));
  return { stamp: version, figures: stored.figures, concurrency };
}

/** What is kept for each of the sessions (sessions without a row are left out). */
export async function keptFiguresOf(
  ds: DataSource,
  sessionIds: readonly string[],
): Promise<Map<string, KeptFigures>> {
  const kept = new Map<string, KeptFigures>();
  for (let start = 0; start < sessionIds.length; start += CHUNK) {
    const rows = await ds
      .createQueryBuilder()
      .select([
        'f."sessionId" AS "sessionId"',
        'f."attendanceVersion" AS "attendanceVersion"',
        'f."attendance" AS "attendance"',
        'f."messagesSeq" AS "messagesSeq"',
        'f."messages" AS "messages"',
      ])
      .from('session_figures', 'f')
      .where('f."sessionId" IN (:...ids)', { ids: sessionIds.slice(start, start + CHUNK) })
      .getRawMany<{
        sessionId: string;
        attendanceVersion: string | number | null;
        attendance: string | null;
        messagesSeq: string | number;
        messages: string | number;
      }>();
    for (const row of rows) {
      kept.set(row.sessionId, {
        attendance:
          row.attendanceVersion !== null && row.attendance !== null
            ? fromStored(String(row.attendanceVersion), row.attendance)
            : null,
        messages: { lastSeq: Number(row.messagesSeq), count: Number(row.messages) },
      });
    }
  }
  return kept;
}

async function upsert(
  ds: DataSource,
  columns: readonly [string, string],
  rows: ReadonlyArray<readonly [string, string | number, string | number]>,
  newerWhen: string,
): Promise<void> {
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    const parameters: Record<string, string | number> = {};
    const values = chunk.map(([sessionId, first, second], index) => {
      Object.assign(parameters, { [`s${index}`]: sessionId, [`a${index}`]: first, [`b${index}`]: second });
      return `(:s${index}, :a${index}, :b${index})`;
    });
    const [a, b] = columns;
    const [sql, bound] = ds.driver.escapeQueryWithParameters(
      `INSERT INTO session_figures ("sessionId", "${a}", "${b}") VALUES ${values.join(', ')}
       ON CONFLICT ("sessionId") DO UPDATE SET "${a}" = EXCLUDED."${a}", "${b}" = EXCLUDED."${b}"
       WHERE ${newerWhen}`,
      parameters,
    );
    await ds.query(sql, bound);
  }
}

/** Stores settled attendance figures with the stamp version they were read under. */
export function keepAttendance(
  ds: DataSource,
  settled: ReadonlyMap<string, SettledAttendance>,
): Promise<void> {
  const rows = [...settled].map(([id, read]) => [id, Number(read.stamp), toStored(read)] as const);
  return upsert(
    ds,
    ['attendanceVersion', 'attendance'],
    rows,
    'session_figures."attendanceVersion" IS NULL OR session_figures."attendanceVersion" <= EXCLUDED."attendanceVersion"',
  );
}

/** Stores chat counts that moved on; a count up to a higher seq is never replaced by an older one. */
export function keepMessageCounts(
  ds: DataSource,
  counts: ReadonlyMap<string, CountedMessages>,
): Promise<void> {
  const rows = [...counts].map(([id, counted]) => [id, counted.lastSeq, counted.count] as const);
  return upsert(
    ds,
    ['messagesSeq', 'messages'],
    rows,
    'session_figures."messagesSeq" < EXCLUDED."messagesSeq"',
  );
}
