import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AgendaSession } from '../agenda/agenda-session.entity';
import { SessionParticipant } from '../agenda/session-participant.entity';
import { User } from '../auth/user.entity';
import { EventStaff } from '../events/event-staff.entity';
import { Event } from '../events/event.entity';
import { Room } from '../programme/room.entity';
import { Speaker } from '../programme/speaker.entity';
import { BannedSeatsListener } from './banned-seats.listener';
import { CalendarFeed } from './calendar-feed.entity';
import { CalendarFeedController } from './calendar-feed.controller';
import { EventCapacitySubscriber } from './event-capacity.subscriber';
import { MeController } from './me.controller';
import { Notification } from './notification.entity';
import { NotificationsService } from './notifications.service';
import { PersonalAgendaService } from './personal-agenda.service';
import { RegistrationPolicy } from './registration-policy.entity';
import { RegistrationTransactions } from './registration-transactions';
import { Registration } from './registration.entity';
import { RegistrationsController } from './registrations.controller';
import { RegistrationListService } from './registration-list.service';
import { RegistrationsService } from './registrations.service';
import { SessionBookmark } from './session-bookmark.entity';
import { SessionSeat } from './session-seat.entity';
import { SessionSeatsController } from './session-seats.controller';
import { SessionSeatsService } from './session-seats.service';
import { SessionReminders } from './session-reminders';

/**
 * Registration (capacity, waitlist, approval, questions), session seats, bookmarks, the personal agenda
 * with its calendar feed, and change notices.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      Registration,
      RegistrationPolicy,
      SessionSeat,
      SessionBookmark,
      CalendarFeed,
      Notification,
      AgendaSession,
      SessionParticipant,
      Speaker,
      Room,
      User,
      Event,
      EventStaff,
    ]),
  ],
  controllers: [RegistrationsController, SessionSeatsController, MeController, CalendarFeedController],
  providers: [
    RegistrationTransactions,
    RegistrationsService,
    RegistrationListService,
    SessionSeatsService,
    PersonalAgendaService,
    NotificationsService,
    EventCapacitySubscriber,
    BannedSeatsListener,
    SessionReminders,
  ],
  exports: [RegistrationsService, SessionSeatsService, PersonalAgendaService, NotificationsService],
})
export class RegistrationsModule {}
