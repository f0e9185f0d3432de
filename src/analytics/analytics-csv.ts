import { toCsv } from '../common/csv/csv';
import type {
  EventAnalyticsDto,
  SessionAnalyticsDetailDto,
  SessionAnalyticsDto,
} from './dto/analytics-response.dto';

const SESSION_COLUMNS = [
  'sessionId',
  'title',
  'startsAt',
  'endsAt',
  'uniqueViewers',
  'visits',
  'peakConcurrent',
  'averageMinutes',
  'messages',
  'questions',
  'pollVotes',
  'reactions',
] as const satisfies ReadonlyArray<keyof SessionAnalyticsDto>;

const sessionRow = (session: SessionAnalyticsDto): string[] =>
  SESSION_COLUMNS.map((column) => String(session[column]));

/** Strips the byte-order mark of a second table appended to the first. */
const table = (header: string[], rows: string[][]): string => toCsv(header, rows).replace(/^\uFEFF/, '');

/**
 * Two tables in one file, separated by an empty line (spreadsheets open it as one sheet): the sessions,
 * then the registrations as `field,answer,count` (`total`, one `status` row per status, one row per answer).
 */
export function eventAnalyticsCsv(analytics: EventAnalyticsDto): string {
  const { registrations } = analytics;
  const registrationRows: string[][] = [
    ['total', '', String(registrations.total)],
    ...Object.entries(registrations.byStatus).map(([status, n]) => ['status', status, String(n)]),
    ...Object.entries(registrations.byAnswer).flatMap(([key, answers]) =>
      Object.entries(answers).map(([answer, n]) => [`answers.${key}`, answer, String(n)]),
    ),
  ];
  return (
    toCsv([...SESSION_COLUMNS], analytics.sessions.map(sessionRow)) +
    '\r\n' +
    table(['field', 'answer', 'count'], registrationRows)
  );
}

/** The session's row, an empty line, then its concurrency series (`minute,count`). */
export function sessionAnalyticsCsv(analytics: SessionAnalyticsDetailDto): string {
  return (
    toCsv([...SESSION_COLUMNS], [sessionRow(analytics)]) +
    '\r\n' +
    table(
      ['minute', 'count'],
      analytics.concurrency.map((point) => [point.minute, String(point.count)]),
    )
  );
}
