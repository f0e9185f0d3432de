import { ApiError } from '../../api/http-client';
import { normalizeSession } from '../../api/normalize';
import {
  PARTICIPANT_ROLES,
  SESSION_KINDS,
  type ParticipantRole,
  type RawSession,
  type ScheduleConflict,
  type Session,
} from '../../api/types';
import type { AppContext } from '../../app-context';
import { formatDay, formatTimeRange, localDateOf, toZonedLocal, zonedLocalToIso } from '../../i18n/format';
import type { MessageKey } from '../../i18n/i18n';
import { h, uid } from '../../ui/dom';
import {
  badge,
  button,
  checkboxField,
  errorMessage,
  field,
  messageSlot,
  selectField,
  showFieldErrors,
  trackBadge,
  withBusy,
} from '../common';
import type { ProgrammeData } from '../programme-data';
import { savingStream } from '../stage/rooms-stage';
import { sessionStreamEditor } from '../stage/session-stream';

/** Sentences for the 409 SCHEDULE_CONFLICT details, naming the other session and the speaker. */
export function conflictMessages(
  ctx: AppContext,
  conflicts: readonly ScheduleConflict[],
  sessions: readonly { id: string; title: string }[],
  speakerName: (id: string) => string,
): string[] {
  const titleOf = (id: string | undefined) => sessions.find((session) => session.id === id)?.title ?? '?';
  return conflicts.map((conflict) => {
    switch (conflict.kind) {
      case 'room':
        return ctx.t('org.conflict.room', { title: titleOf(conflict.sessionId) });
      case 'speaker':
        return ctx.t('org.conflict.speaker', {
          speaker: speakerName(conflict.speakerId ?? ''),
          title: titleOf(conflict.sessionId),
        });
      case 'outside-event':
        return ctx.t('org.conflict.outside');
    }
  });
}

function readConflicts(error: unknown): ScheduleConflict[] | null {
  if (!(error instanceof ApiError) || error.code !== 'SCHEDULE_CONFLICT') {
    return null;
  }
  const conflicts = error.details['conflicts'];
  return Array.isArray(conflicts) ? (conflicts as ScheduleConflict[]) : [];
}

