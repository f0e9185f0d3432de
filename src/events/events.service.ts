import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOptionsWhere, In, Repository } from 'typeorm';

import { AgendaSession } from '../agenda/agenda-session.entity';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../auth/principal';
import { DomainError, FieldErrors, validationFailed } from '../common/errors/domain-error';
import {
  checkTranslationLanguages,
  ContentLanguage,
  mergeTranslations,
  TranslationsPatch,
} from '../common/i18n';
import { newId } from '../common/ids';
import { canonicalTimeZone, daysBetween, nowIso } from '../common/time/zoned-time';
import {
  CreateEventDto,
  MAX_EVENT_DAYS,
  RegistrationFieldDto,
  RegistrationSettingsDto,
  UpdateEventDto,
} from './dto/event.dto';
import { EDITOR_VIEW, EventResponseDto, toEventResponse } from './dto/event-response.dto';
import { EventAccessService } from './event-access.service';
import { isInsideEvent } from './event-days';
import { EventStaff } from './event-staff.entity';
import { Event, RegistrationField } from './event.entity';

@Injectable()
export class EventsService {
  constructor(
    @InjectRepository(Event) private readonly events: Repository<Event>,
    @InjectRepository(EventStaff) private readonly staff: Repository<EventStaff>,
    @InjectRepository(AgendaSession) private readonly sessions: Repository<AgendaSession>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: EventAccessService,
    private readonly audit: AuditService,
  ) {}

  /** Any signed-in user may start an edition; they become its first organizer. It starts as a draft. */
  async create(input: CreateEventDto, user: Principal): Promise<EventResponseDto> {
    checkDays(input.startsOn, input.endsOn);
    const languages = input.languages ?? [];
    const fields = input.registration?.fields
      ? normaliseFields(input.registration.fields, 'registration.fields', languages)
      : [];
    const translations = mergeTranslations(null, checkTranslationLanguages(input.translations, languages));
    await this.assertSlugFree(input.slug);
    const now = nowIso();
    const event: Event = {
      id: newId(),
      slug: input.slug,
      title: input.title,
      description: input.description ?? null,
      timezone: canonicalTimeZone(input.timezone),
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      languages,
      status: 'draft',
      publishedAt: null,
      registrationCapacity: input.registration?.capacity ?? null,
      registrationRequiresApproval: input.registration?.requiresApproval ?? false,
      registrationFields: fields,
      translations,
      createdById: user.id,
      createdAt: now,
      updatedAt: now,
    };
    await this.insertEdition(event, async (manager) => {
      await manager.getRepository(EventStaff).insert({
        eventId: event.id,
        userId: user.id,
        role: 'organizer',
        createdAt: now,
      });
      await this.audit.record(
        {
          eventId: event.id,
          actorId: user.id,
          action: 'event.created',
          targetType: 'event',
          targetId: event.id,
        },
        manager,
      );
    });
    return toEventResponse(event, 'organizer', EDITOR_VIEW);
  }

  /**
   * Inserts a new edition inside a transaction together with whatever `withinTransaction` adds; a slug taken
   * by a concurrent request is reported as 409, not 500.
   */
  async insertEdition(
    event: Event,
    withinTransaction: (manager: EntityManager) => Promise<void>,
  ): Promise<void> {
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.getRepository(Event).insert(event);
        await withinTransaction(manager);
      });
    } catch (error) {
      if (!(error instanceof DomainError) && (await this.events.existsBy({ slug: event.slug }))) {
        throw slugTaken(event.slug);
      }
      throw error;
    }
  }

  async assertSlugFree(slug: string): Promise<void> {
    if (await this.events.existsBy({ slug })) {
      throw slugTaken(slug);
    }
  }

  /** Published editions for everyone, plus the drafts the caller is on the staff of; latest first. */
  async list(user: Principal | undefined, content?: ContentLanguage): Promise<EventResponseDto[]> {
    const roles = new Map<string, EventStaff['role']>();
    if (user) {
      for (const row of await this.staff.findBy({ userId: user.id })) {
        roles.set(row.eventId, row.role);
      }
    }
    const where: FindOptionsWhere<Event>[] = [{ status: 'published' }];
    if (roles.size > 0) {
      where.push({ id: In([...roles.keys()]) });
    }
    const events = await this.events.find({ where, order: { startsOn: 'DESC', slug: 'ASC' } });
    return events.map((event) => toEventResponse(event, roles.get(event.id) ?? null, content));
  }

  async get(slug: string, user: Principal | undefined, content?: ContentLanguage): Promise<EventResponseDto> {
    const { event, role } = await this.access.findVisible(slug, user);
    return toEventResponse(event, role, content);
  }

  async update(slug: string, input: UpdateEventDto, user: Principal): Promise<EventResponseDto> {
    const { event, role } = await this.access.requireOrganizer(slug, user);
    const next: Event = { ...event };
    if (input.title !== undefined) {
      next.title = input.title;
    }
    if (input.description !== undefined) {
      next.description = input.description;
    }
    if (input.timezone !== undefined) {
      next.timezone = canonicalTimeZone(input.timezone);
    }
    if (input.startsOn !== undefined) {
      next.startsOn = input.startsOn;
    }
    if (input.endsOn !== undefined) {
      next.endsOn = input.endsOn;
    }
    if (input.languages !== undefined) {
      next.languages = input.languages;
    }
    if (input.registration) {
      applyRegistration(next, input.registration);
    }
    if (input.translations !== undefined) {
      next.translations = mergeTranslations(
        event.translations,
        checkTranslationLanguages(input.translations, next.languages),
      );
    }
    checkDays(next.startsOn, next.endsOn);

    const daysChanged =
      next.startsOn !== event.startsOn || next.endsOn !== event.endsOn || next.timezone !== event.timezone;
    if (daysChanged) {
      await this.assertSessionsInside(next);
    }
    next.updatedAt = nowIso();
    const changed = changedKeys(event, next);
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(Event).save(next, { reload: false });
      if (changed.length > 0) {
        await this.audit.record(
          {
            eventId: event.id,
            actorId: user.id,
            action: 'event.updated',
            targetType: 'event',
            targetId: event.id,
            details: { fields: changed },
          },
          manager,
        );
      }
    });
    return toEventResponse(next, role, EDITOR_VIEW);
  }

  /** Idempotent: publishing a published event changes nothing and keeps its first `publishedAt`. */
  async publish(slug: string, user: Principal): Promise<EventResponseDto> {
    const { event, role } = await this.access.requireOrganizer(slug, user);
    if (event.status === 'published') {
      return toEventResponse(event, role);
    }
    const now = nowIso();
    const next: Event = {
      ...event,
      status: 'published',
      publishedAt: event.publishedAt ?? now,
      updatedAt: now,
    };
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(Event).save(next, { reload: false });
      await this.audit.record(
        {
          eventId: event.id,
          actorId: user.id,
          action: 'event.published',
          targetType: 'event',
          targetId: event.id,
        },
        manager,
      );
    });
    return toEventResponse(next, role);
  }

  /** New days or a new zone must still hold every scheduled session (cancelled ones no longer matter). */
  private async assertSessionsInside(event: Event): Promise<void> {
    const sessions = await this.sessions.find({
      where: { eventId: event.id, status: 'scheduled' },
      order: { startsAt: 'ASC' },
    });
    const outside = sessions.filter((session) => !isInsideEvent(event, session));
    if (outside.length > 0) {
      throw new DomainError(
        'SCHEDULE_CONFLICT',
        `${outside.length} scheduled session(s) would fall outside the event days`,
        { conflicts: outside.map((session) => ({ kind: 'outside-event', sessionId: session.id })) },
      );
    }
  }
}

