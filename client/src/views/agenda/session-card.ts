import type { Session } from '../../api/types';
import type { AppContext } from '../../app-context';
import { formatTimeRange } from '../../i18n/format';
import type { MessageKey } from '../../i18n/i18n';
import { h } from '../../ui/dom';
import { badge, errorMessage, participantLine, trackBadge } from '../common';
import { contentLang, languageBadges } from '../language-badges';

/** What every card of one agenda shares: the event and the user's bookmarks (changed in place). */
export interface SessionCards {
  ctx: AppContext;
  slug: string;
  bookmarks: Set<string>;
}

export function sessionHref(slug: string, session: Session): string {
  return `/events/${encodeURIComponent(slug)}/sessions/${encodeURIComponent(session.id)}`;
}

function bookmarkButton(cards: SessionCards, session: Session): HTMLElement | null {
  const { ctx, slug, bookmarks } = cards;
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
    const request = on ? ctx.api.bookmark(slug, session.id) : ctx.api.unbookmark(slug, session.id);
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

function statusBadges(ctx: AppContext, session: Session): HTMLElement[] {
  const badges: HTMLElement[] = [];
  if (session.cancelled) {
    badges.push(badge(ctx.t('status.cancelled'), 'cancelled'));
  } else if (session.liveStatus === 'live') {
    badges.push(badge(ctx.t('status.live'), 'live'));
  }
  return badges;
}

/** One session of the grid: time, title (a link unless a break), badges, room, language and people. */
export function sessionCard(
  cards: SessionCards,
  session: Session,
  zone: string,
  withRoom: boolean,
): HTMLElement {
  const { ctx, slug } = cards;
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
      bookmarkButton(cards, session),
    ),
    h(
      'h3',
      { class: 'session-title', attrs: contentLang(session) },
      isBreak ? session.title : h('a', { attrs: { href: sessionHref(slug, session) } }, session.title),
    ),
    h(
      'p',
      { class: 'session-meta' },
      isBreak ? null : badge(ctx.t(`kind.${session.kind}` as MessageKey), `kind`),
      ...statusBadges(ctx, session),
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
