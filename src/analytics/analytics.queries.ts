import type { Database, Statement } from 'better-sqlite3';
import { DataSource } from 'typeorm';

import { HEARTBEAT_INTERVAL_MS } from './attendance-recorder';
import type { VisitSpan } from './attendance-merge';

/** The SQL behind the analytics figures: one function per figure, each one indexed query. */

export interface SessionRow {
  id: string;
  title: string;
  startsAt: string;
  endsAt: string;
}

export type CountBySession = Map<string, number>;

/** Sessions per compound statement (SQLite allows 500 SELECTs in one by default). */
const COMPOUND_CHUNK = 100;

/** The event's sessions in programme order (breaks and cancelled ones included: they may have had viewers). */
export async function sessionsOfEvent(ds: DataSource, eventId: string): Promise<SessionRow[]> {
  return ds
    .createQueryBuilder()
    .select(['s.id AS id', 's.title AS title', 's."startsAt" AS "startsAt"', 's."endsAt" AS "endsAt"'])
    .from('agenda_sessions', 's')
    .where('s."eventId" = :eventId', { eventId })
    .orderBy('s."startsAt"')
    .addOrderBy('s.id')
    .getRawMany<SessionRow>();
}

/**
 * The stored visits of the given sessions, grouped by session and ordered by user and start as
 * mergeVisits() needs. A visit still open ends at its last heartbeat, or now while its node still beats.
 */
export async function visitSpansBySession(
  ds: DataSource,
  sessionIds: readonly string[],
  now: number,
): Promise<Map<string, VisitSpan[]>> {
  const bySession = new Map<string, VisitSpan[]>(sessionIds.map((id) => [id, []]));
  if (sessionIds.length === 0) {
    return bySession;
  }
  const aliveSince = now - 2 * HEARTBEAT_INTERVAL_MS;
  const endOf = (lastSeen: number, ended: number | null): number =>
    ended !== null ? ended : lastSeen >= aliveSince ? now : lastSeen;
  const sqlite = committedSqlite(ds);
  if (sqlite) {
    const read = sqliteSpansStatement(sqlite);
    for (const id of sessionIds) {
      const spans = bySession.get(id)!;
      for (const [userId, start, last, open] of read.all(id) as SqliteSpanRow[]) {
        spans.push({ userId, start, end: open ? endOf(last, null) : last });
      }
    }
    return bySession;
  }
  // One read along the covering index ("sessionId", "userId", "startedAt", …): already in merge order.
  const rows = await ds
    .createQueryBuilder()
    .select([
      'v."sessionId" AS "sessionId"',
      'v."userId" AS "userId"',
      'v."startedAt" AS "startedAt"',
      'v."lastSeenAt" AS "lastSeenAt"',
      'v."endedAt" AS "endedAt"',
    ])
    .from('attendance_visits', 'v')
    .where('v."sessionId" IN (:...sessionIds)', { sessionIds })
    .orderBy('v."sessionId"')
    .addOrderBy('v."userId"')
    .addOrderBy('v."startedAt"')
    .getRawMany<{
      sessionId: string;
      userId: string;
      startedAt: string;
      lastSeenAt: string;
      endedAt: string | null;
    }>();
  for (const row of rows) {
    const end = endOf(Date.parse(row.lastSeenAt), row.endedAt !== null ? Date.parse(row.endedAt) : null);
    bySession.get(row.sessionId)?.push({ userId: row.userId, start: Date.parse(row.startedAt), end });
  }
  return bySession;
}

/** `last`: when the visit ended, or for an open one (`open` = 1) when it was last seen. */
type SqliteSpanRow = [userId: string, start: number, last: number, open: 0 | 1];

/**
 * On SQLite, the connection when no transaction is open on it, else null. Reading a session's visits as
 * arrays with the times already in epoch milliseconds took half the time of TypeORM's row objects and
 * Date.parse (docs/performance.md). A read straight on the connection bypasses the lock that keeps plain
 * TypeORM queries out of an open transaction (sqlite-transactions.ts), hence the check: it would see the
 * uncommitted rows of a recorder batch.
 */
function committedSqlite(ds: DataSource): Database | null {
  if (ds.options.type !== 'better-sqlite3') {
    return null;
  }
  const db = (ds.driver as unknown as { databaseConnection: Database }).databaseConnection;
  return db.inTransaction ? null : db;
}

