import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import { AuditService } from '../audit/audit.service';
import { Principal } from '../auth/principal';
import { DomainEventMap, DomainEvents } from '../common/domain-events/domain-events';
import { DomainError } from '../common/errors/domain-error';
import { checkTranslationLanguages, EDITOR_VIEW, Localizer, mergeTranslations } from '../common/i18n';
import { newId } from '../common/ids';
import { nowIso, toUtcIso } from '../common/time/zoned-time';
import { lockRow } from '../database/row-lock';
import { EventAccessService } from '../events/event-access.service';
import { Event } from '../events/event.entity';
import { AgendaCache } from './agenda-cache';
import { AgendaSession, LiveStatus } from './agenda-session.entity';
import { UpdateSessionDto, CreateSessionDto } from './dto/session-input.dto';
import { SessionResponseDto } from './dto/session-response.dto';
import { recordProgrammeChange } from './programme-change-log';
import { assertCoherent, assertNoConflicts, assertReferences } from './session-checks';
import { recordingsOf } from './dto/recording.dto';
import { cleanStream } from '../programme/stream';
import {
  diffSnapshots,
  raisesSequence,
  SessionSnapshot,
  snapshotOf,
  SnapshotField,
  summarize,
  updateKindOf,
} from './session-changes';
import { SessionReadsService } from './session-reads.service';
import { findSession, participantsOf, replaceParticipants, summaryContext } from './session-rows';

export interface LiveStatusInput {
  status: Extract<LiveStatus, 'live' | 'ended'>;
  /** Open or close Q&A and chat; ending a session closes them unless this says otherwise. */
  qaOpen?: boolean;
}

/** A write's change, announced as `programme.session-changed`. */
type WriteOutcome = DomainEventMap['programme.session-changed'];

/** Fields whose change can create a new scheduling conflict. */
const SCHEDULING_FIELDS: readonly SnapshotField[] = [
  'startsAt',
  'endsAt',
  'roomId',
  'participants',
  'status',
];

/** Write responses show organizers every translation they stored. */
export const editorView = (event: Event): Localizer => Localizer.forEvent(EDITOR_VIEW, event.languages, true);

