import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';

import { AuditService } from '../audit/audit.service';
import { Principal } from '../auth/principal';
import { DomainError, validationFailed } from '../common/errors/domain-error';
import { newId } from '../common/ids';
import { nowIso } from '../common/time/zoned-time';
import { EventAccessService } from '../events/event-access.service';
import { StaffRole } from '../events/event-staff.entity';
import { Event } from '../events/event.entity';
import { DeclarationEndorsement } from './declaration-endorsement.entity';
import { declarationDigest } from './declaration-digest';
import { Declaration } from './declaration.entity';
import {
  CreateDeclarationDto,
  DeclarationListResponseDto,
  DeclarationResponseDto,
  effectiveStatus,
  toDeclarationResponse,
  UpdateDeclarationDto,
} from './dto/declaration.dto';

export interface VisibleDeclaration {
  event: Event;
  role: StaffRole | null;
  declaration: Declaration;
}

/** Drafting, publishing (which freezes the texts) and closing declarations; reading them for everyone. */
@Injectable()
export class DeclarationsService {
  constructor(
    @InjectRepository(Declaration) private readonly declarations: Repository<Declaration>,
    @InjectRepository(DeclarationEndorsement)
    private readonly endorsements: Repository<DeclarationEndorsement>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: EventAccessService,
    private readonly audit: AuditService,
  ) {}

  /** Published declarations for everyone, drafts too for organizers; newest first. */
  async list(slug: string, user: Principal | undefined): Promise<DeclarationListResponseDto> {
    const { event, role } = await this.access.findVisible(slug, user);
    const rows = await this.declarations.find({
      where:
        role === 'organizer' ? { eventId: event.id } : { eventId: event.id, status: In(['open', 'closed']) },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
    const counts = await this.verifiedCounts(rows.map((row) => row.id));
    return { items: rows.map((row) => toDeclarationResponse(row, counts.get(row.id) ?? 0)) };
  }

  async get(slug: string, id: string, user: Principal | undefined): Promise<DeclarationResponseDto> {
    const { declaration } = await this.requireVisible(slug, id, user);
    return this.view(declaration);
  }

  /** A declaration as the caller may see it: drafts exist for the event's organizers only (404 otherwise). */
  async requireVisible(slug: string, id: string, user: Principal | undefined): Promise<VisibleDeclaration> {
    const { event, role } = await this.access.findVisible(slug, user);
    const declaration = await this.declarations.findOneBy({ id, eventId: event.id });
    if (!declaration || (declaration.status === 'draft' && role !== 'organizer')) {
      throw declarationNotFound();
    }
    return { event, role, declaration };
  }

  async create(slug: string, input: CreateDeclarationDto, user: Principal): Promise<DeclarationResponseDto> {
    const { event } = await this.access.requireOrganizer(slug, user);
    assertEventLanguages(event, input.texts);
    const now = nowIso();
    const declaration: Declaration = {
      id: newId(),
      eventId: event.id,
      title: input.title,
      texts: input.texts,
      digest: null,
      status: 'draft',
      closesAt: toUtc(input.closesAt),
      publishedAt: null,
      createdById: user.id,
      createdAt: now,
      updatedAt: now,
    };
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(Declaration).insert(declaration);
      await this.audit.record(
        {
          ...this.auditOf(declaration, user),
          action: 'declaration.created',
          details: { title: input.title },
        },
        manager,
      );
    });
    return toDeclarationResponse(declaration, 0);
  }

