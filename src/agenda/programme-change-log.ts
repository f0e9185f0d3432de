import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, EntityManager } from 'typeorm';

import { Principal } from '../auth/principal';
import { newId } from '../common/ids';
import { nowIso, toUtcIso } from '../common/time/zoned-time';
import { EventAccessService } from '../events/event-access.service';
import { decodeCursor, encodeCursor } from './change-log-cursor';
import { ListChangesQueryDto } from './dto/session-query.dto';
import { ProgrammeChangeDto, ProgrammeChangeListDto } from './dto/session-response.dto';
import { ProgrammeChange, ProgrammeChangeKind } from './programme-change.entity';

const DEFAULT_CHANGES_LIMIT = 50;

export interface ProgrammeChangeEntry {
  eventId: string;
  sessionId: string;
  kind: ProgrammeChangeKind;
  summary: string;
  before: object | null;
  after: object | null;
  actorId: string;
}

/** The public change log of a published programme, newest first, in pages. */
@Injectable()
export class ProgrammeChangeLog {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: EventAccessService,
  ) {}

  async list(
    slug: string,
    user: Principal | undefined,
    query: ListChangesQueryDto,
  ): Promise<ProgrammeChangeListDto> {
    const { event } = await this.access.findVisible(slug, user);
    const limit = query.limit ?? DEFAULT_CHANGES_LIMIT;
    const builder = this.dataSource
      .getRepository(ProgrammeChange)
      .createQueryBuilder('change')
      .where('change.eventId = :eventId', { eventId: event.id })
      .orderBy('change.createdAt', 'DESC')
      .addOrderBy('change.id', 'DESC')
      .take(limit + 1);
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor);
      builder.andWhere(
        new Brackets((where) =>
          where
            .where('change.createdAt < :createdAt', cursor)
            .orWhere('change.createdAt = :createdAt AND change.id < :id', cursor),
        ),
      );
    }
    const rows = await builder.getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toChangeResponse),
      limit,
      nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
    };
  }
}

/**
 * Adds one entry inside the caller's transaction. Entries of one event get strictly increasing times, so
 * "newest first" is exact even within a millisecond.
 */
export async function recordProgrammeChange(
  manager: EntityManager,
  entry: ProgrammeChangeEntry,
): Promise<void> {
  const repository = manager.getRepository(ProgrammeChange);
  const latest = await repository.findOne({
    select: { createdAt: true },
    where: { eventId: entry.eventId },
    order: { createdAt: 'DESC' },
  });
  let createdAt = nowIso();
  if (latest && latest.createdAt >= createdAt) {
    createdAt = toUtcIso(Date.parse(latest.createdAt) + 1);
  }
  const change: ProgrammeChange = {
    id: newId(),
    eventId: entry.eventId,
    sessionId: entry.sessionId,
    kind: entry.kind,
    summary: entry.summary,
    before: entry.before as Record<string, unknown> | null,
    after: entry.after as Record<string, unknown> | null,
    actorId: entry.actorId,
    createdAt,
  };
  await repository.save(change, { reload: false });
}

function toChangeResponse(change: ProgrammeChange): ProgrammeChangeDto {
  return {
    id: change.id,
    sessionId: change.sessionId,
    kind: change.kind,
    summary: change.summary,
    before: change.before,
    after: change.after,
    createdAt: change.createdAt,
  };
}
