import { Injectable, OnModuleInit } from '@nestjs/common';

import { DomainEvents } from '../common/domain-events/domain-events';
import { RegistrationTransactions } from './registration-transactions';
import { SessionSeatsService } from './session-seats.service';

/**
 * A user banned from an event gives up the seats (and waitlist places) they hold in its sessions, so the
 * people waiting move up at once; reserving again is refused while the ban lasts. A lifted ban does not
 * give the seats back: they may have gone to someone else.
 */
@Injectable()
export class BannedSeatsListener implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly seats: SessionSeatsService,
    private readonly transactions: RegistrationTransactions,
  ) {}

  onModuleInit(): void {
    this.events.on('moderation.user-banned', ({ eventId, userId }) =>
      this.transactions.run((manager) => this.seats.releaseAllInEvent(manager, eventId, userId)),
    );
  }
}
