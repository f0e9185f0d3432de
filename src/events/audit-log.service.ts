import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';

import { Principal } from '../auth/principal';
import { User } from '../auth/user.entity';
import { validationFailed } from '../common/errors/domain-error';
import { AuditEntry } from '../audit/audit-entry.entity';
import { AUDIT_DEFAULT_LIMIT, AuditListResponseDto } from '../audit/dto/audit.dto';
import { EventAccessService } from './event-access.service';

/** The read side of the audit log: an event's entries for its organizers, newest first. */
@Injectable()
export class AuditLogService {
  constructor(
    @InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly access: EventAccessService,
  ) {}

  async list(
    slug: string,
    query: { limit?: number; cursor?: string },
    user: Principal,
  ): Promise<AuditListResponseDto> {
    const { event } = await this.access.requireOrganizer(slug, user);
    const limit = query.limit ?? AUDIT_DEFAULT_LIMIT;
    const builder = this.entries
      .createQueryBuilder('entry')
      .where('entry.eventId = :eventId', { eventId: event.id })
      .orderBy('entry.createdAt', 'DESC')
      .addOrderBy('entry.id', 'DESC')
      .take(limit + 1);
    if (query.cursor) {
      // Keyset on (createdAt, id): entries written in the same millisecond are neither skipped nor repeated.
      const after = decodeCursor(query.cursor);
      builder.andWhere(
        '(entry.createdAt < :createdAt OR (entry.createdAt = :createdAt AND entry.id < :id))',
        after,
      );
    }
    const rows = await builder.getMany();
    const page = rows.slice(0, limit);
    const actorIds = [...new Set(page.map((entry) => entry.actorId).filter((id) => id !== null))];
    const actors = new Map(
      (actorIds.length > 0 ? await this.users.findBy({ id: In(actorIds) }) : []).map((actor) => [
        actor.id,
        { id: actor.id, name: actor.name },
      ]),
    );
    const last = page[page.length - 1];
    return {
      items: page.map((entry) => ({
        id: entry.id,
        action: entry.action,
        actor: entry.actorId ? (actors.get(entry.actorId) ?? null) : null,
        targetType: entry.targetType,
        targetId: entry.targetId,
        details: entry.details,
        createdAt: entry.createdAt,
      })),
      ...(rows.length > limit ? { nextCursor: encodeCursor(last.createdAt, last.id) } : {}),
    };
  }
}

const encodeCursor = (createdAt: string, id: string): string =>
  Buffer.from(`${createdAt}|${id}`, 'utf8').toString('base64url');

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  const [createdAt, id, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id || extra !== undefined || Number.isNaN(Date.parse(createdAt))) {
    throw validationFailed({ cursor: ['cursor is not valid'] });
  }
  return { createdAt, id };
}
