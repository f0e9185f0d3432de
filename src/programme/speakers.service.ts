import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';

import { SessionParticipant } from '../agenda/session-participant.entity';
import { Principal } from '../auth/principal';
import { User } from '../auth/user.entity';
import { DomainError } from '../common/errors/domain-error';
import {
  checkTranslationLanguages,
  ContentLanguage,
  EDITOR_VIEW,
  Localizer,
  mergeTranslations,
} from '../common/i18n';
import { newId } from '../common/ids';
import { nowIso } from '../common/time/zoned-time';
import { EventAccessService } from '../events/event-access.service';
import { toOrganizationSummary } from '../organizations/dto/organization.dto';
import { Organization } from '../organizations/organization.entity';
import { CreateSpeakerDto, SpeakerResponseDto, UpdateSpeakerDto } from './dto/speaker.dto';
import { inUse, speakerNotFound } from './programme-errors';
import { Speaker } from './speaker.entity';

@Injectable()
export class SpeakersService {
  constructor(
    @InjectRepository(Speaker) private readonly speakers: Repository<Speaker>,
    @InjectRepository(Organization) private readonly organizations: Repository<Organization>,
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(SessionParticipant) private readonly participants: Repository<SessionParticipant>,
    private readonly access: EventAccessService,
  ) {}

  /** By name, each with its organisation; contact emails only in the staff's view. */
  async list(
    slug: string,
    user: Principal | undefined,
    content?: ContentLanguage,
  ): Promise<SpeakerResponseDto[]> {
    const { event, role } = await this.access.findVisible(slug, user);
    const localizer = Localizer.forEvent(content, event.languages, role !== null);
    const speakers = await this.speakers.find({ where: { eventId: event.id }, order: { name: 'ASC' } });
    const organizationIds = [...new Set(speakers.map((s) => s.organizationId).filter((id) => id !== null))];
    const organizations = new Map(
      (organizationIds.length > 0 ? await this.organizations.findBy({ id: In(organizationIds) }) : []).map(
        (organization) => [organization.id, organization],
      ),
    );
    return speakers.map((speaker) =>
      toSpeakerResponse(
        speaker,
        speaker.organizationId ? (organizations.get(speaker.organizationId) ?? null) : null,
        role !== null,
        localizer,
      ),
    );
  }

  async get(
    slug: string,
    id: string,
    user: Principal | undefined,
    content?: ContentLanguage,
  ): Promise<SpeakerResponseDto> {
    const { event, role } = await this.access.findVisible(slug, user);
    const speaker = await this.require(event.id, id);
    const localizer = Localizer.forEvent(content, event.languages, role !== null);
    return toSpeakerResponse(speaker, await this.organizationOf(speaker), role !== null, localizer);
  }

  async create(slug: string, input: CreateSpeakerDto, user: Principal): Promise<SpeakerResponseDto> {
    const { event } = await this.access.requireOrganizer(slug, user);
    const now = nowIso();
    const speaker: Speaker = {
      id: newId(),
      eventId: event.id,
      name: input.name,
      position: input.position ?? null,
      organizationId: input.organizationId ?? null,
      bio: input.bio ?? null,
      photoUrl: input.photoUrl ?? null,
      email: input.email ?? null,
      userId: input.userId ?? null,
      translations: mergeTranslations(null, checkTranslationLanguages(input.translations, event.languages)),
      createdAt: now,
      updatedAt: now,
    };
    const organization = await this.checkLinks(speaker);
    await this.speakers.insert(speaker);
    return toSpeakerResponse(
      speaker,
      organization,
      true,
      Localizer.forEvent(EDITOR_VIEW, event.languages, true),
    );
  }

  async update(
    slug: string,
    id: string,
    input: UpdateSpeakerDto,
    user: Principal,
  ): Promise<SpeakerResponseDto> {
    const { event } = await this.access.requireOrganizer(slug, user);
    const speaker = await this.require(event.id, id);
    for (const key of ['name', 'position', 'organizationId', 'bio', 'photoUrl', 'email', 'userId'] as const) {
      const value = input[key];
      if (value !== undefined) {
        Object.assign(speaker, { [key]: value });
      }
    }
    if (input.translations !== undefined) {
      speaker.translations = mergeTranslations(
        speaker.translations,
        checkTranslationLanguages(input.translations, event.languages),
      );
    }
    const organization = await this.checkLinks(speaker);
    speaker.updatedAt = nowIso();
    await this.speakers.save(speaker, { reload: false });
    return toSpeakerResponse(
      speaker,
      organization,
      true,
      Localizer.forEvent(EDITOR_VIEW, event.languages, true),
    );
  }

  /** Refused while the speaker appears in sessions: the programme must not change behind its change log. */
  async remove(slug: string, id: string, user: Principal): Promise<void> {
    const { event } = await this.access.requireOrganizer(slug, user);
    const speaker = await this.require(event.id, id);
    const appearances = await this.participants.find({
      select: { sessionId: true },
      where: { speakerId: speaker.id },
    });
    if (appearances.length > 0) {
      throw inUse(
        'speaker',
        appearances.map((row) => row.sessionId),
      );
    }
    await this.speakers.delete({ id: speaker.id, eventId: event.id });
  }

  async require(eventId: string, id: string): Promise<Speaker> {
    const speaker = await this.speakers.findOneBy({ id, eventId });
    if (!speaker) {
      throw speakerNotFound();
    }
    return speaker;
  }

  private async organizationOf(speaker: Speaker): Promise<Organization | null> {
    return speaker.organizationId ? this.organizations.findOneBy({ id: speaker.organizationId }) : null;
  }

  /** The organisation and account a speaker points to must exist; an account is one speaker per event. */
  private async checkLinks(speaker: Speaker): Promise<Organization | null> {
    const organization = await this.organizationOf(speaker);
    if (speaker.organizationId && !organization) {
      throw new DomainError('ORGANIZATION_NOT_FOUND', 'No organisation with this id was found', {
        fields: { organizationId: ['organizationId does not name an organisation of the directory'] },
      });
    }
    if (speaker.userId) {
      if (!(await this.users.existsBy({ id: speaker.userId }))) {
        throw new DomainError('USER_NOT_FOUND', 'No account with this id was found', {
          fields: { userId: ['userId does not name an account'] },
        });
      }
      const holder = await this.speakers.findOneBy({ eventId: speaker.eventId, userId: speaker.userId });
      if (holder && holder.id !== speaker.id) {
        throw new DomainError(
          'ALREADY_EXISTS',
          'This account is already linked to another speaker of this event',
          {
            fields: { userId: ['userId is linked to another speaker of this event'] },
            speakerId: holder.id,
          },
        );
      }
    }
    return organization;
  }
}

export function toSpeakerResponse(
  speaker: Speaker,
  organization: Organization | null,
  staffView: boolean,
  localizer = Localizer.ORIGINAL,
): SpeakerResponseDto {
  return {
    id: speaker.id,
    ...localizer.fields(speaker, ['name', 'position', 'bio']),
    organization: organization ? toOrganizationSummary(organization, localizer.directory) : null,
    photoUrl: speaker.photoUrl,
    ...(staffView ? { email: speaker.email } : {}),
    userId: speaker.userId,
    createdAt: speaker.createdAt,
    updatedAt: speaker.updatedAt,
  };
}
