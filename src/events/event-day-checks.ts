import { Injectable } from '@nestjs/common';

import { Event } from './event.entity';

/** Throws a DomainError when the event may not take these days or this time zone. */
export type EventDayCheck = (next: Event) => Promise<void>;

/**
 * Checks that run before an event's days or time zone change. Features above events (the agenda: every
 * scheduled session must still fall inside the days) register theirs when their module starts, so events
 * need not import them.
 */
@Injectable()
export class EventDayChecks {
  private readonly checks: EventDayCheck[] = [];

  register(check: EventDayCheck): void {
    this.checks.push(check);
  }

  async assertAllowed(next: Event): Promise<void> {
    for (const check of this.checks) {
      await check(next);
    }
  }
}
