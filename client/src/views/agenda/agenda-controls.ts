import type { AppContext } from '../../app-context';
import { languageName, zoneCity, zoneOffsetLabel } from '../../i18n/format';
import { distinctLanguages, NO_FILTERS, type AgendaFilters } from '../../state/agenda.store';
import { h, uid } from '../../ui/dom';
import { button } from '../common';
import type { ProgrammeData } from '../programme-data';
import { saveZoneMode, type AgendaViewStore, type ZoneMode } from './agenda-state';

/** The "times in" switch: the viewer's zone or the event's. `onChange` reloads the agenda in the new zone. */
export function renderZoneControl(
  ctx: AppContext,
  store: AgendaViewStore,
  target: HTMLElement,
  zones: { viewer: string; event: string; at: string },
  onChange: () => void,
): void {
  const mode = store.get().zoneMode;
  const name = uid('zone');
  const option = (value: ZoneMode, label: string) => {
    const id = uid('zone-opt');
    const input = h('input', { id, attrs: { type: 'radio', name, value } });
    input.checked = mode === value;
    input.addEventListener('change', () => {
      saveZoneMode(value);
      store.update((s) => ({ ...s, zoneMode: value }));
      onChange();
    });
    return h('span', { class: 'segmented-option' }, input, h('label', { attrs: { for: id } }, label));
  };
  const sameZone = zones.viewer === zones.event;
  target.replaceChildren(
    h('legend', null, ctx.t('agenda.timesIn')),
    h(
      'div',
      { class: 'segmented' },
      option(
        'viewer',
        ctx.t('agenda.yourZone', {
          zone: `${zoneCity(zones.viewer)}, ${zoneOffsetLabel(zones.viewer, ctx.locale, zones.at)}`,
        }),
      ),
      sameZone
        ? null
        : option(
            'event',
            ctx.t('agenda.eventZone', {
              zone: `${zoneCity(zones.event)}, ${zoneOffsetLabel(zones.event, ctx.locale, zones.at)}`,
            }),
          ),
    ),
  );
}

function filterSelect(
  ctx: AppContext,
  store: AgendaViewStore,
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
  select.value = store.get().filters[key];
  select.addEventListener('change', () => {
    store.update((s) => ({ ...s, filters: { ...s.filters, [key]: select.value } }));
  });
  return h('div', { class: 'field field-inline' }, h('label', { attrs: { for: id } }, label), select);
}

/** Track, room and language filters, offered only where there is a choice, and a reset. */
export function renderFilters(
  ctx: AppContext,
  store: AgendaViewStore,
  data: ProgrammeData,
  target: HTMLElement,
): void {
  const languages = distinctLanguages(store.get().days);
  const active = store.get().filters;
  const anyActive = Boolean(active.trackId || active.roomId || active.language);
  target.replaceChildren(
    h(
      'form',
      {
        class: 'filters-form',
        attrs: { role: 'search', 'aria-label': ctx.t('agenda.filters') },
        on: { submit: (e) => e.preventDefault() },
      },
      data.tracks.length > 0
        ? filterSelect(
            ctx,
            store,
            ctx.t('agenda.track'),
            'trackId',
            data.tracks.map((track) => ({ value: track.id, label: track.name })),
          )
        : null,
      data.rooms.length > 1
        ? filterSelect(
            ctx,
            store,
            ctx.t('agenda.room'),
            'roomId',
            data.rooms.map((room) => ({ value: room.id, label: room.name })),
          )
        : null,
      languages.length > 1
        ? filterSelect(
            ctx,
            store,
            ctx.t('agenda.language'),
            'language',
            languages.map((tag) => ({ value: tag, label: languageName(tag, ctx.locale) })),
          )
        : null,
      anyActive
        ? button(
            ctx.t('agenda.reset'),
            () => {
              store.update((s) => ({ ...s, filters: NO_FILTERS }));
              renderFilters(ctx, store, data, target);
            },
            'ghost',
          )
        : null,
    ),
  );
}
