import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { DomainError } from '../common/errors/domain-error';
import { EventDayChecks } from '../events/event-day-checks';
import { isInsideEvent } from '../events/event-days';
import { Event } from '../events/event.entity';
import { ProgrammeItemKind, ProgrammeUsage } from '../programme/programme-usage';
import { AgendaSession } from './agenda-session.entity';
import { SessionParticipant } from './session-participant.entity';

/**
 * The rules the agenda's sessions impose on the features below it: an event's new days must still hold
 * every scheduled session, and a room, track or speaker that a session uses cannot be removed. Registered
 * with events and programme at start-up, so those folders never import the agenda.
 */
@Injectable()
export class AgendaReferences implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly dayChecks: EventDayChecks,
    private readonly usage: ProgrammeUsage,
  ) {}

  onModuleInit(): void {
    this.dayChecks.register((next) => this.assertSessionsInside(next));
    this.usage.register((kind, eventId, itemId) => this.sessionsUsing(kind, eventId, itemId));
  }

  /** New days or a new zone must still hold every scheduled session (cancelled ones no longer matter). */
  async assertSessionsInside(event: Event): Promise<void> {
    const sessions = await this.dataSource.getRepository(AgendaSession).find({
      where: { eventId: event.id, status: 'scheduled' },
      order: { startsAt: 'ASC' },
    });
    const outside = sessions.filter((session) => !isInsideEvent(event, session));
    if (outside.length > 0) {
      throw new DomainError(
        'SCHEDULE_CONFLICT',
        `${outside.length} scheduled session(s) would fall outside the event days`,
        { conflicts: outside.map((session) => ({ kind: 'outside-event', sessionId: session.id })) },
      );
    }
  }

  async sessionsUsing(kind: ProgrammeItemKind, eventId: string, itemId: string): Promise<string[]> {
    if (kind === 'speaker') {
      const appearances = await this.dataSource
        .getRepository(SessionParticipant)
        .find({ select: { sessionId: true }, where: { speakerId: itemId } });
      return appearances.map((row) => row.sessionId);
    }
    const sessions = await this.dataSource.getRepository(AgendaSession).find({
      select: { id: true },
      where: kind === 'room' ? { eventId, roomId: itemId } : { eventId, trackId: itemId },
      order: { startsAt: 'ASC' },
    });
    return sessions.map((session) => session.id);
  }
}