/** Sessions of the programme: a list by day and a form whose clashes come inline from the server. */
export function sessionsSection(ctx: AppContext, data: ProgrammeData): HTMLElement {
  const zone = data.event.timezone;
  const slug = data.event.slug;
  let sessions: Session[] = [];
  let editing: Session | null = null;
  const listSlot = h('div', null, h('p', { class: 'muted' }, ctx.t('app.loading')));
  const status = messageSlot();

  // ---- form ----
  const title = field({ label: ctx.t('org.titleField'), name: 'title', required: true, maxLength: 300 });
  const kind = selectField({
    label: ctx.t('org.kind'),
    name: 'kind',
    choices: SESSION_KINDS.map((value) => ({ value, label: ctx.t(`kind.${value}` as MessageKey) })),
    value: 'talk',
  });
  const startsAt = field({
    label: ctx.t('org.startsAt'),
    name: 'startsAt',
    type: 'datetime-local',
    required: true,
    hint: zone,
  });
  const endsAt = field({
    label: ctx.t('org.endsAt'),
    name: 'endsAt',
    type: 'datetime-local',
    required: true,
    hint: zone,
  });
  const room = selectField({
    label: ctx.t('agenda.room'),
    name: 'roomId',
    choices: [
      { value: '', label: ctx.t('org.none') },
      ...data.rooms.map((r) => ({ value: r.id, label: r.name })),
    ],
  });
  const track = selectField({
    label: ctx.t('agenda.track'),
    name: 'trackId',
    choices: [
      { value: '', label: ctx.t('org.none') },
      ...data.tracks.map((t) => ({ value: t.id, label: t.name })),
    ],
  });
  const language = field({
    label: ctx.t('agenda.language'),
    name: 'language',
    maxLength: 16,
    hint: 'en, zh',
  });
  const capacity = field({ label: ctx.t('org.capacity'), name: 'capacity', type: 'number' });
  const abstract = field({
    label: ctx.t('org.abstract'),
    name: 'abstract',
    multiline: true,
    maxLength: 5000,
  });
  abstract.wrapper.classList.add('span-all');
  const qaEnabled = checkboxField(ctx.t('org.qaEnabled'), 'qaEnabled', true);
  const qaModerated = checkboxField(ctx.t('org.qaModerated'), 'qaModerated', false);
  const chatEnabled = checkboxField(ctx.t('org.chatEnabled'), 'chatEnabled', true);
  const stream = sessionStreamEditor(ctx, slug);
  const participantsList = h('div', { class: 'participants-editor' });
  const participantsError = h('p', { class: 'field-error' });
  const conflictsSlot = h('div', { attrs: { 'aria-live': 'polite' } });
  const formTitle = h('h2', { class: 'section-title' });
  const speakerName = (id: string) => data.speakers.find((speaker) => speaker.id === id)?.name ?? '?';

  function participantRow(value?: { speakerId: string; role: ParticipantRole }): HTMLElement {
    const speaker = selectField({
      label: ctx.t('org.speakers'),
      name: 'speakerId',
      choices: data.speakers.map((s) => ({ value: s.id, label: s.name })),
      value: value?.speakerId,
    });
    const role = selectField({
      label: ctx.t('org.role'),
      name: 'role',
      choices: PARTICIPANT_ROLES.map((r) => ({ value: r, label: ctx.t(`role.${r}` as MessageKey) })),
      value: value?.role ?? 'speaker',
    });
    const row = h('div', { class: 'participant-row' }, speaker.wrapper, role.wrapper);
    row.append(button(ctx.t('org.remove'), () => row.remove(), 'ghost'));
    return row;
  }
  const addParticipant = button(ctx.t('org.addParticipant'), () => {
    const row = participantRow();
    participantsList.append(row);
    row.querySelector('select')?.focus();
  });

  const fields = {
    title,
    kind,
    startsAt,
    endsAt,
    roomId: room,
    trackId: track,
    language,
    capacity,
    abstract,
    ...stream.controls,
    participants: {
      setError: (m: string[] | undefined) =>
        participantsError.replaceChildren(...(m ?? []).map((x) => h('span', null, x))),
    },
  };

  const form = h(
    'form',
    { class: 'form card', attrs: { novalidate: true } },
    conflictsSlot,
    h(
      'div',
      { class: 'form-grid' },
      title.wrapper,
      kind.wrapper,
      startsAt.wrapper,
      endsAt.wrapper,
      room.wrapper,
      track.wrapper,
      language.wrapper,
      capacity.wrapper,
      abstract.wrapper,
    ),
    h(
      'fieldset',
      { class: 'field fieldset' },
      h('legend', null, ctx.t('org.participants')),
      participantsList,
      participantsError,
      addParticipant,
    ),
    h('div', { class: 'form-grid' }, qaEnabled.wrapper, qaModerated.wrapper, chatEnabled.wrapper),
    stream.element,
    h(
      'div',
      { class: 'form-actions' },
      h('button', { class: 'button button-primary', attrs: { type: 'submit' } }, ctx.t('org.save')),
      button(ctx.t('org.cancel'), () => setEditing(null), 'ghost'),
    ),
  );

  function setEditing(session: Session | null): void {
    editing = session;
    form.reset();
    conflictsSlot.replaceChildren();
    showFieldErrors(null, fields);
    participantsList.replaceChildren();
    stream.fill(session);
    formTitle.textContent = session
      ? `${ctx.t('org.editSession')}: ${session.title}`
      : ctx.t('org.newSession');
    if (session) {
      title.input.value = session.title;
      kind.select.value = session.kind;
      startsAt.input.value = toZonedLocal(session.startsAt, zone);
      endsAt.input.value = toZonedLocal(session.endsAt, zone);
      room.select.value = session.room?.id ?? '';
      track.select.value = session.track?.id ?? '';
      language.input.value = session.language ?? '';
      capacity.input.value = session.capacity ? String(session.capacity) : '';
      abstract.input.value = session.abstract ?? '';
      qaEnabled.input.checked = session.qaEnabled;
      qaModerated.input.checked = session.qaModerated;
      chatEnabled.input.checked = session.chatEnabled;
      for (const participant of session.participants) {
        participantsList.append(participantRow(participant));
      }
      title.input.focus();
    } else {
      qaEnabled.input.checked = true;
      chatEnabled.input.checked = true;
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    conflictsSlot.replaceChildren();
    showFieldErrors(null, fields);
    const participants = [...participantsList.querySelectorAll('.participant-row')].map((row) => {
      const [speaker, role] = [...row.querySelectorAll('select')];
      return { speakerId: speaker?.value ?? '', role: role?.value ?? 'speaker' };
    });
    let body: Record<string, unknown>;
    try {
      body = {
        title: title.input.value.trim(),
        kind: kind.select.value,
        startsAt: zonedLocalToIso(startsAt.input.value, zone),
        endsAt: zonedLocalToIso(endsAt.input.value, zone),
        roomId: room.select.value || null,
        trackId: track.select.value || null,
        language: language.input.value.trim() || null,
        capacity: capacity.input.value ? Number(capacity.input.value) : null,
        abstract: abstract.input.value.trim() || null,
        participants,
        qa: { enabled: qaEnabled.input.checked, moderated: qaModerated.input.checked },
        chatEnabled: chatEnabled.input.checked,
      };
    } catch {
      (startsAt.input.value ? endsAt : startsAt).setError([ctx.t('error.fieldsIntro')]);
      return;
    }
    void withBusy(form, async () => {
      try {
        const saved = { ...body, stream: stream.read() };
        const id = editing?.id;
        await savingStream(() =>
          id ? ctx.api.updateItem(slug, 'sessions', id, saved) : ctx.api.createItem(slug, 'sessions', saved),
        );
        status.show('success', ctx.t('org.saved'));
        ctx.announce(ctx.t('org.saved'));
        setEditing(null);
        await refresh();
      } catch (error) {
        const conflicts = readConflicts(error);
        if (conflicts) {
          conflictsSlot.replaceChildren(
            h(
              'div',
              { class: 'alert alert-error', attrs: { role: 'alert' } },
              h('strong', null, ctx.t('org.conflicts')),
              h(
                'ul',
                { class: 'conflict-list' },
                conflictMessages(ctx, conflicts, sessions, speakerName).map((text) => h('li', null, text)),
              ),
            ),
          );
          return;
        }
        const shown = showFieldErrors(error, fields);
        conflictsSlot.replaceChildren(
          h(
            'p',
            { class: 'alert alert-error', attrs: { role: 'alert' } },
            shown ? ctx.t('error.fieldsIntro') : errorMessage(ctx, error),
          ),
        );
      }
    });
  });

  async function refresh(): Promise<void> {
    try {
      const raw: RawSession[] = await ctx.api.sessions(slug);
      sessions = raw
        .map((session) => normalizeSession(session, data.index))
        .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
      const days = new Map<string, Session[]>();
      for (const session of sessions) {
        const date = localDateOf(session.startsAt, zone);
        days.set(date, [...(days.get(date) ?? []), session]);
      }
      listSlot.replaceChildren(
        sessions.length === 0
          ? h('p', { class: 'empty' }, ctx.t('org.none.sessions'))
          : h(
              'div',
              { class: 'table-wrap' },
              h(
                'table',
                null,
                h('caption', { class: 'visually-hidden' }, ctx.t('org.sessions')),
                h(
                  'thead',
                  null,
                  h(
                    'tr',
                    null,
                    h('th', { attrs: { scope: 'col' } }, ctx.t('agenda.time')),
                    h('th', { attrs: { scope: 'col' } }, ctx.t('org.titleField')),
                    h('th', { attrs: { scope: 'col' } }, ctx.t('agenda.room')),
                    h('th', { attrs: { scope: 'col' } }, ctx.t('org.actions')),
                  ),
                ),
                [...days.entries()].map(([date, list]) =>
                  h(
                    'tbody',
                    null,
                    h(
                      'tr',
                      null,
                      h('th', { attrs: { colspan: '4', scope: 'colgroup' } }, formatDay(date, ctx.locale)),
                    ),
                    list.map((session) => {
                      const del: HTMLButtonElement = button(
                        ctx.t('org.delete'),
                        () => {
                          if (!window.confirm(ctx.t('org.deleteConfirm', { name: session.title }))) {
                            return;
                          }
                          void withBusy(del, async () => {
                            try {
                              await ctx.api.deleteItem(slug, 'sessions', session.id);
                              status.show('success', ctx.t('org.deleted'));
                              await refresh();
                            } catch (error) {
                              status.show('error', errorMessage(ctx, error));
                            }
                          });
                        },
                        'danger',
                        { 'aria-label': `${ctx.t('org.delete')}: ${session.title}` },
                      );
                      return h(
                        'tr',
                        null,
                        h(
                          'td',
                          { class: 'nowrap' },
                          formatTimeRange(session.startsAt, session.endsAt, ctx.locale, zone),
                        ),
                        h(
                          'td',
                          null,
                          h('strong', null, session.title),
                          h('br'),
                          h(
                            'span',
                            { class: 'session-meta' },
                            badge(ctx.t(`kind.${session.kind}` as MessageKey), 'kind'),
                            trackBadge(session.track),
                            session.cancelled ? badge(ctx.t('status.cancelled'), 'cancelled') : null,
                          ),
                        ),
                        h('td', null, session.room?.name ?? '—'),
                        h(
                          'td',
                          null,
                          h(
                            'div',
                            { class: 'button-group' },
                            button(
                              ctx.t('org.edit'),
                              () => {
                                setEditing(session);
                                form.scrollIntoView({ block: 'start' });
                              },
                              'secondary',
                              { 'aria-label': `${ctx.t('org.edit')}: ${session.title}` },
                            ),
                            session.kind === 'break'
                              ? null
                              : h(
                                  'a',
                                  {
                                    class: 'button button-ghost',
                                    attrs: {
                                      href: `/events/${encodeURIComponent(slug)}/sessions/${encodeURIComponent(session.id)}/moderate`,
                                      'aria-label': `${ctx.t('org.moderate')}: ${session.title}`,
                                    },
                                  },
                                  ctx.t('org.moderate'),
                                ),
                            del,
                          ),
                        ),
                      );
                    }),
                  ),
                ),
              ),
            ),
      );
    } catch (error) {
      listSlot.replaceChildren(h('p', { class: 'alert alert-error' }, errorMessage(ctx, error)));
    }
  }
  setEditing(null);
  void refresh();
  const formId = uid('session-form');
  form.id = formId;
  return h('div', null, status.element, listSlot, formTitle, form);
}
