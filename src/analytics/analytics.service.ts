import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { DomainError } from '../common/errors/domain-error';
import { logger } from '../common/logging/json-logger';
import type { Event, RegistrationField } from '../events/event.entity';
import { AnalyticsCache, CountedMessages, SettledAttendance } from './analytics-cache';
import {
  messageCountsAfter,
  pollVoteCounts,
  questionCounts,
  reactionCounts,
  registrationsOfEvent,
  RegistrationRow,
  SessionRow,
  sessionsOfEvent,
  visitSpansBySession,
  visitStamps,
} from './analytics.queries';
import { AttendanceClock } from './attendance-clock';
import {
  AttendanceFigures,
  attendanceFigures,
  ConcurrencyPoint,
  mergeVisits,
  minuteCounts,
  seriesOf,
} from './attendance-merge';
import type {
  EventAnalyticsDto,
  RegistrationFiguresDto,
  SessionAnalyticsDetailDto,
  SessionAnalyticsDto,
} from './dto/analytics-response.dto';
import { keepAttendance, keepMessageCounts, keptFiguresOf } from './session-figures.queries';

/** Figures for organizers after (or during) the meeting, computed from the stored visits and live rows. */
@Injectable()
export class AnalyticsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: AttendanceClock,
    private readonly cache: AnalyticsCache,
  ) {}

  async forEvent(event: Event): Promise<EventAnalyticsDto> {
    const sessions = await sessionsOfEvent(this.ds, event.id);
    const [registrations, figures] = await Promise.all([
      registrationsOfEvent(this.ds, event.id).then((rows) =>
        registrationFigures(rows, event.registrationFields),
      ),
      this.sessionFigures(sessions),
    ]);
    return { registrations, sessions: figures.map(({ figures: f }) => f) };
  }

  async forSession(event: Event, sessionId: string): Promise<SessionAnalyticsDetailDto> {
    const session = (await sessionsOfEvent(this.ds, event.id)).find((row) => row.id === sessionId);
    if (!session) {
      throw new DomainError('SESSION_NOT_FOUND', 'No such session in this event');
    }
    const [{ figures, concurrency }] = await this.sessionFigures([session]);
    return { ...figures, concurrency };
  }

  private async sessionFigures(sessions: SessionRow[]) {
    const ids = sessions.map((session) => session.id);
    await this.recall(ids);
    const [attendance, messages, questions, pollVotes, reactions] = await Promise.all([
      this.attendance(ids),
      this.messageCounts(ids),
      questionCounts(this.ds, ids),
      pollVoteCounts(this.ds, ids),
      reactionCounts(this.ds, ids),
    ]);
    return sessions.map((session) => {
      const { figures: visits, concurrency } = attendance.get(session.id)!;
      const figures: SessionAnalyticsDto = {
        sessionId: session.id,
        title: session.title,
        startsAt: session.startsAt,
        endsAt: session.endsAt,
        uniqueViewers: visits.uniqueViewers,
        visits: visits.visits,
        peakConcurrent: visits.peakConcurrent,
        averageMinutes: visits.averageMinutes,
        messages: messages.get(session.id) ?? 0,
        questions: questions.get(session.id) ?? 0,
        pollVotes: pollVotes.get(session.id) ?? 0,
        reactions: reactions.get(session.id) ?? 0,
      };
      return { figures, concurrency };
    });
  }

  /**
   * Fills the memory from `session_figures` for sessions it holds nothing of: after a start, the figures
   * an earlier process (or another node) stored, so that a restart does not read every visit and count
   * every message again. Whatever is recalled is checked like anything kept in memory.
   */
  private async recall(ids: readonly string[]): Promise<void> {
    const unknown = ids.filter((id) => !this.cache.messages.get(id) && !this.cache.attendance.get(id));
    if (unknown.length === 0) {
      return;
    }
    for (const [id, kept] of await keptFiguresOf(this.ds, unknown)) {
      if (kept.attendance) {
        this.cache.attendance.set(id, kept.attendance);
      }
      this.cache.messages.set(id, kept.messages);
    }
  }

  /**
   * Attendance figures per session. Reading and merging the visits is most of an analytics request's work,
   * so a session's result is kept while nobody is watching it (no open visit on a beating node: its
   * figures no longer move with the clock) and its visits keep the same stamp. The stamp is read before
   * the visits: a write in between makes the stored stamp older than the figures, which only costs a
   * second read.
   */
  private async attendance(
    ids: readonly string[],
  ): Promise<Map<string, { figures: AttendanceFigures; concurrency: ConcurrencyPoint[] }>> {
    const now = this.clock.now();
    const stamps = await visitStamps(this.ds, ids, now);
    const result = new Map<string, SettledAttendance>();
    const stale = ids.filter((id) => {
      const kept = this.cache.attendance.get(id);
      if (kept && kept.stamp === stamps.get(id)?.key && stamps.get(id)?.live === 0) {
        result.set(id, kept);
        return false;
      }
      return true;
    });
    const spans = await visitSpansBySession(this.ds, stale, now);
    const settled = new Map<string, SettledAttendance>();
    for (const id of stale) {
      const merged = mergeVisits(spans.get(id) ?? []);
      const minutes = minuteCounts(merged);
      const stamp = stamps.get(id) ?? { key: '0', live: 0 };
      const read = {
        stamp: stamp.key,
        figures: attendanceFigures(merged, minutes),
        concurrency: seriesOf(minutes),
      };
      if (stamp.live === 0) {
        this.cache.attendance.set(id, read);
        settled.set(id, read);
      }
      result.set(id, read);
    }
    await this.store('attendance', () => keepAttendance(this.ds, settled), settled.size);
    return result;
  }

  /** Chat messages per session: the remembered count plus those posted since (see messageCountsAfter). */
  private async messageCounts(ids: readonly string[]): Promise<Map<string, number>> {
    const known = new Map(ids.map((id) => [id, this.cache.messages.get(id) ?? { lastSeq: 0, count: 0 }]));
    const newer = await messageCountsAfter(this.ds, new Map(ids.map((id) => [id, known.get(id)!.lastSeq])));
    const counts = new Map<string, number>();
    const moved = new Map<string, CountedMessages>();
    for (const id of ids) {
      const before = known.get(id)!;
      const added = newer.get(id) ?? { count: 0, lastSeq: null };
      const now = { lastSeq: added.lastSeq ?? before.lastSeq, count: before.count + added.count };
      this.cache.messages.set(id, now);
      counts.set(id, now.count);
      if (added.count > 0) {
        moved.set(id, now);
      }
    }
    await this.store('messages', () => keepMessageCounts(this.ds, moved), moved.size);
    return counts;
  }

  /** Stores what was computed; a failure only means the next start computes it again. */
  private async store(what: string, write: () => Promise<void>, count: number): Promise<void> {
    if (count === 0) {
      return;
    }
    try {
      await write();
    } catch (error) {
      logger.warn('analytics figures not stored', { what, sessions: count, error: (error as Error).message });
    }
  }
}

/** Totals per status; answers of confirmed registrations per question, every defined option listed. */
export function registrationFigures(
  rows: readonly RegistrationRow[],
  fields: readonly RegistrationField[],
): RegistrationFiguresDto {
  const byStatus: Record<string, number> = {};
  const byAnswer: Record<string, Record<string, number>> = {};
  for (const field of fields) {
    byAnswer[field.key] = Object.fromEntries((field.options ?? []).map((option) => [option, 0]));
  }
  const add = (key: string, answer: string): void => {
    const counts = (byAnswer[key] ??= {});
    counts[answer] = (counts[answer] ?? 0) + 1;
  };
  for (const row of rows) {
    byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;
    if (row.status !== 'confirmed') {
      continue;
    }
    for (const [key, value] of Object.entries(row.answers)) {
      if (Array.isArray(value)) {
        value.forEach((option) => add(key, String(option)));
      } else if (typeof value === 'boolean') {
        add(key, String(value));
      } else if (typeof value === 'string' && value.trim() !== '') {
        add(key, value.trim());
      }
    }
  }
  return { total: rows.length, confirmed: byStatus.confirmed ?? 0, byStatus, byAnswer };
}
