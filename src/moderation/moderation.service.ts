import { Injectable } from '@nestjs/common';

import { DomainError } from '../common/errors/domain-error';
import { DomainEvents } from '../common/domain-events/domain-events';
import { EventAccessService } from '../events/event-access.service';
import { loadAccess, requireModerator } from '../live-access/live-access';
import { LiveDb, LiveOp } from '../realtime/live-db';
import type { LiveAuthor } from '../realtime/realtime.contract';
import { insertAuditEntry } from '../audit/audit.queries';
import './moderation.events';
import { deleteBan, deleteMute, insertBan, isEventStaff, upsertMute, userExists } from './moderation.queries';

function* requireNotStaff(eventId: string, userId: string): LiveOp<void> {
  if (yield* isEventStaff(eventId, userId)) {
    throw new DomainError('FORBIDDEN', 'Staff of the event cannot be muted or banned; revoke the role first');
  }
}

function* requireUser(userId: string): LiveOp<void> {
  if (!(yield* userExists(userId))) {
    throw new DomainError('USER_NOT_FOUND', 'No such user was found');
  }
}

/** Mutes (per session) and bans (per event), each audited in the transaction that applies it. */
@Injectable()
export class ModerationService {
  constructor(
    private readonly db: LiveDb,
    private readonly events: DomainEvents,
    private readonly eventAccess: EventAccessService,
  ) {}

  async mute(
    actor: LiveAuthor,
    input: { sessionId: string; userId: string; minutes: number },
  ): Promise<void> {
    const result = await this.db.write(function* () {
      const access = yield* loadAccess(input.sessionId, actor.id);
      requireModerator(access);
      const eventId = access.session.eventId;
      yield* requireUser(input.userId);
      yield* requireNotStaff(eventId, input.userId);
      const now = new Date();
      const until = new Date(now.getTime() + input.minutes * 60_000).toISOString();
      yield* upsertMute({
        sessionId: input.sessionId,
        userId: input.userId,
        eventId,
        until,
        createdById: actor.id,
        createdAt: now.toISOString(),
      });
      yield* insertAuditEntry({
        eventId,
        actorId: actor.id,
        action: 'user.muted',
        targetType: 'user',
        targetId: input.userId,
        details: { sessionId: input.sessionId, minutes: input.minutes, until },
        now: now.toISOString(),
      });
      return { eventId, until };
    });
    this.events.emit('moderation.user-muted', {
      eventId: result.eventId,
      sessionId: input.sessionId,
      userId: input.userId,
      mutedUntil: result.until,
    });
  }

  async unmute(actor: LiveAuthor, input: { sessionId: string; userId: string }): Promise<void> {
    const result = await this.db.write(function* () {
      const access = yield* loadAccess(input.sessionId, actor.id);
      requireModerator(access);
      const removed = yield* deleteMute(input.sessionId, input.userId);
      if (removed > 0) {
        yield* insertAuditEntry({
          eventId: access.session.eventId,
          actorId: actor.id,
          action: 'user.unmuted',
          targetType: 'user',
          targetId: input.userId,
          details: { sessionId: input.sessionId },
          now: new Date().toISOString(),
        });
      }
      return { eventId: access.session.eventId, removed };
    });
    if (result.removed > 0) {
      this.events.emit('moderation.user-muted', {
        eventId: result.eventId,
        sessionId: input.sessionId,
        userId: input.userId,
        mutedUntil: null,
      });
    }
  }

  /** Bans a user from an event: their sockets for it are disconnected and every later join refused. */
  async ban(actor: LiveAuthor, input: { eventSlug: string; userId: string }): Promise<void> {
    const { event } = await this.eventAccess.requireModerator(input.eventSlug, { ...actor, email: '' });
    await this.db.write(function* () {
      yield* requireUser(input.userId);
      yield* requireNotStaff(event.id, input.userId);
      const now = new Date().toISOString();
      const added = yield* insertBan({
        eventId: event.id,
        userId: input.userId,
        createdById: actor.id,
        createdAt: now,
      });
      if (added > 0) {
        yield* insertAuditEntry({
          eventId: event.id,
          actorId: actor.id,
          action: 'user.banned',
          targetType: 'user',
          targetId: input.userId,
          details: { eventSlug: event.slug },
          now,
        });
      }
    });
    // Announced even when the ban existed: a socket that slipped in must still be put out.
    this.events.emit('moderation.user-banned', {
      eventId: event.id,
      eventSlug: event.slug,
      userId: input.userId,
    });
  }

  async unban(actor: LiveAuthor, input: { eventSlug: string; userId: string }): Promise<void> {
    const { event } = await this.eventAccess.requireModerator(input.eventSlug, { ...actor, email: '' });
    await this.db.write(function* () {
      const removed = yield* deleteBan(event.id, input.userId);
      if (removed > 0) {
        yield* insertAuditEntry({
          eventId: event.id,
          actorId: actor.id,
          action: 'user.unbanned',
          targetType: 'user',
          targetId: input.userId,
          details: { eventSlug: event.slug },
          now: new Date().toISOString(),
        });
      }
    });
  }
}
