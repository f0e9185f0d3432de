import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { Principal } from '../auth/principal';
import { DomainError, validationFailed } from '../common/errors/domain-error';
import { ContentLanguage, EDITOR_VIEW, Localizer, mergeTranslations } from '../common/i18n';
import { newId } from '../common/ids';
import { nowIso } from '../common/time/zoned-time';
import { EventStaff } from '../events/event-staff.entity';
import {
  CreateOrganizationDto,
  OrganizationListResponseDto,
  OrganizationResponseDto,
  toOrganizationResponse,
  UpdateOrganizationDto,
} from './dto/organization.dto';
import { Organization } from './organization.entity';

const DEFAULT_LIMIT = 50;

/** Names are unique ignoring case and runs of spaces ("World  bank" is "World Bank"). */
export const organizationNameKey = (name: string): string => name.trim().replace(/\s+/g, ' ').toLowerCase();

const escapeLike = (value: string): string => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The directory of organisations, shared by every event's speakers. */
@Injectable()
export class OrganizationsService {
  constructor(
    @InjectRepository(Organization) private readonly organizations: Repository<Organization>,
    @InjectRepository(EventStaff) private readonly staff: Repository<EventStaff>,
  ) {}

  async list(
    query: { q?: string; limit?: number; cursor?: string },
    content?: ContentLanguage,
  ): Promise<OrganizationListResponseDto> {
    // Directory data is public, so every reader may ask for all translations.
    const localizer = Localizer.forDirectory(content, true);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const builder = this.organizations
      .createQueryBuilder('organization')
      .orderBy('organization.nameKey', 'ASC')
      .take(limit + 1);
    const q = query.q?.trim();
    if (q) {
      const pattern = `%${escapeLike(q.replace(/\s+/g, ' ').toLowerCase())}%`;
      builder.andWhere(
        "(organization.nameKey LIKE :pattern ESCAPE '\\' OR LOWER(organization.shortName) LIKE :pattern ESCAPE '\\')",
        { pattern },
      );
    }
    if (query.cursor) {
      builder.andWhere('organization.nameKey > :after', { after: decodeCursor(query.cursor) });
    }
    const rows = await builder.getMany();
    const page = rows.slice(0, limit);
    return {
      items: page.map((organization) => toOrganizationResponse(organization, localizer)),
      ...(rows.length > limit ? { nextCursor: encodeCursor(page[page.length - 1].nameKey) } : {}),
    };
  }

  async get(id: string, content?: ContentLanguage): Promise<OrganizationResponseDto> {
    return toOrganizationResponse(await this.require(id), Localizer.forDirectory(content, true));
  }

  async require(id: string): Promise<Organization> {
    const organization = await this.organizations.findOneBy({ id });
    if (!organization) {
      throw new DomainError('ORGANIZATION_NOT_FOUND', 'No organisation with this id was found');
    }
    return organization;
  }

  async create(input: CreateOrganizationDto): Promise<OrganizationResponseDto> {
    const now = nowIso();
    const organization: Organization = {
      id: newId(),
      name: input.name.replace(/\s+/g, ' '),
      nameKey: organizationNameKey(input.name),
      shortName: input.shortName ?? null,
      country: input.country ?? null,
      url: input.url ?? null,
      translations: mergeTranslations(null, input.translations),
      createdAt: now,
      updatedAt: now,
    };
    await this.assertNameFree(organization.nameKey);
    await this.saveUnique(organization, () => this.organizations.insert(organization));
    return toOrganizationResponse(organization, Localizer.forDirectory(EDITOR_VIEW, true));
  }

  /** The directory is shared, so only people who organize some event may edit entries. */
  async update(id: string, input: UpdateOrganizationDto, user: Principal): Promise<OrganizationResponseDto> {
    if (!(await this.staff.existsBy({ userId: user.id, role: 'organizer' }))) {
      throw new DomainError('FORBIDDEN', 'Only organizers of an event may edit the organisations directory');
    }
    const organization = await this.require(id);
    const next: Organization = { ...organization };
    if (input.name !== undefined) {
      next.name = input.name.replace(/\s+/g, ' ');
      next.nameKey = organizationNameKey(input.name);
      if (next.nameKey !== organization.nameKey) {
        await this.assertNameFree(next.nameKey);
      }
    }
    if (input.shortName !== undefined) {
      next.shortName = input.shortName;
    }
    if (input.country !== undefined) {
      next.country = input.country;
    }
    if (input.url !== undefined) {
      next.url = input.url;
    }
    if (input.translations !== undefined) {
      next.translations = mergeTranslations(organization.translations, input.translations);
    }
    next.updatedAt = nowIso();
    await this.saveUnique(next, () => this.organizations.save(next, { reload: false }));
    return toOrganizationResponse(next, Localizer.forDirectory(EDITOR_VIEW, true));
  }

  private async assertNameFree(nameKey: string): Promise<void> {
    if (await this.organizations.existsBy({ nameKey })) {
      throw nameTaken();
    }
  }

  /** A concurrent request may take the name between the check and the write: the unique index decides. */
  private async saveUnique(organization: Organization, write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (error) {
      const holder = await this.organizations.findOneBy({ nameKey: organization.nameKey });
      if (holder && holder.id !== organization.id) {
        throw nameTaken();
      }
      throw error;
    }
  }
}

const nameTaken = (): DomainError =>
  new DomainError('ALREADY_EXISTS', 'An organisation with this name already exists', {
    fields: { name: ['name is already in the directory (names are compared ignoring case)'] },
  });

const encodeCursor = (nameKey: string): string => Buffer.from(nameKey, 'utf8').toString('base64url');

function decodeCursor(cursor: string): string {
  const value = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!value || encodeCursor(value) !== cursor) {
    throw validationFailed({ cursor: ['cursor is not valid'] });
  }
  return value;
}
