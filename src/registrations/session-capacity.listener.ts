import { Injectable, OnModuleInit } from '@nestjs/common';

import { DomainEvents } from '../common/domain-events/domain-events';
import { SessionSeatsService } from './session-seats.service';

/**
 * Sessions are edited by the agenda feature. After a change, the session's seat waitlist is re-checked, so a
 * raised or removed capacity seats waiting attendees without the agenda feature knowing about seats.
 */
@Injectable()
export class SessionCapacityListener implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly seats: SessionSeatsService,
  ) {}

  onModuleInit(): void {
    this.events.on('programme.session-changed', async ({ sessionId, kind }) => {
      // A cancelled session hands out no seats, a removed one has none left.
      if (kind !== 'cancelled' && kind !== 'removed') {
        await this.seats.promoteSession(sessionId);
      }
    });
  }
}
