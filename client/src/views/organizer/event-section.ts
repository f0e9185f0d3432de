import type { EventInfo } from '../../api/types';
import type { AppContext } from '../../app-context';
import { h } from '../../ui/dom';
import { badge, button, errorMessage, messageSlot, withBusy } from '../common';
import { definedForm, type FieldDef } from './crud-section';

export function eventFields(ctx: AppContext, withSlug: boolean): FieldDef[] {
  return [
    ...(withSlug
      ? [{ name: 'slug', label: ctx.t('org.slug'), required: true, maxLength: 64, hint: 'silks-2021' }]
      : []),
    { name: 'title', label: ctx.t('org.titleField'), required: true, maxLength: 200 },
    { name: 'timezone', label: ctx.t('org.timezone'), required: true, maxLength: 64 },
    { name: 'startsOn', label: ctx.t('org.startsOn'), type: 'date', required: true },
    { name: 'endsOn', label: ctx.t('org.endsOn'), type: 'date', required: true },
    { name: 'languages', label: ctx.t('org.languages'), maxLength: 100 },
    { name: 'capacity', label: ctx.t('org.capacity'), type: 'number' },
    { name: 'requiresApproval', label: ctx.t('org.requiresApproval'), type: 'checkbox' },
    { name: 'description', label: ctx.t('org.description'), type: 'textarea', maxLength: 5000 },
  ];
}

export function eventBody(
  values: Record<string, string | boolean>,
  editing: boolean,
): Record<string, unknown> {
  const text = (name: string) => (typeof values[name] === 'string' ? values[name] : '');
  const languages = text('languages')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const capacity = text('capacity');
  const body: Record<string, unknown> = {
    title: text('title'),
    timezone: text('timezone'),
    startsOn: text('startsOn'),
    endsOn: text('endsOn'),
    registration: {
      capacity: capacity ? Number(capacity) : null,
      requiresApproval: values['requiresApproval'] === true,
    },
  };
  if (text('slug')) {
    body['slug'] = text('slug');
  }
  if (languages.length > 0) {
    body['languages'] = languages;
  }
  if (text('description') || editing) {
    body['description'] = text('description') || null;
  }
  return body;
}

/** Edit the event, publish it, clone it to next year. */
export function eventSection(
  ctx: AppContext,
  event: EventInfo,
  onChanged: (event: EventInfo) => void,
): HTMLElement {
  const fields = eventFields(ctx, false);
  const edit = definedForm(ctx, fields, {
    submitLabel: ctx.t('org.save'),
    onSubmit: async (values) => {
      const updated = await ctx.api.updateEvent(event.slug, eventBody(values, true));
      edit.slot.show('success', ctx.t('org.saved'));
      ctx.announce(ctx.t('org.saved'));
      onChanged(updated);
    },
  });
  edit.fill({
    title: event.title,
    timezone: event.timezone,
    startsOn: event.startsOn,
    endsOn: event.endsOn,
    languages: event.languages.join(', '),
    capacity: event.registration?.capacity ? String(event.registration.capacity) : '',
    requiresApproval: event.registration?.requiresApproval ?? false,
    description: event.description ?? '',
  });

  const publishSlot = messageSlot();
  const publish: HTMLButtonElement = button(
    ctx.t('org.publish'),
    () => {
      void withBusy(publish, async () => {
        try {
          const updated = await ctx.api.publish(event.slug);
          publishSlot.show('success', ctx.t('org.publishedText'));
          onChanged(updated);
        } catch (error) {
          publishSlot.show('error', errorMessage(ctx, error));
        }
      });
    },
    'primary',
  );

  const nextYear = (date: string) => `${Number(date.slice(0, 4)) + 1}${date.slice(4)}`;
  const clone = definedForm(
    ctx,
    [
      { name: 'slug', label: ctx.t('org.slug'), required: true, maxLength: 64 },
      { name: 'title', label: ctx.t('org.titleField'), required: true, maxLength: 200 },
      { name: 'startsOn', label: ctx.t('org.startsOn'), type: 'date', required: true },
    ],
    {
      submitLabel: ctx.t('org.clone'),
      onSubmit: async (values) => {
        const created = await ctx.api.clone(event.slug, {
          slug: String(values['slug']),
          title: String(values['title']),
          startsOn: String(values['startsOn']),
        });
        ctx.announce(ctx.t('org.cloned'));
        ctx.navigate(`/events/${encodeURIComponent(created.slug)}/manage`);
      },
    },
  );
  clone.fill({
    slug: event.slug.replace(/(\d{4})/, (year) => String(Number(year) + 1)),
    title: event.title.replace(/(\d{4})/, (year) => String(Number(year) + 1)),
    startsOn: nextYear(event.startsOn),
  });

  return h(
    'div',
    { class: 'event-section' },
    h(
      'section',
      { class: 'card', attrs: { 'aria-labelledby': 'publish-heading' } },
      h(
        'h2',
        { id: 'publish-heading', class: 'section-title' },
        ctx.t('org.publish'),
        ' ',
        event.status === 'published'
          ? badge(ctx.t('org.published'), 'confirmed')
          : badge(ctx.t('events.draft'), 'draft'),
      ),
      event.status === 'published'
        ? h('p', null, ctx.t('org.publishedText'))
        : h('div', null, h('p', null, ctx.t('org.draftText')), publish),
      publishSlot.element,
    ),
    h('h2', { class: 'section-title' }, ctx.t('org.event')),
    edit.form,
    h('h2', { class: 'section-title' }, ctx.t('org.clone')),
    h('p', { class: 'muted' }, ctx.t('org.cloneHint')),
    clone.form,
  );
}
