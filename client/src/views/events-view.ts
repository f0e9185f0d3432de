import type { View } from '../app-context';
import { formatDateRange, zoneCity } from '../i18n/format';
import { h } from '../ui/dom';
import { badge, errorView, pageHeader } from './common';

/** The list of events the caller can see (published ones, plus drafts they organize). */
export const eventsView: View = async (ctx) => {
  try {
    const events = await ctx.api.events();
    events.sort((a, b) => b.startsOn.localeCompare(a.startsOn));
    return {
      title: ctx.t('events.title'),
      element: h(
        'section',
        { class: 'page' },
        pageHeader(ctx.t('events.title'), h('p', { class: 'lead' }, ctx.t('app.tagline'))),
        events.length === 0
          ? h('p', { class: 'empty' }, ctx.t('events.empty'))
          : h(
              'ul',
              { class: 'event-list' },
              events.map((event) =>
                h(
                  'li',
                  { class: 'event-card' },
                  h(
                    'h2',
                    null,
                    h('a', { attrs: { href: `/events/${encodeURIComponent(event.slug)}` } }, event.title),
                  ),
                  h(
                    'p',
                    { class: 'muted' },
                    formatDateRange(event.startsOn, event.endsOn, ctx.locale),
                    ' · ',
                    zoneCity(event.timezone),
                    event.status === 'draft' ? ' ' : null,
                    event.status === 'draft' ? badge(ctx.t('events.draft'), 'draft') : null,
                  ),
                  event.description ? h('p', { class: 'event-card-description' }, event.description) : null,
                ),
              ),
            ),
      ),
    };
  } catch (error) {
    return errorView(ctx, error);
  }
};
