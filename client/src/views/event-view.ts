import { ApiError } from '../api/http-client';
import type { EventInfo, Registration } from '../api/types';
import type { AppContext, View } from '../app-context';
import { formatDateRange, zoneCity, zoneOffsetLabel } from '../i18n/format';
import type { MessageKey } from '../i18n/i18n';
import { h } from '../ui/dom';
import { agendaPanel } from './agenda-view';
import { certificateButton } from './certificate-button';
import { badge, errorView } from './common';
import { declarationsPanel } from './declarations/declarations-panel';
import { loadProgramme } from './programme-data';

export async function loadBookmarks(ctx: AppContext): Promise<Set<string>> {
  if (!ctx.auth.user()) {
    return new Set();
  }
  try {
    const mine = await ctx.api.myAgenda();
    const sessions = 'days' in mine ? mine.days.flatMap((day) => day.sessions) : mine.items;
    return new Set(
      sessions
        .filter((session) => (session as { bookmarked?: boolean }).bookmarked !== false)
        .map((session) => session.id),
    );
  } catch {
    return new Set();
  }
}

export async function loadMyRegistration(ctx: AppContext, slug: string): Promise<Registration | null> {
  if (!ctx.auth.user()) {
    return null;
  }
  try {
    return await ctx.api.myRegistration(slug);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      return null;
    }
    return null;
  }
}

export function registrationStatusText(ctx: AppContext, registration: Registration): string {
  return ctx.t(`reg.status.${registration.status}` as MessageKey);
}

function eventHero(ctx: AppContext, event: EventInfo, registration: Registration | null): HTMLElement {
  const slug = encodeURIComponent(event.slug);
  const registered =
    registration && registration.status !== 'cancelled' && registration.status !== 'rejected';
  const actions = h(
    'div',
    { class: 'hero-actions' },
    registered
      ? h(
          'a',
          { class: 'button button-secondary', attrs: { href: `/events/${slug}/register` } },
          `${ctx.t('event.viewRegistration')}: ${registrationStatusText(ctx, registration)}${registration.status === 'waitlisted' && registration.position ? ` (#${registration.position})` : ''}`,
        )
      : h(
          'a',
          { class: 'button button-primary', attrs: { href: `/events/${slug}/register` } },
          ctx.t('event.register'),
        ),
    event.role === 'organizer'
      ? h(
          'a',
          { class: 'button button-secondary', attrs: { href: `/events/${slug}/manage` } },
          ctx.t('nav.manage'),
        )
      : null,
    registered ? certificateButton(ctx, event) : null,
  );
  return h(
    'header',
    { class: 'event-hero' },
    h(
      'div',
      { class: 'hero-text' },
      event.status === 'draft' ? badge(ctx.t('events.draft'), 'draft') : null,
      h('h1', { attrs: { tabindex: '-1' } }, event.title),
      h(
        'p',
        { class: 'hero-meta' },
        h('span', null, formatDateRange(event.startsOn, event.endsOn, ctx.locale)),
        h('span', { class: 'dot', attrs: { 'aria-hidden': 'true' } }, '·'),
        h(
          'span',
          null,
          ctx.t('event.timezone', {
            zone: `${zoneCity(event.timezone)} (${zoneOffsetLabel(event.timezone, ctx.locale, `${event.startsOn}T12:00:00Z`)})`,
          }),
        ),
        event.role ? h('span', { class: 'dot', attrs: { 'aria-hidden': 'true' } }, '·') : null,
        event.role
          ? h('span', null, ctx.t('event.staffRole', { role: ctx.t(`role.${event.role}` as MessageKey) }))
          : null,
      ),
      event.description ? h('p', { class: 'hero-description' }, event.description) : null,
      actions,
    ),
  );
}

function downloads(ctx: AppContext, event: EventInfo): HTMLElement {
  const base = `/api/events/${encodeURIComponent(event.slug)}`;
  return h(
    'aside',
    { class: 'downloads', attrs: { 'aria-label': ctx.t('event.downloads') } },
    h('h2', { class: 'small-title' }, ctx.t('event.downloads')),
    h(
      'ul',
      { class: 'inline-list' },
      h(
        'li',
        null,
        h('a', { attrs: { href: `${base}/schedule.ics`, 'data-external': '' } }, ctx.t('event.calendar')),
      ),
      h(
        'li',
        null,
        h(
          'a',
          { attrs: { href: `${base}/schedule.json`, 'data-external': '' } },
          ctx.t('event.scheduleJson'),
        ),
      ),
      h(
        'li',
        null,
        h('a', { attrs: { href: `${base}/schedule.xml`, 'data-external': '' } }, ctx.t('event.scheduleXml')),
      ),
    ),
  );
}

/** Event home: what, when, register, and the agenda. */
export const eventView: View = async (ctx, params) => {
  const slug = params['slug'] ?? '';
  try {
    const [data, bookmarks, registration] = await Promise.all([
      loadProgramme(ctx, slug),
      loadBookmarks(ctx),
      loadMyRegistration(ctx, slug),
    ]);
    return {
      title: data.event.title,
      element: h(
        'div',
        { class: 'page event-page' },
        eventHero(ctx, data.event, registration),
        declarationsPanel(ctx, data.event.slug),
        agendaPanel(ctx, data, bookmarks),
        downloads(ctx, data.event),
      ),
    };
  } catch (error) {
    return errorView(ctx, error);
  }
};
