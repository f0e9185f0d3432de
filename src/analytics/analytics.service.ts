import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { DomainError } from '../common/errors/domain-error';
import type { Event, RegistrationField } from '../events/event.entity';
import {
  messageCounts,
  pollVoteCounts,
  questionCounts,
  reactionCounts,
  registrationsOfEvent,
  RegistrationRow,
  SessionRow,
  sessionsOfEvent,
  visitSpansBySession,
} from './analytics.queries';
import { AttendanceClock } from './attendance-clock';
import { attendanceFigures, concurrencySeries, mergeVisits } from './attendance-merge';
import type {
  EventAnalyticsDto,
  RegistrationFiguresDto,
  SessionAnalyticsDetailDto,
  SessionAnalyticsDto,
} from './dto/analytics-response.dto';

/** Figures for organizers after (or during) the meeting, computed from the stored visits and live rows. */
@Injectable()
export class AnalyticsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: AttendanceClock,
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
    const [{ figures, merged }] = await this.sessionFigures([session]);
    return { ...figures, concurrency: concurrencySeries(merged) };
  }

  private async sessionFigures(sessions: SessionRow[]) {
    const ids = sessions.map((session) => session.id);
    const [spans, messages, questions, pollVotes, reactions] = await Promise.all([
      visitSpansBySession(this.ds, ids, this.clock.now()),
      messageCounts(this.ds, ids),
      questionCounts(this.ds, ids),
      pollVoteCounts(this.ds, ids),
      reactionCounts(this.ds, ids),
    ]);
    return sessions.map((session) => {
      const merged = mergeVisits(spans.get(session.id) ?? []);
      const attendance = attendanceFigures(merged);
      const figures: SessionAnalyticsDto = {
        sessionId: session.id,
        title: session.title,
        startsAt: session.startsAt,
        endsAt: session.endsAt,
        uniqueViewers: attendance.uniqueViewers,
        visits: attendance.visits,
        peakConcurrent: attendance.peakConcurrent,
        averageMinutes: attendance.averageMinutes,
        messages: messages.get(session.id) ?? 0,
        questions: questions.get(session.id) ?? 0,
        pollVotes: pollVotes.get(session.id) ?? 0,
        reactions: reactions.get(session.id) ?? 0,
      };
      return { figures, merged };
    });
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
