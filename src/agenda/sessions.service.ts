import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, EntityManager, In } from 'typeorm';

import { AuditService } from '../audit/audit.service';
import { Principal } from '../auth/principal';
import { DomainEvents } from '../common/domain-events/domain-events';
import { DomainError, FieldErrors, validationFailed } from '../common/errors/domain-error';
import {
  checkTranslationLanguages,
  ContentLanguage,
  EDITOR_VIEW,
  Localizer,
  mergeTranslations,
} from '../common/i18n';
import { newId } from '../common/ids';
import { addDays, canonicalTimeZone, nowIso, toUtcIso, zonedToUtcMs } from '../common/time/zoned-time';
import { lockRow } from '../database/row-lock';
import { EventAccessService } from '../events/event-access.service';
import { Event } from '../events/event.entity';
import { Room } from '../programme/room.entity';
import { Speaker } from '../programme/speaker.entity';
import { Track } from '../programme/track.entity';
import { AgendaCache } from './agenda-cache';
import { AgendaSession, LiveStatus } from './agenda-session.entity';
import { ParticipantInputDto, UpdateSessionDto, CreateSessionDto } from './dto/session-input.dto';
import { ListChangesQueryDto, ListSessionsQueryDto } from './dto/session-query.dto';
import { ProgrammeChangeDto, ProgrammeChangeListDto, SessionResponseDto } from './dto/session-response.dto';
import { ProgrammeChange, ProgrammeChangeKind } from './programme-change.entity';
import { findScheduleConflicts, ScheduleSlot } from './scheduling-rules';
import {
  diffSnapshots,
  raisesSequence,
  SessionSnapshot,
  snapshotOf,
  SnapshotField,
  summarize,
  updateKindOf,
} from './session-changes';
import { SessionParticipant } from './session-participant.entity';
import { whereSpeaks } from './session-languages';
import { SessionViewLoader } from './session-views';

export interface LiveStatusInput {
  status: Extract<LiveStatus, 'live' | 'ended'>;
  /** Open or close Q&A and chat; ending a session closes them unless this says otherwise. */
  qaOpen?: boolean;
}

interface WriteOutcome {
  eventId: string;
  sessionId: string;
  kind: ProgrammeChangeKind | 'live-status' | null;
  summary: string;
  published: boolean;
}

const DEFAULT_CHANGES_LIMIT = 50;
/** Fields whose change can create a new scheduling conflict. */
const SCHEDULING_FIELDS: readonly SnapshotField[] = [
  'startsAt',
  'endsAt',
  'roomId',
  'participants',
  'status',
];

export /** Write responses show organizers every translation they stored. */
const editorView = (event: Event): Localizer => Localizer.forEvent(EDITOR_VIEW, event.languages, true);

const sessionNotFound = (): DomainError =>
  new DomainError('SESSION_NOT_FOUND', 'No such session in this event');