  /** Title and texts change only while a draft; the deadline may move later too. */
  async update(
    slug: string,
    id: string,
    input: UpdateDeclarationDto,
    user: Principal,
  ): Promise<DeclarationResponseDto> {
    const { event } = await this.access.requireOrganizer(slug, user);
    const declaration = await this.requireOwn(event, id);
    if (declaration.status !== 'draft' && (input.title !== undefined || input.texts !== undefined)) {
      throw new DomainError(
        'DECLARATION_FROZEN',
        'The title and texts of a published declaration never change: publish a new declaration instead',
      );
    }
    if (input.texts !== undefined) {
      assertEventLanguages(event, input.texts);
    }
    const next: Declaration = {
      ...declaration,
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.texts !== undefined ? { texts: input.texts } : {}),
      ...(input.closesAt !== undefined ? { closesAt: toUtc(input.closesAt) } : {}),
      updatedAt: nowIso(),
    };
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(Declaration).save(next, { reload: false });
      await this.audit.record(
        {
          ...this.auditOf(next, user),
          action: 'declaration.updated',
          details: {
            fields: Object.entries(input).flatMap(([key, value]) => (value === undefined ? [] : [key])),
          },
        },
        manager,
      );
    });
    return this.view(next);
  }

  /** Freezes the texts and records their digest; only once. */
  async publish(slug: string, id: string, user: Principal): Promise<DeclarationResponseDto> {
    const { event } = await this.access.requireOrganizer(slug, user);
    const declaration = await this.requireOwn(event, id);
    if (declaration.status !== 'draft') {
      throw new DomainError('INVALID_STATE', 'This declaration is already published', {
        status: effectiveStatus(declaration),
      });
    }
    assertEventLanguages(event, declaration.texts);
    const now = nowIso();
    const digest = declarationDigest(declaration.texts);
    await this.dataSource.transaction(async (manager) => {
      // Conditional on still being a draft: two concurrent publishes cannot both succeed.
      const result = await manager
        .createQueryBuilder()
        .update(Declaration)
        .set({ status: 'open', digest, publishedAt: now, updatedAt: now })
        .where('id = :id AND status = :draft', { id, draft: 'draft' })
        .execute();
      if (!result.affected) {
        throw new DomainError('INVALID_STATE', 'This declaration is already published');
      }
      await this.audit.record(
        { ...this.auditOf(declaration, user), action: 'declaration.published', details: { digest } },
        manager,
      );
    });
    return this.view({ ...declaration, status: 'open', digest, publishedAt: now, updatedAt: now });
  }

  /** Stops new endorsements now (pending ones may still be verified). */
  async close(slug: string, id: string, user: Principal): Promise<DeclarationResponseDto> {
    const { event } = await this.access.requireOrganizer(slug, user);
    const declaration = await this.requireOwn(event, id);
    if (declaration.status !== 'open') {
      throw new DomainError('INVALID_STATE', 'Only an open declaration can be closed', {
        status: declaration.status,
      });
    }
    const next: Declaration = { ...declaration, status: 'closed', updatedAt: nowIso() };
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(Declaration).save(next, { reload: false });
      await this.audit.record({ ...this.auditOf(next, user), action: 'declaration.closed' }, manager);
    });
    return this.view(next);
  }

  /** The event's declarations open for endorsement now, with their verified counts (the overlay's counter). */
  async openCounts(eventId: string): Promise<{ id: string; title: string; endorsements: number }[]> {
    const rows = (
      await this.declarations.find({
        where: { eventId, status: 'open' },
        order: { publishedAt: 'ASC', id: 'ASC' },
      })
    ).filter((row) => effectiveStatus(row) === 'open');
    const counts = await this.verifiedCounts(rows.map((row) => row.id));
    return rows.map((row) => ({ id: row.id, title: row.title, endorsements: counts.get(row.id) ?? 0 }));
  }

  async countVerified(declarationId: string): Promise<number> {
    return this.endorsements.countBy({ declarationId, status: 'verified' });
  }

  private async view(declaration: Declaration): Promise<DeclarationResponseDto> {
    return toDeclarationResponse(declaration, await this.countVerified(declaration.id));
  }

  private async verifiedCounts(ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) {
      return new Map();
    }
    const rows = await this.endorsements
      .createQueryBuilder('endorsement')
      .select('endorsement.declarationId', 'declarationId')
      .addSelect('COUNT(*)', 'n')
      .where('endorsement.declarationId IN (:...ids)', { ids })
      .andWhere('endorsement.status = :verified', { verified: 'verified' })
      .groupBy('endorsement.declarationId')
      .getRawMany<{ declarationId: string; n: string | number }>();
    return new Map(rows.map((row) => [row.declarationId, Number(row.n)]));
  }

  private async requireOwn(event: Event, id: string): Promise<Declaration> {
    const declaration = await this.declarations.findOneBy({ id, eventId: event.id });
    if (!declaration) {
      throw declarationNotFound();
    }
    return declaration;
  }

  private auditOf(declaration: Declaration, user: Principal) {
    return {
      eventId: declaration.eventId,
      actorId: user.id,
      targetType: 'declaration',
      targetId: declaration.id,
    };
  }
}

export const declarationNotFound = (): DomainError =>
  new DomainError('DECLARATION_NOT_FOUND', 'No declaration with this id was found in this event');

function assertEventLanguages(event: Event, texts: Record<string, string>): void {
  const foreign = Object.keys(texts).filter((lang) => !event.languages.includes(lang));
  if (foreign.length > 0) {
    throw validationFailed({
      texts: [
        `texts may only use the event's languages (${event.languages.join(', ')}); not ${foreign.join(', ')}`,
      ],
    });
  }
}

const toUtc = (value: string | null | undefined): string | null =>
  value ? new Date(value).toISOString() : null;
