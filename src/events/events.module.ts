import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { EventAccessService } from './event-access.service';
import { EventStaff } from './event-staff.entity';
import { Event } from './event.entity';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([Event, EventStaff])],
  providers: [EventAccessService],
  exports: [EventAccessService, TypeOrmModule],
})
export class EventsModule {}