/**
 * Sessions of an event's programme: the scheduling rules, the public change log of a published programme and
 * the iCalendar sequence. Every write runs in one transaction, serialised in the process and, on PostgreSQL,
 * behind a lock on the event row, so two concurrent writes cannot both pass the conflict check.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: EventAccessService,
    private readonly views: SessionViewLoader,
    private readonly audit: AuditService,
    private readonly domainEvents: DomainEvents,
    private readonly cache: AgendaCache,
  ) {}

  // ---- reads ---------------------------------------------------------------------------------------------

  async list(
    slug: string,
    user: Principal | undefined,
    query: ListSessionsQueryDto,
    content?: ContentLanguage,
  ): Promise<SessionResponseDto[]> {
    const { event, role } = await this.access.findVisible(slug, user);
    const timeZone = query.tz ? canonicalTimeZone(query.tz) : undefined;
    const builder = this.dataSource
      .getRepository(AgendaSession)
      .createQueryBuilder('session')
      .where('session.eventId = :eventId', { eventId: event.id })
      .orderBy('session.startsAt', 'ASC')
      .addOrderBy('session.endsAt', 'ASC')
      .addOrderBy('session.id', 'ASC');
    if (query.day) {
      const zone = timeZone ?? event.timezone;
      builder.andWhere('session.startsAt >= :dayStart AND session.startsAt < :dayEnd', {
        dayStart: toUtcIso(zonedToUtcMs(query.day, '00:00', zone)),
        dayEnd: toUtcIso(zonedToUtcMs(addDays(query.day, 1), '00:00', zone)),
      });
    }
    if (query.roomId) {
      // A break without a room is held in every room.
      builder.andWhere(
        new Brackets((where) =>
          where.where('session.roomId = :roomId', { roomId: query.roomId }).orWhere('session.roomId IS NULL'),
        ),
      );
    }
    if (query.trackId) {
      builder.andWhere('session.trackId = :trackId', { trackId: query.trackId });
    }
    if (query.language) {
      whereSpeaks(builder, query.language);
    }
    if (query.kind) {
      builder.andWhere('session.kind = :kind', { kind: query.kind });
    }
    const localizer = Localizer.forEvent(content, event.languages, role !== null);
    return this.views.toResponses(await builder.getMany(), timeZone ?? 'UTC', undefined, localizer);
  }

  async get(
    slug: string,
    sessionId: string,
    user: Principal | undefined,
    tz?: string,
    content?: ContentLanguage,
  ): Promise<SessionResponseDto> {
    const { event, role } = await this.access.findVisible(slug, user);
    const localizer = Localizer.forEvent(content, event.languages, role !== null);
    return this.getView(event.id, sessionId, tz ? canonicalTimeZone(tz) : 'UTC', undefined, localizer);
  }

  /**
   * The public payload of one session (the REST response, and what live features send in `session:updated`
   * and `session:join`). Throws SESSION_NOT_FOUND when the session is not in that event. No access check.
   */
  async getView(
    eventId: string,
    sessionId: string,
    timeZone = 'UTC',
    manager: EntityManager = this.dataSource.manager,
    /** A localizer, or the reader's languages (none: the originals). */
    localizer: Localizer | readonly string[] = [],
  ): Promise<SessionResponseDto> {
    const session = await manager.getRepository(AgendaSession).findOneBy({ id: sessionId, eventId });
    if (!session) {
      throw sessionNotFound();
    }
    const [view] = await this.views.toResponses(
      [session],
      timeZone,
      manager,
      localizer instanceof Localizer ? localizer : await this.views.localizerFor(eventId, localizer, manager),
    );
    return view;
  }

  async listChanges(
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

  // ---- writes --------------------------------------------------------------------------------------------

  async create(
    slug: string,
    user: Principal | undefined,
    input: CreateSessionDto,
  ): Promise<SessionResponseDto> {
    const { event: found } = await this.access.requireOrganizer(slug, user);
    const actorId = user!.id;
    const { view, outcome } = await this.write(found.id, async (manager, event) => {
      const now = nowIso();
      const participants = input.participants ?? [];
      const roomId = input.roomId ?? null;
      const trackId = input.trackId ?? null;
      await this.assertReferences(manager, event.id, { roomId, trackId, participants });
      const session: AgendaSession = {
        id: newId(),
        eventId: event.id,
        title: input.title,
        abstract: input.abstract ?? null,
        kind: input.kind,
        startsAt: toUtcIso(input.startsAt),
        endsAt: toUtcIso(input.endsAt),
        roomId,
        trackId,
        language: input.language ?? null,
        interpretation: input.interpretation ?? null,
        translations: mergeTranslations(null, checkTranslationLanguages(input.translations, event.languages)),
        capacity: input.capacity ?? null,
        qaEnabled: input.qa?.enabled ?? true,
        qaModerated: input.qa?.moderated ?? false,
        chatEnabled: input.chatEnabled ?? true,
        status: 'scheduled',
        liveStatus: 'upcoming',
        qaOpen: true,
        sequence: 0,
        createdAt: now,
        updatedAt: now,
      };
      const after = snapshotOf(session, participants);
      await this.assertNoConflicts(manager, event, session, after);
      await manager.getRepository(AgendaSession).insert(session);
      await this.replaceParticipants(manager, session.id, participants);
      const summary = summarize(
        'added',
        null,
        after,
        await this.summaryContext(manager, event, [session.roomId]),
      );
      if (event.status === 'published') {
        await this.logChange(manager, event.id, session.id, 'added', summary, null, after, actorId);
      }
      await this.audit.record(
        { eventId: event.id, actorId, action: 'session.create', targetType: 'session', targetId: session.id },
        manager,
      );
      return {
        view: await this.getView(event.id, session.id, 'UTC', manager, editorView(event)),
        outcome: this.outcome(event, session.id, 'added', summary),
      };
    });
    this.announce(outcome);
    return view;
  }

  async update(
    slug: string,
    sessionId: string,
    user: Principal | undefined,
    input: UpdateSessionDto,
  ): Promise<SessionResponseDto> {
    const { event: found } = await this.access.requireOrganizer(slug, user);
    const actorId = user!.id;
    const { view, outcome } = await this.write(found.id, async (manager, event) => {
      const session = await this.findSession(manager, event.id, sessionId);
      const current = await this.participantsOf(manager, session.id);
      const before = snapshotOf(session, current);

      const next: AgendaSession = {
        ...session,
        title: input.title ?? session.title,
        abstract: input.abstract === undefined ? session.abstract : input.abstract,
        kind: input.kind ?? session.kind,
        startsAt: input.startsAt ? toUtcIso(input.startsAt) : session.startsAt,
        endsAt: input.endsAt ? toUtcIso(input.endsAt) : session.endsAt,
        roomId: input.roomId === undefined ? session.roomId : input.roomId,
        trackId: input.trackId === undefined ? session.trackId : input.trackId,
        language: input.language === undefined ? session.language : input.language,
        interpretation: input.interpretation === undefined ? session.interpretation : input.interpretation,
        translations: mergeTranslations(
          session.translations,
          checkTranslationLanguages(input.translations, event.languages),
        ),
        capacity: input.capacity === undefined ? session.capacity : input.capacity,
        qaEnabled: input.qa?.enabled ?? session.qaEnabled,
        qaModerated: input.qa?.moderated ?? session.qaModerated,
        chatEnabled: input.chatEnabled ?? session.chatEnabled,
      };
      assertCoherent(next);
      const participants = input.participants ?? current;
      const after = snapshotOf(next, participants);
      const diff = diffSnapshots(before, after);
      const kind = updateKindOf(diff.fields);
      if (kind === null) {
        return {
          view: await this.getView(event.id, session.id, 'UTC', manager, editorView(event)),
          outcome: null,
        };
      }
      await this.assertReferences(manager, event.id, {
        roomId: diff.fields.includes('roomId') ? next.roomId : null,
        trackId: diff.fields.includes('trackId') ? next.trackId : null,
        participants: diff.fields.includes('participants') ? participants : [],
      });
      if (diff.fields.some((field) => SCHEDULING_FIELDS.includes(field))) {
        await this.assertNoConflicts(manager, event, next, after);
      }
      next.sequence = session.sequence + (raisesSequence(diff.fields) ? 1 : 0);
      next.updatedAt = nowIso();
      await manager.getRepository(AgendaSession).update(
        { id: session.id },
        {
          title: next.title,
          abstract: next.abstract,
          kind: next.kind,
          startsAt: next.startsAt,
          endsAt: next.endsAt,
          roomId: next.roomId,
          trackId: next.trackId,
          language: next.language,
          interpretation: next.interpretation ?? null,
          translations: next.translations ?? null,
          capacity: next.capacity,
          qaEnabled: next.qaEnabled,
          qaModerated: next.qaModerated,
          chatEnabled: next.chatEnabled,
          sequence: next.sequence,
          updatedAt: next.updatedAt,
        },
      );
      if (diff.fields.includes('participants')) {
        await this.replaceParticipants(manager, session.id, participants);
      }
      const context = await this.summaryContext(manager, event, [before.roomId, after.roomId]);
      const summary = summarize(kind, before, after, context);
      if (event.status === 'published') {
        await this.logChange(manager, event.id, session.id, kind, summary, diff.before, diff.after, actorId);
      }
      await this.audit.record(
        {
          eventId: event.id,
          actorId,
          action: 'session.update',
          targetType: 'session',
          targetId: session.id,
          details: { fields: diff.fields },
        },
        manager,
      );
      return {
        view: await this.getView(event.id, session.id, 'UTC', manager, editorView(event)),
        outcome: this.outcome(event, session.id, kind, summary),
      };
    });
    this.announce(outcome);
    return view;
  }

  /** A published programme keeps the session as cancelled (calendars must see it go); a draft deletes it. */
  async remove(slug: string, sessionId: string, user: Principal | undefined): Promise<void> {
    const { event: found } = await this.access.requireOrganizer(slug, user);
    const actorId = user!.id;
    const outcome = await this.write(found.id, async (manager, event): Promise<WriteOutcome | null> => {
      const session = await this.findSession(manager, event.id, sessionId);
      const participants = await this.participantsOf(manager, session.id);
      const context = await this.summaryContext(manager, event, [session.roomId]);
      if (event.status !== 'published') {
        await manager.getRepository(AgendaSession).delete({ id: session.id });
        await this.audit.record(
          {
            eventId: event.id,
            actorId,
            action: 'session.delete',
            targetType: 'session',
            targetId: session.id,
          },
          manager,
        );
        const summary = summarize('removed', null, snapshotOf(session, participants), context);
        return this.outcome(event, session.id, 'removed', summary);
      }
      if (session.status === 'cancelled') {
        return null;
      }
      const before = snapshotOf(session, participants);
      const after: SessionSnapshot = { ...before, status: 'cancelled' };
      await manager
        .getRepository(AgendaSession)
        .update(
          { id: session.id },
          { status: 'cancelled', sequence: session.sequence + 1, updatedAt: nowIso() },
        );
      const summary = summarize('cancelled', before, after, context);
      await this.logChange(
        manager,
        event.id,
        session.id,
        'cancelled',
        summary,
        { status: before.status },
        { status: after.status },
        actorId,
      );
      await this.audit.record(
        { eventId: event.id, actorId, action: 'session.cancel', targetType: 'session', targetId: session.id },
        manager,
      );
      return this.outcome(event, session.id, 'cancelled', summary);
    });
    this.announce(outcome);
  }

  /**
   * For the live feature (`session:set-status`): marks a session live or ended and opens or closes its Q&A.
   * The caller has already checked the moderator role. Audited as `session.live-status`; announces
   * `programme.session-changed` with kind `live-status`. Returns the updated session payload (UTC times).
   */
  async setLiveStatus(
    eventId: string,
    sessionId: string,
    input: LiveStatusInput,
    actorId: string | null,
  ): Promise<SessionResponseDto> {
    const { view, outcome } = await this.write(eventId, async (manager, event) => {
      const session = await this.findSession(manager, event.id, sessionId);
      if (session.status === 'cancelled') {
        throw new DomainError('INVALID_STATE', 'A cancelled session cannot go live');
      }
      const qaOpen = input.qaOpen ?? (input.status === 'ended' ? false : session.qaOpen);
      await manager
        .getRepository(AgendaSession)
        .update({ id: session.id }, { liveStatus: input.status, qaOpen, updatedAt: nowIso() });
      await this.audit.record(
        {
          eventId: event.id,
          actorId,
          action: 'session.live-status',
          targetType: 'session',
          targetId: session.id,
          details: { from: session.liveStatus, to: input.status, qaOpen },
        },
        manager,
      );
      const summary =
        input.status === 'live'
          ? `"${session.title}" is live${qaOpen ? '' : ' (Q&A closed)'}`
          : `"${session.title}" has ended`;
      return {
        view: await this.getView(event.id, session.id, 'UTC', manager, editorView(event)),
        outcome: this.outcome(event, session.id, 'live-status', summary),
      };
    });
    this.announce(outcome);
    return view;
  }

  // ---- helpers -------------------------------------------------------------------------------------------

  /**
   * One transaction in which the rules are checked and the write made. SQLite transactions are serialised
   * process-wide (src/database/sqlite-transactions.ts); on PostgreSQL the event row is locked so concurrent
   * writers, on this node or another, wait. The callback gets the event as read inside the transaction.
   */
  private async write<T>(
    eventId: string,
    work: (manager: EntityManager, event: Event) => Promise<T>,
  ): Promise<T> {
    const result = await this.dataSource.transaction(async (manager) => {
      const event = await lockRow(manager, Event, eventId);
      if (!event) {
        throw new DomainError('EVENT_NOT_FOUND', 'The event no longer exists');
      }
      return work(manager, event);
    });
    this.cache.invalidate();
    return result;
  }

  private outcome(
    event: Event,
    sessionId: string,
    kind: WriteOutcome['kind'],
    summary: string,
  ): WriteOutcome {
    return { eventId: event.id, sessionId, kind, summary, published: event.status === 'published' };
  }

  /** After commit only: listeners must never see a change that could still roll back. */
  private announce(outcome: WriteOutcome | null): void {
    if (!outcome || outcome.kind === null) {
      return;
    }
    this.domainEvents.emit('programme.session-changed', {
      eventId: outcome.eventId,
      sessionId: outcome.sessionId,
      kind: outcome.kind,
      summary: outcome.summary,
      published: outcome.published,
    });
  }

  private async findSession(
    manager: EntityManager,
    eventId: string,
    sessionId: string,
  ): Promise<AgendaSession> {
    const session = await manager.getRepository(AgendaSession).findOneBy({ id: sessionId, eventId });
    if (!session) {
      throw sessionNotFound();
    }
    return session;
  }

  private participantsOf(manager: EntityManager, sessionId: string): Promise<SessionParticipant[]> {
    return manager
      .getRepository(SessionParticipant)
      .find({ where: { sessionId }, order: { position: 'ASC' } });
  }

  private async replaceParticipants(
    manager: EntityManager,
    sessionId: string,
    participants: readonly Pick<ParticipantInputDto, 'speakerId' | 'role'>[],
  ): Promise<void> {
    const repository = manager.getRepository(SessionParticipant);
    await repository.delete({ sessionId });
    if (participants.length > 0) {
      await repository.insert(
        participants.map(({ speakerId, role }, position) => ({ sessionId, speakerId, role, position })),
      );
    }
  }

  /** Rooms, tracks and speakers must belong to this event: an id from another event is simply not found. */
  private async assertReferences(
    manager: EntityManager,
    eventId: string,
    refs: {
      roomId: string | null;
      trackId: string | null;
      participants: readonly Pick<ParticipantInputDto, 'speakerId'>[];
    },
  ): Promise<void> {
    if (refs.roomId && !(await manager.getRepository(Room).existsBy({ id: refs.roomId, eventId }))) {
      throw new DomainError('ROOM_NOT_FOUND', 'No such room in this event', { roomId: refs.roomId });
    }
    if (refs.trackId && !(await manager.getRepository(Track).existsBy({ id: refs.trackId, eventId }))) {
      throw new DomainError('TRACK_NOT_FOUND', 'No such track in this event', { trackId: refs.trackId });
    }
    const speakerIds = refs.participants.map((participant) => participant.speakerId);
    if (speakerIds.length > 0) {
      const found = await manager
        .getRepository(Speaker)
        .find({ select: { id: true }, where: { id: In(speakerIds), eventId } });
      const known = new Set(found.map((speaker) => speaker.id));
      const missing = speakerIds.filter((id) => !known.has(id));
      if (missing.length > 0) {
        throw new DomainError('SPEAKER_NOT_FOUND', 'No such speaker in this event', { speakerIds: missing });
      }
    }
  }

  private async assertNoConflicts(
    manager: EntityManager,
    event: Event,
    session: AgendaSession,
    snapshot: SessionSnapshot,
  ): Promise<void> {
    const neighbours = await manager
      .getRepository(AgendaSession)
      .createQueryBuilder('session')
      .where('session.eventId = :eventId', { eventId: event.id })
      .andWhere('session.id != :id', { id: session.id })
      .andWhere('session.status != :cancelled', { cancelled: 'cancelled' })
      .andWhere('session.startsAt < :endsAt AND session.endsAt > :startsAt', {
        startsAt: session.startsAt,
        endsAt: session.endsAt,
      })
      .getMany();
    const participants = neighbours.length
      ? await manager
          .getRepository(SessionParticipant)
          .findBy({ sessionId: In(neighbours.map((neighbour) => neighbour.id)) })
      : [];
    const speakersBySession = new Map<string, string[]>();
    for (const participant of participants) {
      speakersBySession.set(participant.sessionId, [
        ...(speakersBySession.get(participant.sessionId) ?? []),
        participant.speakerId,
      ]);
    }
    const slotOf = (s: AgendaSession, speakerIds: readonly string[]): ScheduleSlot => ({
      id: s.id,
      kind: s.kind,
      status: s.status,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      roomId: s.roomId,
      speakerIds,
    });
    const conflicts = findScheduleConflicts(
      slotOf(
        session,
        snapshot.participants.map((participant) => participant.speakerId),
      ),
      neighbours.map((neighbour) => slotOf(neighbour, speakersBySession.get(neighbour.id) ?? [])),
      event,
    );
    if (conflicts.length > 0) {
      throw new DomainError(
        'SCHEDULE_CONFLICT',
        `The session conflicts with the schedule (${conflicts.map((conflict) => conflict.kind).join(', ')})`,
        { conflicts },
      );
    }
  }

  private async summaryContext(manager: EntityManager, event: Event, roomIds: (string | null)[]) {
    const ids = roomIds.filter((id): id is string => id !== null);
    const rooms = ids.length ? await manager.getRepository(Room).findBy({ id: In(ids) }) : [];
    const names = new Map(rooms.map((room) => [room.id, room.name]));
    return {
      timezone: event.timezone,
      roomName: (roomId: string | null) => (roomId ? (names.get(roomId) ?? null) : null),
    };
  }

  /** Entries of one event get strictly increasing times, so "newest first" is exact even within a millisecond. */
  private async logChange(
    manager: EntityManager,
    eventId: string,
    sessionId: string,
    kind: ProgrammeChangeKind,
    summary: string,
    before: object | null,
    after: object | null,
    actorId: string,
  ): Promise<void> {
    const repository = manager.getRepository(ProgrammeChange);
    const latest = await repository.findOne({
      select: { createdAt: true },
      where: { eventId },
      order: { createdAt: 'DESC' },
    });
    let createdAt = nowIso();
    if (latest && latest.createdAt >= createdAt) {
      createdAt = toUtcIso(Date.parse(latest.createdAt) + 1);
    }
    const change: ProgrammeChange = {
      id: newId(),
      eventId,
      sessionId,
      kind,
      summary,
      before: before as Record<string, unknown> | null,
      after: after as Record<string, unknown> | null,
      actorId,
      createdAt,
    };
    await repository.save(change, { reload: false });
  }
}

/** Rules on the merged values of a PATCH (the DTO can only check the fields it was sent). */
function assertCoherent(session: AgendaSession): void {
  const fields: FieldErrors = {};
  if (session.endsAt <= session.startsAt) {
    fields.endsAt = ['endsAt must be later than startsAt'];
  }
  if (session.roomId === null && session.kind !== 'break') {
    fields.roomId = ['roomId is required unless kind is break'];
  }
  if (Object.keys(fields).length > 0) {
    throw validationFailed(fields);
  }
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

function encodeCursor(change: ProgrammeChange): string {
  return Buffer.from(JSON.stringify([change.createdAt, change.id])).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((part) => typeof part === 'string')) {
      return { createdAt: parsed[0], id: parsed[1] };
    }
  } catch {
    // Falls through to the validation error below.
  }
  throw validationFailed({ cursor: ['cursor is not a cursor this endpoint returned'] });
}
