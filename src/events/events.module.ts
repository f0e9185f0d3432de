import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AgendaSession } from '../agenda/agenda-session.entity';
import { User } from '../auth/user.entity';
import { EventAccessService } from './event-access.service';
import { EventCloneService } from './event-clone.service';
import { EventStaff } from './event-staff.entity';
import { EventStaffService } from './event-staff.service';
import { Event } from './event.entity';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([Event, EventStaff, AgendaSession, User])],
  controllers: [EventsController],
  providers: [EventAccessService, EventsService, EventStaffService, EventCloneService],
  exports: [EventAccessService, TypeOrmModule],
})
export class EventsModule {}
