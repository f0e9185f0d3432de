import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AuditEntry } from '../audit/audit-entry.entity';
import { User } from '../auth/user.entity';
import { AuditLogController } from './audit-log.controller';
import { AuditLogService } from './audit-log.service';
import { EventAccessService } from './event-access.service';
import { EventDayChecks } from './event-day-checks';
import { EventStaff } from './event-staff.entity';
import { EventStaffService } from './event-staff.service';
import { Event } from './event.entity';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';
import { StaffRoles } from './staff-roles';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([Event, EventStaff, User, AuditEntry])],
  controllers: [EventsController, AuditLogController],
  providers: [
    EventAccessService,
    EventsService,
    EventStaffService,
    EventDayChecks,
    AuditLogService,
    StaffRoles,
  ],
  exports: [EventAccessService, EventsService, EventDayChecks, TypeOrmModule],
})
export class EventsModule {}
