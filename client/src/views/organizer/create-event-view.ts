import type { View } from '../../app-context';
import { h } from '../../ui/dom';
import { alertBox, pageHeader } from '../common';
import { definedForm } from './crud-section';
import { eventBody, eventFields } from './event-section';

/** Any signed-in user may create an event and becomes its organizer. */
export const createEventView: View = (ctx) => {
  if (!ctx.auth.user()) {
    return Promise.resolve({
      title: ctx.t('org.createTitle'),
      element: h(
        'section',
        { class: 'page narrow' },
        pageHeader(ctx.t('org.createTitle')),
        alertBox('info', ctx.t('me.loginFirst')),
        h(
          'a',
          { class: 'button button-primary', attrs: { href: '/login?next=%2Fevents%2Fnew' } },
          ctx.t('nav.login'),
        ),
      ),
    });
  }
  const form = definedForm(ctx, eventFields(ctx, true), {
    submitLabel: ctx.t('org.createTitle'),
    onSubmit: async (values) => {
      const created = await ctx.api.createEvent(eventBody(values, false));
      ctx.announce(ctx.t('org.created'));
      ctx.navigate(`/events/${encodeURIComponent(created.slug)}/manage`);
    },
  });
  return Promise.resolve({
    title: ctx.t('org.createTitle'),
    element: h('section', { class: 'page narrow' }, pageHeader(ctx.t('org.createTitle')), form.form),
  });
};
