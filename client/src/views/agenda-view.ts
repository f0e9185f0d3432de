import type { Session } from '../api/types';
import type { AppContext } from '../app-context';
import {
  formatDay,
  formatTime,
  localDateOf,
  formatTimeRange,
  languageName,
  viewerTimeZone,
  zoneCity,
  zoneOffsetLabel,
} from '../i18n/format';
import type { MessageKey } from '../i18n/i18n';
import {
  distinctLanguages,
  filterDays,
  layoutDay,
  NO_FILTERS,
  nowAndNext,
  type AgendaDayView,
  type AgendaFilters,
} from '../state/agenda.store';
import { createStore } from '../state/store';
import { h, uid } from '../ui/dom';
import { badge, button, errorMessage, participantLine, trackBadge, alertBox } from './common';
import { contentLang, languageBadges } from './language-badges';
import { loadAgenda, type ProgrammeData } from './programme-data';

const ZONE_MODE_KEY = 'plenary.zoneMode';

type ZoneMode = 'viewer' | 'event';

function readZoneMode(): ZoneMode {
  try {
    return localStorage.getItem(ZONE_MODE_KEY) === 'event' ? 'event' : 'viewer';
  } catch {
    return 'viewer';
  }
}

function sessionHref(slug: string, session: Session): string {
  return `/events/${encodeURIComponent(slug)}/sessions/${encodeURIComponent(session.id)}`;
}

