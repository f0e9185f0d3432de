import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';

import { AuditService } from '../audit/audit.service';
import { Principal } from '../auth/principal';
import { DomainEvents } from '../common/domain-events/domain-events';
import { DomainError } from '../common/errors/domain-error';
import { newId } from '../common/ids';
import { nowIso } from '../common/time/zoned-time';
import { Organization } from '../organizations/organization.entity';
import { OrganizationsService } from '../organizations/organizations.service';
import { DeclarationEndorsement } from './declaration-endorsement.entity';
import './declarations.events';
import { DeclarationsService, VisibleDeclaration } from './declarations.service';
import { effectiveStatus } from './dto/declaration.dto';
import {
  CreateEndorsementDto,
  EndorsementFilter,
  EndorsementResponseDto,
  toEndorsementResponse,
} from './dto/endorsement.dto';

export interface EndorsementRow {
  endorsement: DeclarationEndorsement;
  organization: Organization;
}

/** Endorsements by organisations: submitted by any signed-in user, verified or rejected by organizers. */
@Injectable()
export class EndorsementsService {
  constructor(
    @InjectRepository(DeclarationEndorsement)
    private readonly endorsements: Repository<DeclarationEndorsement>,
    @InjectRepository(Organization) private readonly organizations: Repository<Organization>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly declarations: DeclarationsService,
    private readonly organizationsService: OrganizationsService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  /**
   * Verified endorsements for everyone; other statuses for the event's organizers only. `q` matches the
   * organisation's name, short name or country, ignoring case. Sorted by country, then name.
   */
  async list(
    slug: string,
    id: string,
    query: { status?: EndorsementFilter; q?: string },
    user: Principal | undefined,
  ): Promise<{ visible: VisibleDeclaration; rows: EndorsementRow[]; total: number }> {
    const visible = await this.declarations.requireVisible(slug, id, user);
    const status = query.status ?? 'verified';
    if (status !== 'verified' && visible.role !== 'organizer') {
      throw new DomainError(
        user ? 'FORBIDDEN' : 'UNAUTHENTICATED',
        'Only organizers see endorsements that are not verified',
      );
    }
    const found = await this.endorsements.find({
      where: {
        declarationId: id,
        ...(status === 'all' ? {} : { status }),
      },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const rows = await this.withOrganizations(found);
    const needle = query.q?.trim().toLowerCase();
    const matching = needle
      ? rows.filter(({ organization }) =>
          [organization.name, organization.shortName, organization.country].some((value) =>
            value?.toLowerCase().includes(needle),
          ),
        )
      : rows;
    matching.sort(
      (a, b) =>
        (a.organization.country ?? '\uffff').localeCompare(b.organization.country ?? '\uffff') ||
        a.organization.name.localeCompare(b.organization.name),
    );
    return { visible, rows: matching, total: await this.declarations.countVerified(id) };
  }

  /** The caller's own endorsements of this declaration, every status (they see why one was rejected). */
  async mine(slug: string, id: string, user: Principal): Promise<EndorsementResponseDto[]> {
    await this.declarations.requireVisible(slug, id, user);
    const found = await this.endorsements.find({
      where: { declarationId: id, endorserId: user.id },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
    return (await this.withOrganizations(found)).map((row) =>
      toEndorsementResponse(row.endorsement, row.organization),
    );
  }

  async create(
    slug: string,
    id: string,
    input: CreateEndorsementDto,
    user: Principal,
  ): Promise<EndorsementResponseDto> {
    const { declaration } = await this.declarations.requireVisible(slug, id, user);
    // Someone a moderator banned from the event does not speak for an organisation in it either.
    if (await this.isBanned(declaration.eventId, user.id)) {
      throw new DomainError('BANNED', 'You were banned from this event by a moderator');
    }
    if (effectiveStatus(declaration) !== 'open' || declaration.digest === null) {
      throw new DomainError('DECLARATION_CLOSED', 'This declaration no longer accepts endorsements', {
        closesAt: declaration.closesAt,
      });
    }
    const organization = await this.organizationsService.require(input.organizationId);
    await this.assertNoActiveEndorsement(id, organization);
    const now = nowIso();
    const endorsement: DeclarationEndorsement = {
      id: newId(),
      declarationId: id,
      eventId: declaration.eventId,
      organizationId: organization.id,
      activeOrganizationId: organization.id,
      endorserId: user.id,
      representativeName: input.representative.name,
      representativePosition: input.representative.position,
      statement: input.statement ?? null,
      status: 'pending',
      digest: declaration.digest,
      rejectionReason: null,
      verifiedAt: null,
      rejectedAt: null,
      withdrawnAt: null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.getRepository(DeclarationEndorsement).insert(endorsement);
        await this.record(manager, endorsement, user, 'endorsement.submitted', {
          organizationId: organization.id,
          organization: organization.name,
          digest: endorsement.digest,
        });
      });
    } catch (error) {
      // Two submissions for one organisation at once: the unique index lets one through.
      await this.assertNoActiveEndorsement(id, organization);
      throw error;
    }
    return toEndorsementResponse(endorsement, organization);
  }

  private async isBanned(eventId: string, userId: string): Promise<boolean> {
    const row: unknown = await this.dataSource
      .createQueryBuilder()
      .select('1', 'banned')
      .from('event_bans', 'b')
      .where('b."eventId" = :eventId AND b."userId" = :userId', { eventId, userId })
      .getRawOne();
    return row !== undefined && row !== null;
  }

  async verify(slug: string, id: string, eid: string, user: Principal): Promise<EndorsementResponseDto> {
    const { endorsement, organization } = await this.requireForOrganizer(slug, id, eid, user);
    const now = nowIso();
    const next = await this.transition(endorsement, 'pending', user, 'endorsement.verified', {
      status: 'verified',
      verifiedAt: now,
      updatedAt: now,
    });
    const endorsements = await this.declarations.countVerified(id);
    this.events.emit('declaration.endorsed', {
      eventId: endorsement.eventId,
      declarationId: id,
      endorsements,
      organizationName: organization.name,
    });
    return toEndorsementResponse(next, organization);
  }

  async reject(
    slug: string,
    id: string,
    eid: string,
    reason: string,
    user: Principal,
  ): Promise<EndorsementResponseDto> {
    const { endorsement, organization } = await this.requireForOrganizer(slug, id, eid, user);
    const now = nowIso();
    const next = await this.transition(
      endorsement,
      'pending',
      user,
      'endorsement.rejected',
      {
        status: 'rejected',
        activeOrganizationId: null,
        rejectionReason: reason,
        rejectedAt: now,
        updatedAt: now,
      },
      { reason },
    );
    return toEndorsementResponse(next, organization);
  }

  /** By the endorser or an organizer; the record stays, with `withdrawnAt`, and no longer counts. */
  async withdraw(slug: string, id: string, eid: string, user: Principal): Promise<EndorsementResponseDto> {
    const { role } = await this.declarations.requireVisible(slug, id, user);
    const endorsement = await this.requireEndorsement(id, eid);
    if (endorsement.endorserId !== user.id && role !== 'organizer') {
      throw new DomainError('FORBIDDEN', 'Only the endorser or an organizer may withdraw this endorsement');
    }
    const organization = await this.organizationsService.require(endorsement.organizationId);
    const now = nowIso();
    const next = await this.transition(
      endorsement,
      ['pending', 'verified'],
      user,
      'endorsement.withdrawn',
      { status: 'withdrawn', activeOrganizationId: null, withdrawnAt: now, updatedAt: now },
      { previousStatus: endorsement.status, byEndorser: endorsement.endorserId === user.id },
    );
    return toEndorsementResponse(next, organization);
  }

  private async requireForOrganizer(
    slug: string,
    id: string,
    eid: string,
    user: Principal,
  ): Promise<EndorsementRow> {
    const { role } = await this.declarations.requireVisible(slug, id, user);
    if (role !== 'organizer') {
      throw new DomainError('FORBIDDEN', 'Only organizers of this event verify endorsements');
    }
    const endorsement = await this.requireEndorsement(id, eid);
    return { endorsement, organization: await this.organizationsService.require(endorsement.organizationId) };
  }

  private async requireEndorsement(declarationId: string, eid: string): Promise<DeclarationEndorsement> {
    const endorsement = await this.endorsements.findOneBy({ id: eid, declarationId });
    if (!endorsement) {
      throw new DomainError(
        'ENDORSEMENT_NOT_FOUND',
        'No endorsement with this id was found on this declaration',
      );
    }
    return endorsement;
  }

  /** Applies `changes` only if the endorsement is still in one of `from` (a concurrent change loses). */
  private async transition(
    endorsement: DeclarationEndorsement,
    from: DeclarationEndorsement['status'] | Array<DeclarationEndorsement['status']>,
    user: Principal,
    action: string,
    changes: Partial<DeclarationEndorsement>,
    details: Record<string, unknown> = {},
  ): Promise<DeclarationEndorsement> {
    const allowed = Array.isArray(from) ? from : [from];
    const refuse = (): DomainError =>
      new DomainError('INVALID_STATE', `This endorsement is ${endorsement.status}`, {
        status: endorsement.status,
      });
    if (!allowed.includes(endorsement.status)) {
      throw refuse();
    }
    await this.dataSource.transaction(async (manager) => {
      const result = await manager
        .createQueryBuilder()
        .update(DeclarationEndorsement)
        .set(changes)
        .where({ id: endorsement.id, status: In(allowed) })
        .execute();
      if (!result.affected) {
        throw refuse();
      }
      await this.record(manager, endorsement, user, action, {
        organizationId: endorsement.organizationId,
        ...details,
      });
    });
    return { ...endorsement, ...changes };
  }

  private async record(
    manager: EntityManager,
    endorsement: DeclarationEndorsement,
    user: Principal,
    action: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.record(
      {
        eventId: endorsement.eventId,
        actorId: user.id,
        action,
        targetType: 'endorsement',
        targetId: endorsement.id,
        details: { declarationId: endorsement.declarationId, ...details },
      },
      manager,
    );
  }

  private async assertNoActiveEndorsement(declarationId: string, organization: Organization): Promise<void> {
    const existing = await this.endorsements.findOneBy({
      declarationId,
      activeOrganizationId: organization.id,
    });
    if (existing) {
      throw new DomainError('ALREADY_EXISTS', `${organization.name} has already endorsed this declaration`, {
        fields: { organizationId: ['this organisation already has a pending or verified endorsement'] },
      });
    }
  }

  private async withOrganizations(found: DeclarationEndorsement[]): Promise<EndorsementRow[]> {
    const ids = [...new Set(found.map((row) => row.organizationId))];
    const organizations = new Map(
      (ids.length > 0 ? await this.organizations.findBy({ id: In(ids) }) : []).map((row) => [row.id, row]),
    );
    return found.flatMap((endorsement) => {
      const organization = organizations.get(endorsement.organizationId);
      return organization ? [{ endorsement, organization }] : [];
    });
  }
}