const slugTaken = (slug: string): DomainError =>
  new DomainError('ALREADY_EXISTS', `An event with the slug "${slug}" already exists`, {
    fields: { slug: ['slug is already taken'] },
  });

function checkDays(startsOn: string, endsOn: string): void {
  const days = daysBetween(startsOn, endsOn);
  if (days < 0) {
    throw validationFailed({ endsOn: ['endsOn must not be before startsOn'] });
  }
  if (days + 1 > MAX_EVENT_DAYS) {
    throw validationFailed({ endsOn: [`an event lasts at most ${MAX_EVENT_DAYS} days`] });
  }
}

function applyRegistration(event: Event, input: RegistrationSettingsDto): void {
  if (input.capacity !== undefined) {
    event.registrationCapacity = input.capacity;
  }
  if (input.requiresApproval !== undefined) {
    event.registrationRequiresApproval = input.requiresApproval;
  }
  if (input.fields !== undefined) {
    // Existing registrations keep the answers they gave; new or newly required questions apply to
    // registrations made from now on, so nothing already stored becomes invalid.
    event.registrationFields = normaliseFields(input.fields, 'registration.fields', event.languages);
  }
}

/** Rules across a field's properties and across fields, reported with the same paths as the DTO pipe. */
export function normaliseFields(
  fields: RegistrationFieldDto[],
  path: string,
  languages: readonly string[],
): RegistrationField[] {
  const errors: FieldErrors = {};
  const translations = fields.map((field, index) =>
    fieldTranslations(field, `${path}.${index}.translations`, languages, errors),
  );
  const seen = new Set<string>();
  fields.forEach((field, index) => {
    const at = `${path}.${index}`;
    if (seen.has(field.key)) {
      errors[`${at}.key`] = [`key "${field.key}" is used by another field`];
    }
    seen.add(field.key);
    const needsOptions = field.type === 'choice' || field.type === 'multi';
    const hasOptions = Array.isArray(field.options);
    if (needsOptions && !hasOptions) {
      errors[`${at}.options`] = [`options are required for a ${field.type} field`];
    }
    if (!needsOptions && hasOptions) {
      errors[`${at}.options`] = [`options are not allowed for a ${field.type} field`];
    }
  });
  if (Object.keys(errors).length > 0) {
    throw validationFailed(errors);
  }
  return fields.map((field, index) => ({
    key: field.key,
    label: field.label,
    type: field.type,
    ...(Array.isArray(field.options) ? { options: field.options } : {}),
    required: field.required ?? false,
    ...(translations[index] ? { translations: translations[index] } : {}),
  }));
}

/** A question's translations replace the old ones with the list; translated options match the originals one for one. */
function fieldTranslations(
  field: RegistrationFieldDto,
  path: string,
  languages: readonly string[],
  errors: FieldErrors,
): RegistrationField['translations'] {
  const patch: TranslationsPatch | undefined = checkTranslationLanguages(field.translations, languages, path);
  const merged = mergeTranslations(null, patch);
  for (const [lang, texts] of Object.entries(merged ?? {})) {
    const options = texts.options;
    if (options !== undefined && (!Array.isArray(field.options) || options.length !== field.options.length)) {
      errors[`${path}.${lang}.options`] = [
        `translated options must match the ${field.options?.length ?? 0} original options one for one`,
      ];
    }
  }
  return merged ?? undefined;
}

const TRACKED: (keyof Event)[] = [
  'title',
  'description',
  'timezone',
  'startsOn',
  'endsOn',
  'languages',
  'registrationCapacity',
  'registrationRequiresApproval',
  'registrationFields',
  'translations',
];

function changedKeys(before: Event, after: Event): string[] {
  return TRACKED.filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
}
