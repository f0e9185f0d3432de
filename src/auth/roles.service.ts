import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { EventStaff, StaffRole } from '../events/event-staff.entity';
import { Event } from '../events/event.entity';

@Injectable()
export class RolesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async rolesOf(userId: string): Promise<{ eventSlug: string; role: StaffRole }[]> {
    const rows = await this.dataSource
      .createQueryBuilder()
      .select('event.slug', 'eventSlug')
      .addSelect('staff.role', 'role')
      .from(EventStaff, 'staff')
      .innerJoin(Event, 'event', 'event.id = staff.eventId')
      .where('staff.userId = :userId', { userId })
      .orderBy('event.startsOn', 'DESC')
      .getRawMany<{ eventSlug: string; role: StaffRole }>();
    return rows.map((row) => ({ eventSlug: row.eventSlug, role: row.role }));
  }
}