/**
 * The writes to an event's programme: the scheduling rules, the public change log of a published programme and
 * the iCalendar sequence. Reads are in SessionReadsService, the checks in session-checks.ts. Every write runs in one transaction, serialised in the process and, on PostgreSQL,
 * behind a lock on the event row, so two concurrent writes cannot both pass the conflict check.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: EventAccessService,
    private readonly reads: SessionReadsService,
    private readonly audit: AuditService,
    private readonly domainEvents: DomainEvents,
    private readonly cache: AgendaCache,
  ) {}

  /**
   * The public payload of one session (the REST response, and what live features send in `session:updated`
   * and `session:join`). Throws SESSION_NOT_FOUND when the session is not in that event. No access check.
   */
  getView(
    eventId: string,
    sessionId: string,
    timeZone = 'UTC',
    manager?: EntityManager,
    /** A localizer, or the reader's languages (none: the originals). */
    localizer: Localizer | readonly string[] = [],
  ): Promise<SessionResponseDto> {
    return this.reads.getView(eventId, sessionId, timeZone, manager, localizer);
  }

  // ---- writes --------------------------------------------------------------------------------------------

  async create(
    slug: string,
    user: Principal | undefined,
    input: CreateSessionDto,
  ): Promise<SessionResponseDto> {
    const { event: found } = await this.access.requireOrganizer(slug, user);
    const actorId = user!.id;
    const { view } = await this.write(
      found.id,
      async (manager, event) => {
        const now = nowIso();
        const participants = input.participants ?? [];
        const roomId = input.roomId ?? null;
        const trackId = input.trackId ?? null;
        await assertReferences(manager, event.id, { roomId, trackId, participants });
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
          translations: mergeTranslations(
            null,
            checkTranslationLanguages(input.translations, event.languages),
          ),
          capacity: input.capacity ?? null,
          stream: input.stream ? cleanStream(input.stream) : null,
          qaEnabled: input.qa?.enabled ?? true,
          qaModerated: input.qa?.moderated ?? false,
          chatEnabled: input.chatEnabled ?? true,
          recordings: recordingsOf(input.recordings) ?? [],
          status: 'scheduled',
          liveStatus: 'upcoming',
          qaOpen: true,
          sequence: 0,
          createdAt: now,
          updatedAt: now,
        };
        const after = snapshotOf(session, participants);
        await assertNoConflicts(manager, event, session, after);
        await manager.getRepository(AgendaSession).insert(session);
        await replaceParticipants(manager, session.id, participants);
        const summary = summarize(
          'added',
          null,
          after,
          await summaryContext(manager, event, [session.roomId]),
        );
        if (event.status === 'published') {
          await recordProgrammeChange(manager, {
            eventId: event.id,
            sessionId: session.id,
            kind: 'added',
            summary,
            before: null,
            after,
            actorId,
          });
        }
        await this.audit.record(
          {
            eventId: event.id,
            actorId,
            action: 'session.create',
            targetType: 'session',
            targetId: session.id,
          },
          manager,
        );
        return {
          view: await this.getView(event.id, session.id, 'UTC', manager, editorView(event)),
          outcome: this.outcome(event, session.id, 'added', summary),
        };
      },
      (done) => done.outcome,
    );
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
    const { view } = await this.write(
      found.id,
      async (manager, event) => {
        const session = await findSession(manager, event.id, sessionId);
        const current = await participantsOf(manager, session.id);
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
          recordings: recordingsOf(input.recordings) ?? session.recordings ?? [],
        };
        assertCoherent(next);
        const participants = input.participants ?? current;
        const after = snapshotOf(next, participants);
        const diff = diffSnapshots(before, after);
        const kind = updateKindOf(diff.fields);
        if (input.stream !== undefined) {
          // Not a programme change (calendars do not carry it): written apart from the change log.
          const stream = input.stream ? cleanStream(input.stream) : null;
          await manager.getRepository(AgendaSession).update({ id: session.id }, { stream });
        }
        if (kind === null) {
          return {
            view: await this.getView(event.id, session.id, 'UTC', manager, editorView(event)),
            outcome: null,
          };
        }
        await assertReferences(manager, event.id, {
          roomId: diff.fields.includes('roomId') ? next.roomId : null,
          trackId: diff.fields.includes('trackId') ? next.trackId : null,
          participants: diff.fields.includes('participants') ? participants : [],
        });
        if (diff.fields.some((field) => SCHEDULING_FIELDS.includes(field))) {
          await assertNoConflicts(manager, event, next, after);
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
            recordings: next.recordings,
            sequence: next.sequence,
            updatedAt: next.updatedAt,
          },
        );
        if (diff.fields.includes('participants')) {
          await replaceParticipants(manager, session.id, participants);
        }
        const context = await summaryContext(manager, event, [before.roomId, after.roomId]);
        const summary = summarize(kind, before, after, context);
        if (event.status === 'published') {
          await recordProgrammeChange(manager, {
            eventId: event.id,
            sessionId: session.id,
            kind,
            summary,
            before: diff.before,
            after: diff.after,
            actorId,
          });
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
      },
      (done) => done.outcome,
    );
    return view;
  }

  /** A published programme keeps the session as cancelled (calendars must see it go); a draft deletes it. */
  async remove(slug: string, sessionId: string, user: Principal | undefined): Promise<void> {
    const { event: found } = await this.access.requireOrganizer(slug, user);
    const actorId = user!.id;
    await this.write(
      found.id,
      async (manager, event): Promise<WriteOutcome | null> => {
        const session = await findSession(manager, event.id, sessionId);
        const participants = await participantsOf(manager, session.id);
        const context = await summaryContext(manager, event, [session.roomId]);
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
        await recordProgrammeChange(manager, {
          eventId: event.id,
          sessionId: session.id,
          kind: 'cancelled',
          summary,
          before: { status: before.status },
          after: { status: after.status },
          actorId,
        });
        await this.audit.record(
          {
            eventId: event.id,
            actorId,
            action: 'session.cancel',
            targetType: 'session',
            targetId: session.id,
          },
          manager,
        );
        return this.outcome(event, session.id, 'cancelled', summary);
      },
      (outcome) => outcome,
    );
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
    const { view } = await this.write(
      eventId,
      async (manager, event) => {
        const session = await findSession(manager, event.id, sessionId);
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
      },
      (done) => done.outcome,
    );
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
    outcomeOf: (result: T) => WriteOutcome | null,
  ): Promise<T> {
    const { result, outcome, afterCommit } = await this.dataSource.transaction(async (manager) => {
      const event = await lockRow(manager, Event, eventId);
      if (!event) {
        throw new DomainError('EVENT_NOT_FOUND', 'The event no longer exists');
      }
      const done = await work(manager, event);
      const change = outcomeOf(done);
      // What the change causes that must not outlive a rollback (notices, their mails) commits with it.
      const after = change
        ? await this.domainEvents.emitWithin(manager, 'programme.session-changed', change)
        : null;
      return { result: done, outcome: change, afterCommit: after };
    });
    this.cache.invalidate();
    afterCommit?.();
    this.announce(outcome);
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
  private announce(change: WriteOutcome | null): void {
    if (change) {
      this.domainEvents.emit('programme.session-changed', change);
    }
  }
}