/** The attendee agenda: days, rooms side by side, filters, now/next and a time-zone switch. */
export function agendaPanel(ctx: AppContext, data: ProgrammeData, bookmarks: Set<string>): HTMLElement {
  const viewerZone = viewerTimeZone();
  const eventZone = data.event.timezone;
  // Offsets as they are during the event (not today): Los Angeles is GMT-7 in September.
  const eventNoon = `${data.event.startsOn}T12:00:00Z`;
  const state = createStore<{
    zoneMode: ZoneMode;
    filters: AgendaFilters;
    days: AgendaDayView[];
    timezone: string;
    loading: boolean;
    error: unknown;
  }>({
    zoneMode: readZoneMode(),
    filters: NO_FILTERS,
    days: [],
    timezone: eventZone,
    loading: true,
    error: null,
  });

  const body = h(
    'div',
    { class: 'agenda-body', attrs: { 'aria-live': 'polite', 'aria-busy': 'true' } },
    h('p', { class: 'muted' }, ctx.t('app.loading')),
  );
  const zoneControl = h('fieldset', { class: 'zone-switch' });
  const filterBar = h('div', { class: 'agenda-filters' });
  const dayNav = h('nav', { class: 'day-nav', attrs: { 'aria-label': ctx.t('agenda.days') } });
  const nowNextBox = h('div', { class: 'now-next-slot' });

  async function reload(): Promise<void> {
    const mode = state.get().zoneMode;
    const zone = mode === 'event' ? eventZone : viewerZone;
    state.update((s) => ({ ...s, loading: true }));
    try {
      const agenda = await loadAgenda(ctx, data, zone);
      state.update((s) => ({
        ...s,
        days: agenda.days,
        timezone: agenda.timezone,
        loading: false,
        error: null,
      }));
    } catch (error) {
      state.update((s) => ({ ...s, loading: false, error }));
    }
  }

  function renderZoneControl(): void {
    const mode = state.get().zoneMode;
    const name = uid('zone');
    const option = (value: ZoneMode, label: string) => {
      const id = uid('zone-opt');
      const input = h('input', { id, attrs: { type: 'radio', name, value } });
      input.checked = mode === value;
      input.addEventListener('change', () => {
        try {
          localStorage.setItem(ZONE_MODE_KEY, value);
        } catch {
          // The choice then lasts for this page only.
        }
        state.update((s) => ({ ...s, zoneMode: value }));
        void reload();
      });
      return h('span', { class: 'segmented-option' }, input, h('label', { attrs: { for: id } }, label));
    };
    const sameZone = viewerZone === eventZone;
    zoneControl.replaceChildren(
      h('legend', null, ctx.t('agenda.timesIn')),
      h(
        'div',
        { class: 'segmented' },
        option(
          'viewer',
          ctx.t('agenda.yourZone', {
            zone: `${zoneCity(viewerZone)}, ${zoneOffsetLabel(viewerZone, ctx.locale, eventNoon)}`,
          }),
        ),
        sameZone
          ? null
          : option(
              'event',
              ctx.t('agenda.eventZone', {
                zone: `${zoneCity(eventZone)}, ${zoneOffsetLabel(eventZone, ctx.locale, eventNoon)}`,
              }),
            ),
      ),
    );
  }

  function filterSelect(
    label: string,
    key: keyof AgendaFilters,
    options: { value: string; label: string }[],
  ): HTMLElement {
    const id = uid('filter');
    const select = h(
      'select',
      { id, attrs: { name: key } },
      h('option', { attrs: { value: '' } }, ctx.t('agenda.all')),
      options.map((item) => h('option', { attrs: { value: item.value } }, item.label)),
    );
    select.value = state.get().filters[key];
    select.addEventListener('change', () => {
      state.update((s) => ({ ...s, filters: { ...s.filters, [key]: select.value } }));
    });
    return h('div', { class: 'field field-inline' }, h('label', { attrs: { for: id } }, label), select);
  }

  function renderFilters(): void {
    const languages = distinctLanguages(state.get().days);
    const active = state.get().filters;
    const anyActive = Boolean(active.trackId || active.roomId || active.language);
    filterBar.replaceChildren(
      h(
        'form',
        {
          class: 'filters-form',
          attrs: { role: 'search', 'aria-label': ctx.t('agenda.filters') },
          on: { submit: (e) => e.preventDefault() },
        },
        data.tracks.length > 0
          ? filterSelect(
              ctx.t('agenda.track'),
              'trackId',
              data.tracks.map((track) => ({ value: track.id, label: track.name })),
            )
          : null,
        data.rooms.length > 1
          ? filterSelect(
              ctx.t('agenda.room'),
              'roomId',
              data.rooms.map((room) => ({ value: room.id, label: room.name })),
            )
          : null,
        languages.length > 1
          ? filterSelect(
              ctx.t('agenda.language'),
              'language',
              languages.map((tag) => ({ value: tag, label: languageName(tag, ctx.locale) })),
            )
          : null,
        anyActive
          ? button(
              ctx.t('agenda.reset'),
              () => {
                state.update((s) => ({ ...s, filters: NO_FILTERS }));
                renderFilters();
              },
              'ghost',
            )
          : null,
      ),
    );
  }

  function bookmarkButton(session: Session): HTMLElement | null {
    if (!ctx.auth.user() || session.kind === 'break') {
      return null;
    }
    const pressed = bookmarks.has(session.id);
    const control = h(
      'button',
      {
        class: ['icon-button', 'bookmark', pressed ? 'is-on' : ''],
        attrs: { type: 'button', 'aria-pressed': String(pressed), title: ctx.t('agenda.bookmark') },
      },
      h('span', { class: 'bookmark-icon', attrs: { 'aria-hidden': 'true' } }, pressed ? '★' : '☆'),
      h('span', { class: 'visually-hidden' }, `${ctx.t('agenda.bookmark')}: ${session.title}`),
    );
    control.addEventListener('click', () => {
      const on = !bookmarks.has(session.id);
      control.disabled = true;
      const request = on
        ? ctx.api.bookmark(data.event.slug, session.id)
        : ctx.api.unbookmark(data.event.slug, session.id);
      request
        .then(() => {
          if (on) {
            bookmarks.add(session.id);
          } else {
            bookmarks.delete(session.id);
          }
          control.setAttribute('aria-pressed', String(on));
          control.classList.toggle('is-on', on);
          control.firstElementChild?.replaceChildren(on ? '★' : '☆');
          ctx.announce(on ? ctx.t('agenda.bookmarked') : ctx.t('agenda.bookmark'));
        })
        .catch((error: unknown) => ctx.announce(errorMessage(ctx, error)))
        .finally(() => {
          control.disabled = false;
        });
    });
    return control;
  }

  function statusBadges(session: Session): HTMLElement[] {
    const badges: HTMLElement[] = [];
    if (session.cancelled) {
      badges.push(badge(ctx.t('status.cancelled'), 'cancelled'));
    } else if (session.liveStatus === 'live') {
      badges.push(badge(ctx.t('status.live'), 'live'));
    }
    return badges;
  }

  function sessionCard(session: Session, zone: string, withRoom: boolean): HTMLElement {
    const isBreak = session.kind === 'break';
    const people = session.participants;
    return h(
      'article',
      {
        class: [
          'session-card',
          `kind-${session.kind}`,
          session.cancelled ? 'is-cancelled' : '',
          session.track ? 'has-track' : '',
        ],
        vars:
          session.track?.color && /^#[0-9a-fA-F]{6}$/.test(session.track.color)
            ? { '--track-color': session.track.color }
            : {},
      },
      h(
        'div',
        { class: 'session-card-top' },
        h(
          'p',
          { class: 'session-time' },
          h(
            'time',
            { attrs: { datetime: session.startsAt } },
            formatTimeRange(session.startsAt, session.endsAt, ctx.locale, zone),
          ),
        ),
        bookmarkButton(session),
      ),
      h(
        'h3',
        { class: 'session-title', attrs: contentLang(session) },
        isBreak
          ? session.title
          : h('a', { attrs: { href: sessionHref(data.event.slug, session) } }, session.title),
      ),
      h(
        'p',
        { class: 'session-meta' },
        isBreak ? null : badge(ctx.t(`kind.${session.kind}` as MessageKey), `kind`),
        ...statusBadges(session),
        trackBadge(session.track),
        withRoom && session.room ? h('span', { class: 'session-room' }, session.room.name) : null,
        isBreak ? null : languageBadges(ctx, session),
      ),
      people.length > 0
        ? h(
            'ul',
            { class: 'session-people' },
            people.map((participant) => h('li', null, participantLine(ctx, participant))),
          )
        : null,
    );
  }

  function renderNowNext(days: AgendaDayView[], zone: string): void {
    const all = days.flatMap((day) => day.sessions);
    const { now, next } = nowAndNext(all, Date.now());
    if (now.length === 0 && next.length === 0) {
      nowNextBox.replaceChildren();
      return;
    }
    const item = (session: Session) =>
      h(
        'li',
        null,
        h('a', { attrs: { href: sessionHref(data.event.slug, session) } }, session.title),
        h(
          'span',
          { class: 'muted' },
          ` · ${formatTime(session.startsAt, ctx.locale, zone)}${session.room ? ` · ${session.room.name}` : ''}`,
        ),
      );
    nowNextBox.replaceChildren(
      h(
        'section',
        { class: 'now-next', attrs: { 'aria-label': `${ctx.t('agenda.now')} / ${ctx.t('agenda.next')}` } },
        now.length > 0
          ? h(
              'div',
              null,
              h('h2', { class: 'now-next-title' }, badge(ctx.t('agenda.liveNow'), 'live')),
              h('ul', null, now.map(item)),
            )
          : null,
        next.length > 0 && now.length === 0
          ? h(
              'div',
              null,
              h(
                'h2',
                { class: 'now-next-title' },
                ctx.t('agenda.upNext'),
                ' · ',
                formatDay(next[0] ? localDateOf(next[0].startsAt, zone) : '', ctx.locale, 'short'),
              ),
              h('ul', null, next.map(item)),
            )
          : null,
        next.length > 0 && now.length > 0
          ? h(
              'div',
              null,
              h('h2', { class: 'now-next-title' }, ctx.t('agenda.upNext')),
              h('ul', null, next.map(item)),
            )
          : null,
      ),
    );
  }

  function renderDay(day: AgendaDayView, index: number, zone: string): HTMLElement {
    const grid = layoutDay(day.sessions, data.rooms);
    const multiRoom = grid.rooms.length > 1;
    const headingId = `day-${day.date}`;
    const cells: HTMLElement[] = [];
    if (multiRoom) {
      grid.rooms.forEach((room, roomIndex) =>
        cells.push(
          h(
            'div',
            {
              class: 'grid-room',
              attrs: { 'aria-hidden': 'true' },
              vars: { '--col': String(roomIndex + 1) },
            },
            room.name,
          ),
        ),
      );
    }
    const sorted = [...grid.placements].sort(
      (a, b) => a.rowStart - b.rowStart || (a.column ?? 0) - (b.column ?? 0),
    );
    for (const placement of sorted) {
      const card = sessionCard(placement.session, zone, true);
      const vars: Record<string, string> = {
        '--row-start': String(placement.rowStart + 1),
        '--row-end': String(placement.rowEnd + 1),
      };
      if (placement.column === null) {
        vars['--col'] = '1';
        vars['--col-end'] = String(grid.rooms.length + 1);
        card.classList.add('spans-all');
      } else {
        vars['--col'] = String(placement.column);
        vars['--col-end'] = String(placement.column + 1);
      }
      for (const [name, value] of Object.entries(vars)) {
        card.style.setProperty(name, value);
      }
      cells.push(card);
    }
    return h(
      'section',
      { class: 'agenda-day', attrs: { 'aria-labelledby': headingId } },
      h(
        'h2',
        { id: headingId, class: 'day-heading', attrs: { tabindex: '-1' } },
        h('span', { class: 'day-number' }, ctx.t('agenda.day', { n: index + 1 })),
        ' ',
        formatDay(day.date, ctx.locale),
      ),
      day.sessions.length === 0
        ? h('p', { class: 'muted' }, ctx.t('agenda.empty'))
        : h(
            'div',
            {
              class: ['agenda-grid', multiRoom ? 'multi-room' : 'single-room'],
              vars: { '--rooms': String(Math.max(grid.rooms.length, 1)) },
            },
            cells,
          ),
    );
  }

  function renderBody(): void {
    const s = state.get();
    body.setAttribute('aria-busy', String(s.loading));
    if (s.error) {
      body.replaceChildren(alertBox('error', errorMessage(ctx, s.error)));
      return;
    }
    if (s.loading && s.days.length === 0) {
      return;
    }
    const days = filterDays(s.days, s.filters);
    renderNowNext(s.days, s.timezone);
    if (s.days.length === 0) {
      body.replaceChildren(h('p', { class: 'empty' }, ctx.t('agenda.noSessions')));
      dayNav.replaceChildren();
      return;
    }
    dayNav.replaceChildren(
      h(
        'ul',
        null,
        s.days.map((day, index) =>
          h(
            'li',
            null,
            h(
              'a',
              {
                attrs: { href: `#day-${day.date}` },
                on: {
                  click: (event) => {
                    event.preventDefault();
                    const target = document.getElementById(`day-${day.date}`);
                    target?.scrollIntoView({ behavior: 'smooth', block: 'start' });
                    target?.focus({ preventScroll: true });
                  },
                },
              },
              h('span', { class: 'day-number' }, ctx.t('agenda.day', { n: index + 1 })),
              ' ',
              formatDay(day.date, ctx.locale, 'short'),
            ),
          ),
        ),
      ),
    );
    body.replaceChildren(...days.map((day, index) => renderDay(day, index, s.timezone)));
  }

  let previousDays: AgendaDayView[] | null = null;
  state.subscribe((s) => {
    if (s.days !== previousDays) {
      previousDays = s.days;
      renderFilters();
    }
    renderBody();
  });
  renderZoneControl();
  renderFilters();
  void reload();

  return h(
    'section',
    { class: 'agenda', attrs: { 'aria-labelledby': 'agenda-heading' } },
    h(
      'div',
      { class: 'agenda-head' },
      h('h2', { id: 'agenda-heading', class: 'section-title' }, ctx.t('agenda.title')),
      zoneControl,
    ),
    filterBar,
    nowNextBox,
    dayNav,
    body,
  );
}