const spansStatements = new WeakMap<Database, Statement>();
/** ISO text to epoch ms in SQL: julianday() is exact to the millisecond once rounded. */
const epochMs = (value: string): string =>
  `CAST(ROUND((julianday(${value}) - 2440587.5) * 86400000) AS INTEGER)`;

function sqliteSpansStatement(db: Database): Statement {
  let statement = spansStatements.get(db);
  if (!statement) {
    // Along the covering index ("sessionId", "userId", "startedAt", …): in merge order, no sort.
    statement = db
      .prepare(
        `SELECT v."userId", ${epochMs('v."startedAt"')}, ${epochMs('COALESCE(v."endedAt", v."lastSeenAt")')},
           v."endedAt" IS NULL
         FROM attendance_visits v WHERE v."sessionId" = ? ORDER BY v."userId", v."startedAt"`,
      )
      .raw();
    spansStatements.set(db, statement);
  }
  return statement;
}

/**
 * What the figures of a session's visits depend on: the version every attendance write raises
 * (raiseVisitStamps in attendance.queries.ts, in the writer's transaction), and how many visits are still open on a node that
 * beats. Two lookups per session, whatever the number of visits.
 */
export interface VisitStamp {
  key: string;
  /** Open visits whose node still beats: their end is "now", so the figures change with the clock. */
  live: number;
}

export async function visitStamps(
  ds: DataSource,
  sessionIds: readonly string[],
  now: number,
): Promise<Map<string, VisitStamp>> {
  const stamps = new Map<string, VisitStamp>(sessionIds.map((id) => [id, { key: '0', live: 0 }]));
  if (sessionIds.length === 0) {
    return stamps;
  }
  const versions = await ds
    .createQueryBuilder()
    .select(['a."sessionId" AS "sessionId"', 'a."version" AS "version"'])
    .from('attendance_stamps', 'a')
    .where('a."sessionId" IN (:...sessionIds)', { sessionIds })
    .getRawMany<{ sessionId: string; version: string | number }>();
  // Along ("sessionId", "endedAt", "lastSeenAt"): only the open visits seen lately are read.
  const live = await ds
    .createQueryBuilder()
    .select('v."sessionId"', 'sessionId')
    .addSelect('COUNT(*)', 'live')
    .from('attendance_visits', 'v')
    .where('v."sessionId" IN (:...sessionIds)', { sessionIds })
    .andWhere('v."endedAt" IS NULL AND v."lastSeenAt" >= :aliveSince', {
      aliveSince: new Date(now - 2 * HEARTBEAT_INTERVAL_MS).toISOString(),
    })
    .groupBy('v."sessionId"')
    .getRawMany<{ sessionId: string; live: string | number }>();
  for (const row of versions) {
    stamps.set(row.sessionId, { key: String(row.version), live: 0 });
  }
  for (const row of live) {
    const stamp = stamps.get(row.sessionId);
    if (stamp) {
      stamp.live = Number(row.live);
    }
  }
  return stamps;
}

/** One user's visits in each session of the event (certificates). */
export async function visitSpansOfUser(
  ds: DataSource,
  eventId: string,
  userId: string,
): Promise<Array<VisitSpan & { sessionId: string }>> {
  const rows = await ds
    .createQueryBuilder()
    .select([
      'v."sessionId" AS "sessionId"',
      'v."startedAt" AS "startedAt"',
      'v."lastSeenAt" AS "lastSeenAt"',
      'v."endedAt" AS "endedAt"',
    ])
    .from('attendance_visits', 'v')
    .innerJoin('agenda_sessions', 's', 's.id = v."sessionId"')
    .where('v."userId" = :userId AND s."eventId" = :eventId', { userId, eventId })
    .orderBy('v."sessionId"')
    .addOrderBy('v."startedAt"')
    .getRawMany<{ sessionId: string; startedAt: string; lastSeenAt: string; endedAt: string | null }>();
  return rows.map((row) => ({
    sessionId: row.sessionId,
    userId,
    start: Date.parse(row.startedAt),
    end: Date.parse(row.endedAt ?? row.lastSeenAt),
  }));
}

async function countPerSession(
  ds: DataSource,
  table: string,
  sessionIds: readonly string[],
): Promise<CountBySession> {
  const counts: CountBySession = new Map(sessionIds.map((id) => [id, 0]));
  if (sessionIds.length === 0) {
    return counts;
  }
  // Index-only: every count reads the ("sessionId", …) index of its table, never the rows.
  const rows = await ds
    .createQueryBuilder()
    .select('t."sessionId"', 'sessionId')
    .addSelect('COUNT(*)', 'count')
    .from(table, 't')
    .where('t."sessionId" IN (:...sessionIds)', { sessionIds })
    .groupBy('t."sessionId"')
    .getRawMany<{ sessionId: string; count: string | number }>();
  for (const row of rows) {
    counts.set(row.sessionId, Number(row.count));
  }
  return counts;
}

