import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';

import { newId } from '../common/ids';
import { nowIso } from '../common/time/zoned-time';
import { AuditEntry } from './audit-entry.entity';

export interface AuditRecord {
  eventId: string | null;
  actorId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
}

@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>) {}

  /** Pass the transaction's manager so the entry commits (or rolls back) with the action it records. */
  async record(record: AuditRecord, manager?: EntityManager): Promise<AuditEntry> {
    const entry: AuditEntry = {
      id: newId(),
      eventId: record.eventId,
      actorId: record.actorId,
      action: record.action,
      targetType: record.targetType ?? null,
      targetId: record.targetId ?? null,
      details: record.details ?? null,
      createdAt: nowIso(),
    };
    await (manager ? manager.getRepository(AuditEntry) : this.entries).save(entry, { reload: false });
    return entry;
  }
}
