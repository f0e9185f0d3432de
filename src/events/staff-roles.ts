import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { RolesService, StaffRoleGrant } from '../auth/roles.service';
import { EventStaff } from './event-staff.entity';
import { Event } from './event.entity';

/** Gives auth's `RolesService` the staff roles of a user, read from the events they are staff of. */
@Injectable()
export class StaffRoles implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly roles: RolesService,
  ) {}

  onModuleInit(): void {
    this.roles.provide((userId) => this.rolesOf(userId));
  }

  async rolesOf(userId: string): Promise<StaffRoleGrant[]> {
    const rows = await this.dataSource
      .createQueryBuilder()
      .select('event.slug', 'eventSlug')
      .addSelect('staff.role', 'role')
      .from(EventStaff, 'staff')
      .innerJoin(Event, 'event', 'event.id = staff.eventId')
      .where('staff.userId = :userId', { userId })
      .orderBy('event.startsOn', 'DESC')
      .getRawMany<StaffRoleGrant>();
    return rows.map((row) => ({ eventSlug: row.eventSlug, role: row.role }));
  }
}
