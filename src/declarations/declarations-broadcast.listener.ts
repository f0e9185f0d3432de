import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Not, Repository } from 'typeorm';

import { AgendaSession } from '../agenda/agenda-session.entity';
import { DomainEvents } from '../common/domain-events/domain-events';
import { logger } from '../common/logging/json-logger';
import { LiveHub } from '../realtime/live-hub';
import { sessionRoom } from '../realtime/rooms';
import './declarations.events';

/**
 * Sends `declaration:endorsed` to the rooms of every session of the event when an endorsement is verified.
 * Only sockets that joined one of those sessions receive it; one emit covers them all (with Redis, one
 * message to the other nodes).
 */
@Injectable()
export class DeclarationsBroadcastListener implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly hub: LiveHub,
    @InjectRepository(AgendaSession) private readonly sessions: Repository<AgendaSession>,
  ) {}

  onModuleInit(): void {
    this.events.on(
      'declaration.endorsed',
      async ({ eventId, declarationId, endorsements, organizationName }) => {
        const server = this.hub.server;
        if (!server) {
          return;
        }
        const sessions = await this.sessions.find({
          select: { id: true },
          where: { eventId, status: Not('cancelled') },
        });
        if (sessions.length === 0) {
          return;
        }
        server.to(sessions.map((session) => sessionRoom(session.id))).emit('declaration:endorsed', {
          declarationId,
          endorsements,
          organization: { name: organizationName },
        });
        logger.debug('declaration endorsed broadcast', { eventId, declarationId, endorsements });
      },
    );
  }
}
