import { Injectable, OnModuleInit } from '@nestjs/common';

import '../chat/chat.events';
import { DomainEvents } from '../common/domain-events/domain-events';
import { logger } from '../common/logging/json-logger';
import '../moderation/moderation.events';
import '../qa/qa.events';
import { isPublicStatus, toQuestion } from '../qa/question.view';
import { LiveHub } from '../realtime/live-hub';
import { LiveMetrics } from '../realtime/live-metrics';
import { LiveSessionsService } from './live-sessions.service';
import { PresenceTracker } from '../realtime/presence';
import type { LiveSession } from '../realtime/realtime.contract';
import {
  eventUserRoom,
  sessionModeratorsRoom,
  sessionRoom,
  sessionUserRoom,
  userRoom,
} from '../realtime/rooms';
import { VoteCoalescer } from '../qa/vote-coalescer';

/**
 * Turns committed domain events into Socket.IO broadcasts (services never touch sockets). Every emit goes
 * through a room from rooms.ts, so it reaches the right session and no other.
 */
@Injectable()
export class BroadcastListener implements OnModuleInit {
  /** Session views being built for the current synchronous burst of events (see `viewForBurst`). */
  private readonly burstViews = new Map<string, Promise<LiveSession | null>>();

  constructor(
    private readonly events: DomainEvents,
    private readonly hub: LiveHub,
    private readonly metrics: LiveMetrics,
    private readonly sessions: LiveSessionsService,
    private readonly presence: PresenceTracker,
    private readonly votes: VoteCoalescer,
  ) {}

  onModuleInit(): void {
    this.events.on('chat.message-posted', ({ message }) => {
      this.metrics.messages.inc();
      this.timed('chat:message-posted', () =>
        this.hub.server?.to(sessionRoom(message.sessionId)).emit('chat:message-posted', { message }),
      );
    });
    this.events.on('chat.message-deleted', ({ sessionId, messageId, seq }) => {
      this.timed('chat:message-deleted', () =>
        this.hub.server
          ?.to(sessionRoom(sessionId))
          .emit('chat:message-deleted', { sessionId, messageId, seq }),
      );
    });
    this.events.on('qa.question-changed', ({ kind, question, wasPublic }) => {
      const server = this.hub.server;
      if (!server) {
        return;
      }
      const event = kind === 'asked' ? 'qa:question-asked' : 'qa:question-updated';
      const moderators = sessionModeratorsRoom(question.sessionId);
      this.timed(event, () => {
        // Three audiences, each reached exactly once: moderators (everything), the asker (their own
        // question whole), everyone else (public questions only, anonymous authors hidden).
        server
          .to(moderators)
          .emit(event, { question: toQuestion(question, { userId: null, isModerator: true }) });
        const asker = question.authorId ? sessionUserRoom(question.sessionId, question.authorId) : null;
        if (asker) {
          server
            .to(asker)
            .except(moderators)
            .emit(event, {
              question: toQuestion(question, { userId: question.authorId, isModerator: false }),
            });
        }
        if (isPublicStatus(question.status) || wasPublic) {
          server
            .to(sessionRoom(question.sessionId))
            .except(asker ? [moderators, asker] : [moderators])
            .emit(event, { question: toQuestion(question, { userId: null, isModerator: false }) });
        }
      });
    });
    this.events.on('qa.votes-changed', ({ sessionId, questionId }) => {
      this.metrics.votes.inc();
      this.votes.changed(sessionId, questionId);
    });
    this.votes.onFlush((payload) =>
      this.timed('qa:votes-changed', () =>
        this.hub.server?.to(sessionRoom(payload.sessionId)).emit('qa:votes-changed', payload),
      ),
    );
    this.presence.onFlush((changes) => {
      for (const change of changes) {
        this.hub.server?.to(sessionRoom(change.sessionId)).emit('session:presence', change);
      }
    });
    this.events.on('moderation.user-muted', ({ sessionId, userId, mutedUntil }) => {
      this.hub.server
        ?.to(sessionUserRoom(sessionId, userId))
        .emit('moderation:muted', { sessionId, mutedUntil });
    });
    this.events.on('moderation.user-banned', ({ eventId, eventSlug, userId }) => {
      const server = this.hub.server;
      if (!server) {
        return;
      }
      const room = eventUserRoom(eventId, userId);
      server.to(room).emit('moderation:banned', { eventId, eventSlug });
      // Engine.IO drains the write buffer (the notice above) before it closes the transport.
      server.in(room).disconnectSockets(true);
    });
    this.events.on('programme.session-changed', async ({ eventId, sessionId, kind }) => {
      if (kind === 'removed' || !this.hub.server) {
        return;
      }
      const session = await this.viewForBurst(eventId, sessionId);
      if (session) {
        this.hub.server.to(sessionRoom(sessionId)).emit('session:updated', { session });
      }
    });
    this.events.on('notification.created', async ({ userId, eventId, sessionId }) => {
      if (!sessionId || !this.hub.server) {
        return;
      }
      const session = await this.viewForBurst(eventId, sessionId);
      if (session) {
        this.hub.server.to(userRoom(userId)).emit('session:updated', { session });
      }
    });
  }

  /**
   * A session change emits one `notification.created` per recipient, synchronously, after the write: one view
   * serves them all (on PostgreSQL, where views are not cached, it is several queries each). Shared only
   * within the turn that asked for it, so a later change never gets a view built before it.
   */
  private viewForBurst(eventId: string, sessionId: string): Promise<LiveSession | null> {
    const key = `${eventId}|${sessionId}`;
    let view = this.burstViews.get(key);
    if (!view) {
      view = this.sessions.broadcastView(eventId, sessionId).catch(() => null);
      this.burstViews.set(key, view);
      queueMicrotask(() => this.burstViews.delete(key));
    }
    return view;
  }

  private timed(event: string, emit: () => void): void {
    const started = process.hrtime.bigint();
    try {
      emit();
    } catch (error) {
      logger.error('broadcast failed', {
        event,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    this.metrics.broadcastSeconds.observe({ event }, Number(process.hrtime.bigint() - started) / 1e9);
  }
}
