import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { Principal } from '../auth/principal';
import { DomainError } from '../common/errors/domain-error';
import { EventStaff, StaffRole } from './event-staff.entity';
import { Event } from './event.entity';

export interface EventWithRole {
  event: Event;
  role: StaffRole | null;
}

/**
 * The one place that decides who may see and change an event. Drafts are invisible (404, never 403) to
 * anyone who is not on their staff, so their existence does not leak.
 */
@Injectable()
export class EventAccessService {
  constructor(
    @InjectRepository(Event) private readonly events: Repository<Event>,
    @InjectRepository(EventStaff) private readonly staff: Repository<EventStaff>,
  ) {}

  async roleOf(eventId: string, userId: string | undefined): Promise<StaffRole | null> {
    if (!userId) {
      return null;
    }
    const row = await this.staff.findOneBy({ eventId, userId });
    return row?.role ?? null;
  }

  /** The event as the caller may see it: published ones for everyone, drafts for their staff. */
  async findVisible(slug: string, user: Principal | undefined): Promise<EventWithRole> {
    const event = await this.events.findOneBy({ slug });
    if (!event) {
      throw eventNotFound(slug);
    }
    const role = await this.roleOf(event.id, user?.id);
    if (event.status !== 'published' && !role) {
      throw eventNotFound(slug);
    }
    return { event, role };
  }

  async requireOrganizer(slug: string, user: Principal | undefined): Promise<EventWithRole> {
    return this.requireRole(slug, user, ['organizer']);
  }

  /** Moderators and organizers. */
  async requireModerator(slug: string, user: Principal | undefined): Promise<EventWithRole> {
    return this.requireRole(slug, user, ['organizer', 'moderator']);
  }

  async requireModeratorById(eventId: string, user: Principal): Promise<EventWithRole> {
    const event = await this.events.findOneBy({ id: eventId });
    if (!event) {
      throw eventNotFound(eventId);
    }
    return this.requireRole(event.slug, user, ['organizer', 'moderator']);
  }

  private async requireRole(
    slug: string,
    user: Principal | undefined,
    allowed: StaffRole[],
  ): Promise<EventWithRole> {
    if (!user) {
      throw new DomainError('UNAUTHENTICATED', 'Sign in to do this');
    }
    const found = await this.findVisible(slug, user);
    if (!found.role || !allowed.includes(found.role)) {
      throw new DomainError('FORBIDDEN', `This needs the ${allowed.join(' or ')} role for this event`);
    }
    return found;
  }
}

export const eventNotFound = (slug: string): DomainError =>
  new DomainError('EVENT_NOT_FOUND', `No event "${slug}" was found`);
