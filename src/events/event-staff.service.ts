import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';

import { AuditService } from '../audit/audit.service';
import { Principal } from '../auth/principal';
import { User } from '../auth/user.entity';
import { DomainEvents } from '../common/domain-events/domain-events';
import { DomainError } from '../common/errors/domain-error';
import { nowIso } from '../common/time/zoned-time';
import { lockRow } from '../database/row-lock';
import { StaffMemberResponseDto } from './dto/staff.dto';
import { EventAccessService } from './event-access.service';
import { EventStaff, StaffRole } from './event-staff.entity';
import { Event } from './event.entity';

/** Who runs an edition. An event always keeps at least one organizer, so it can never be orphaned. */
@Injectable()
export class EventStaffService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: EventAccessService,
    private readonly audit: AuditService,
    private readonly domainEvents: DomainEvents,
  ) {}

  async list(slug: string, actor: Principal): Promise<StaffMemberResponseDto[]> {
    const { event } = await this.access.requireOrganizer(slug, actor);
    const rows = await this.dataSource
      .createQueryBuilder()
      .select('staff.userId', 'userId')
      .addSelect('user.name', 'name')
      .addSelect('user.email', 'email')
      .addSelect('staff.role', 'role')
      .from(EventStaff, 'staff')
      .innerJoin(User, 'user', 'user.id = staff.userId')
      .where('staff.eventId = :eventId', { eventId: event.id })
      .orderBy('staff.role', 'DESC')
      .addOrderBy('user.name', 'ASC')
      .getRawMany<StaffMemberResponseDto>();
    return rows.map((row) => ({ userId: row.userId, name: row.name, email: row.email, role: row.role }));
  }

  /** Grants or changes a role; granting the role a user already has changes nothing. */
  async grant(
    slug: string,
    userId: string,
    role: StaffRole,
    actor: Principal,
  ): Promise<StaffMemberResponseDto> {
    const { event } = await this.access.requireOrganizer(slug, actor);
    const user = await this.requireUser(userId);
    const previous = await this.dataSource.transaction(async (manager) => {
      // Staff changes of one event queue up: two organizers demoting each other must not leave none.
      await lockRow(manager, Event, event.id);
      const staff = manager.getRepository(EventStaff);
      const current = await staff.findOneBy({ eventId: event.id, userId });
      if (current?.role === role) {
        return role;
      }
      if (current?.role === 'organizer') {
        await assertAnotherOrganizer(manager, event.id, 'demote');
      }
      await staff.save({ eventId: event.id, userId, role, createdAt: current?.createdAt ?? nowIso() });
      await this.audit.record(
        {
          eventId: event.id,
          actorId: actor.id,
          action: 'staff.granted',
          targetType: 'user',
          targetId: userId,
          details: { role, previousRole: current?.role ?? null },
        },
        manager,
      );
      return current?.role ?? null;
    });
    if (previous !== role) {
      this.domainEvents.emit('staff.changed', { eventId: event.id, userId, role });
    }
    return { userId, name: user.name, email: user.email, role };
  }

  /** Removing someone who holds no role is a no-op (DELETE is idempotent). */
  async revoke(slug: string, userId: string, actor: Principal): Promise<void> {
    const { event } = await this.access.requireOrganizer(slug, actor);
    await this.requireUser(userId);
    const revoked = await this.dataSource.transaction(async (manager) => {
      await lockRow(manager, Event, event.id);
      const staff = manager.getRepository(EventStaff);
      const current = await staff.findOneBy({ eventId: event.id, userId });
      if (!current) {
        return false;
      }
      if (current.role === 'organizer') {
        await assertAnotherOrganizer(manager, event.id, 'remove');
      }
      await staff.delete({ eventId: event.id, userId });
      await this.audit.record(
        {
          eventId: event.id,
          actorId: actor.id,
          action: 'staff.revoked',
          targetType: 'user',
          targetId: userId,
          details: { previousRole: current.role },
        },
        manager,
      );
      return true;
    });
    if (revoked) {
      this.domainEvents.emit('staff.changed', { eventId: event.id, userId, role: null });
    }
  }

  private async requireUser(userId: string): Promise<User> {
    const user = await this.users.findOneBy({ id: userId });
    if (!user) {
      throw new DomainError('USER_NOT_FOUND', 'No account with this id was found');
    }
    return user;
  }
}

async function assertAnotherOrganizer(
  manager: EntityManager,
  eventId: string,
  action: 'demote' | 'remove',
): Promise<void> {
  const organizers = await manager.getRepository(EventStaff).countBy({ eventId, role: 'organizer' });
  if (organizers <= 1) {
    throw new DomainError(
      'INVALID_STATE',
      `Cannot ${action} the last organizer of this event; make someone else organizer first`,
    );
  }
}
