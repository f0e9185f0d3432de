import type { AppContext } from '../app-context';
import { formatDay, viewerTimeZone } from '../i18n/format';
import { filterDays, NO_FILTERS, type AgendaDayView } from '../state/agenda.store';
import { createStore } from '../state/store';
import { h } from '../ui/dom';
import { renderFilters, renderZoneControl } from './agenda/agenda-controls';
import { renderDay, renderNowNext } from './agenda/agenda-day';
import { readZoneMode, type AgendaViewState, type AgendaViewStore } from './agenda/agenda-state';
import type { SessionCards } from './agenda/session-card';
import { alertBox, errorMessage } from './common';
import { loadAgenda, type ProgrammeData } from './programme-data';

/** The attendee agenda: days, rooms side by side, filters, now/next and a time-zone switch. */
export function agendaPanel(ctx: AppContext, data: ProgrammeData, bookmarks: Set<string>): HTMLElement {
  const viewerZone = viewerTimeZone();
  const eventZone = data.event.timezone;
  // Offsets as they are during the event (not today): Los Angeles is GMT-7 in September.
  const eventNoon = `${data.event.startsOn}T12:00:00Z`;
  const state: AgendaViewStore = createStore<AgendaViewState>({
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
  const cards: SessionCards = { ctx, slug: data.event.slug, bookmarks };

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
    renderNowNext(cards, nowNextBox, s.days, s.timezone);
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
    body.replaceChildren(...days.map((day, index) => renderDay(cards, data.rooms, day, index, s.timezone)));
  }

  let previousDays: AgendaDayView[] | null = null;
  state.subscribe((s) => {
    if (s.days !== previousDays) {
      previousDays = s.days;
      renderFilters(ctx, state, data, filterBar);
    }
    renderBody();
  });
  renderZoneControl(
    ctx,
    state,
    zoneControl,
    { viewer: viewerZone, event: eventZone, at: eventNoon },
    () => void reload(),
  );
  renderFilters(ctx, state, data, filterBar);
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