export interface MessagesAfter {
  count: number;
  /** The highest `seq` counted, or null when there was none after the one asked for. */
  lastSeq: number | null;
}

/**
 * Chat messages posted after `afterSeq` in each session (those a moderator deleted later included: they
 * were part of the conversation), read along the ("sessionId", "seq") index. A message's `seq` never
 * changes and messages are never removed but with their session, so a caller that remembers the count up
 * to a seq only has to count the newer ones.
 */
export async function messageCountsAfter(
  ds: DataSource,
  afterSeq: ReadonlyMap<string, number>,
): Promise<Map<string, MessagesAfter>> {
  const counts = new Map<string, MessagesAfter>();
  const ids = [...afterSeq.keys()];
  for (let start = 0; start < ids.length; start += COMPOUND_CHUNK) {
    const chunk = ids.slice(start, start + COMPOUND_CHUNK);
    const parameters: Record<string, string | number> = {};
    // One index range per session, joined by UNION ALL: an OR of the ranges made SQLite scan the whole
    // index (641 ms for 1,000,000 messages). Named parameters, written for either database by the driver.
    const text = chunk
      .map((id, index) => {
        parameters[`s${index}`] = id;
        parameters[`q${index}`] = afterSeq.get(id) ?? 0;
        return `SELECT t."sessionId" AS "sessionId", COUNT(*) AS "count", MAX(t."seq") AS "lastSeq"
          FROM chat_messages t WHERE t."sessionId" = :s${index} AND t."seq" > :q${index} GROUP BY t."sessionId"`;
      })
      .join(' UNION ALL ');
    const [sql, values] = ds.driver.escapeQueryWithParameters(text, parameters);
    const rows = await ds.query<
      Array<{ sessionId: string; count: string | number; lastSeq: string | number }>
    >(sql, values);
    for (const row of rows) {
      counts.set(row.sessionId, { count: Number(row.count), lastSeq: Number(row.lastSeq) });
    }
  }
  for (const id of ids) {
    if (!counts.has(id)) {
      counts.set(id, { count: 0, lastSeq: null });
    }
  }
  return counts;
}

/** Questions asked, whatever became of them (pending, dismissed and answered included). */
export function questionCounts(ds: DataSource, sessionIds: readonly string[]): Promise<CountBySession> {
  return countPerSession(ds, 'questions', sessionIds);
}

/** Poll votes cast in the session's polls (a changed vote counts once: it replaces the earlier one). */
export function pollVoteCounts(ds: DataSource, sessionIds: readonly string[]): Promise<CountBySession> {
  return countPerSession(ds, 'poll_votes', sessionIds);
}

/** Reactions sent in the session: the sum of its per-minute totals (single reactions are not stored). */
export async function reactionCounts(ds: DataSource, sessionIds: readonly string[]): Promise<CountBySession> {
  const counts: CountBySession = new Map(sessionIds.map((id) => [id, 0]));
  if (sessionIds.length === 0) {
    return counts;
  }
  const rows = await ds
    .createQueryBuilder()
    .select('t."sessionId"', 'sessionId')
    .addSelect('SUM(t."count")', 'count')
    .from('reaction_minutes', 't')
    .where('t."sessionId" IN (:...sessionIds)', { sessionIds })
    .groupBy('t."sessionId"')
    .getRawMany<{ sessionId: string; count: string | number | null }>();
  for (const row of rows) {
    counts.set(row.sessionId, Number(row.count ?? 0));
  }
  return counts;
}

export interface RegistrationRow {
  status: string;
  answers: Record<string, unknown>;
}

export async function registrationsOfEvent(ds: DataSource, eventId: string): Promise<RegistrationRow[]> {
  const rows = await ds
    .createQueryBuilder()
    .select(['r.status AS status', 'r.answers AS answers'])
    .from('registrations', 'r')
    .where('r."eventId" = :eventId', { eventId })
    .getRawMany<{ status: string; answers: string | null }>();
  return rows.map((row) => ({
    status: row.status,
    answers: row.answers ? (JSON.parse(row.answers) as Record<string, unknown>) : {},
  }));
}
