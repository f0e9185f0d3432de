import type { Session } from '../../api/types';
import { formatDay, formatTime, localDateOf } from '../../i18n/format';
import { layoutDay, nowAndNext, type AgendaDayView } from '../../state/agenda.store';
import { h } from '../../ui/dom';
import { badge } from '../common';
import type { ProgrammeData } from '../programme-data';
import { sessionCard, sessionHref, type SessionCards } from './session-card';

/** "Live now" and "up next" above the days; empty when nothing is on or coming. */
export function renderNowNext(
  cards: SessionCards,
  target: HTMLElement,
  days: AgendaDayView[],
  zone: string,
): void {
  const { ctx, slug } = cards;
  const all = days.flatMap((day) => day.sessions);
  const { now, next } = nowAndNext(all, Date.now());
  if (now.length === 0 && next.length === 0) {
    target.replaceChildren();
    return;
  }
  const item = (session: Session) =>
    h(
      'li',
      null,
      h('a', { attrs: { href: sessionHref(slug, session) } }, session.title),
      h(
        'span',
        { class: 'muted' },
        ` · ${formatTime(session.startsAt, ctx.locale, zone)}${session.room ? ` · ${session.room.name}` : ''}`,
      ),
    );
  target.replaceChildren(
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

/** One day: rooms side by side in a grid, breaks across all of them. */
export function renderDay(
  cards: SessionCards,
  rooms: ProgrammeData['rooms'],
  day: AgendaDayView,
  index: number,
  zone: string,
): HTMLElement {
  const { ctx } = cards;
  const grid = layoutDay(day.sessions, rooms);
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
    const card = sessionCard(cards, placement.session, zone, true);
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
