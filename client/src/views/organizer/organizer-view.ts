import type { Organization, Room, Speaker, Track } from '../../api/types';
import type { AppContext, View } from '../../app-context';
import type { MessageKey } from '../../i18n/i18n';
import { h } from '../../ui/dom';
import { alertBox, errorView, organizationLabel, pageHeader, trackBadge } from '../common';
import { loadProgramme, type ProgrammeData } from '../programme-data';
import { declarationsSection } from '../declarations/organizer-declarations';
import { crudSection } from './crud-section';
import { eventSection } from './event-section';
import { registrationsSection, staffSection } from './registrations-section';
import { sessionsSection } from './sessions-section';
import { analyticsSection } from '../analytics/analytics-section';
import {
  formStreamTest,
  roomStageCell,
  savingStream,
  streamFields,
  streamValues,
  withStream,
} from '../stage/rooms-stage';
import { translationsSection } from './translations-section';

const SECTIONS = [
  'event',
  'sessions',
  'rooms',
  'tracks',
  'speakers',
  'organizations',
  'registrations',
  'staff',
  'declarations',
  'analytics',
  'translations',
] as const;
type Section = (typeof SECTIONS)[number];

function isSection(value: string | undefined): value is Section {
  return SECTIONS.some((section) => section === value);
}

function sectionContent(
  ctx: AppContext,
  section: Section,
  data: ProgrammeData,
  reload: () => void,
): HTMLElement {
  const slug = data.event.slug;
  const organizationChoices = () => [
    { value: '', label: ctx.t('org.none') },
    ...data.organizations.map((org) => ({ value: org.id, label: org.name })),
  ];
  switch (section) {
    case 'event':
      return eventSection(ctx, data.event, () => reload());
    case 'translations':
      return translationsSection(ctx, data.event);
    case 'sessions':
      return sessionsSection(ctx, data);
    case 'rooms': {
      // The stage: stream settings, a test player and the production overlay link (views/stage).
      const preview = h('div', { class: 'stage-preview' });
      const crud = crudSection<Room>(ctx, {
        title: ctx.t('org.rooms'),
        fields: [
          { name: 'name', label: ctx.t('org.name'), required: true, maxLength: 120 },
          { name: 'capacity', label: ctx.t('org.capacity'), type: 'number' },
          ...streamFields(ctx),
        ],
        columns: [
          { label: ctx.t('org.name'), value: (room) => room.name },
          { label: ctx.t('org.capacity'), value: (room) => (room.capacity ? String(room.capacity) : '—') },
          {
            label: ctx.t('org.streamUrl'),
            value: (room) => h('span', { class: 'mono' }, room.stream?.url ?? room.streamUrl ?? '—'),
          },
          { label: ctx.t('stage.overlay'), value: (room) => roomStageCell(ctx, slug, room, preview) },
        ],
        load: () => ctx.api.rooms(slug),
        create: (body) => savingStream(() => ctx.api.createItem(slug, 'rooms', withStream(ctx, body))),
        update: (id, body) =>
          savingStream(() => ctx.api.updateItem(slug, 'rooms', id, withStream(ctx, body))),
        formExtra: (values) => formStreamTest(ctx, slug, preview, values),
        remove: (id) => ctx.api.deleteItem(slug, 'rooms', id),
        toValues: (room) => ({
          name: room.name,
          capacity: room.capacity ? String(room.capacity) : '',
          ...streamValues(room),
        }),
        nameOf: (room) => room.name,
      });
      return h('div', null, crud, preview);
    }
    case 'tracks':
      return crudSection<Track>(ctx, {
        title: ctx.t('org.tracks'),
        fields: [
          { name: 'name', label: ctx.t('org.name'), required: true, maxLength: 120 },
          { name: 'color', label: ctx.t('org.color'), type: 'color', required: true },
        ],
        columns: [
          { label: ctx.t('org.name'), value: (track) => trackBadge(track) },
          { label: ctx.t('org.color'), value: (track) => h('span', { class: 'mono' }, track.color) },
        ],
        load: () => ctx.api.tracks(slug),
        create: (body) => ctx.api.createItem(slug, 'tracks', body),
        update: (id, body) => ctx.api.updateItem(slug, 'tracks', id, body),
        remove: (id) => ctx.api.deleteItem(slug, 'tracks', id),
        toValues: (track) => ({ name: track.name, color: track.color }),
        nameOf: (track) => track.name,
      });
    case 'speakers':
      return crudSection<Speaker>(ctx, {
        title: ctx.t('org.speakers'),
        fields: [
          { name: 'name', label: ctx.t('org.name'), required: true, maxLength: 120 },
          { name: 'position', label: ctx.t('org.position'), maxLength: 300 },
          {
            name: 'organizationId',
            label: ctx.t('org.organization'),
            type: 'select',
            options: organizationChoices,
          },
          { name: 'email', label: ctx.t('org.email'), type: 'email', maxLength: 254 },
          { name: 'bio', label: ctx.t('org.bio'), type: 'textarea', maxLength: 5000 },
        ],
        columns: [
          { label: ctx.t('org.name'), value: (speaker) => h('strong', null, speaker.name) },
          { label: ctx.t('org.position'), value: (speaker) => speaker.position ?? '—' },
          {
            label: ctx.t('org.organization'),
            value: (speaker) =>
              organizationLabel(
                speaker.organization ??
                  data.organizations.find((org) => org.id === speaker.organizationId) ??
                  null,
              ) ?? '—',
          },
        ],
        load: () => ctx.api.speakers(slug),
        create: (body) => ctx.api.createItem(slug, 'speakers', body),
        update: (id, body) => ctx.api.updateItem(slug, 'speakers', id, body),
        remove: (id) => ctx.api.deleteItem(slug, 'speakers', id),
        toValues: (speaker) => ({
          name: speaker.name,
          position: speaker.position ?? '',
          organizationId: speaker.organizationId ?? '',
          email: speaker.email ?? '',
          bio: speaker.bio ?? '',
        }),
        nameOf: (speaker) => speaker.name,
      });
    case 'organizations':
      return crudSection<Organization>(ctx, {
        title: ctx.t('org.organizations'),
        fields: [
          { name: 'name', label: ctx.t('org.name'), required: true, maxLength: 200 },
          { name: 'shortName', label: ctx.t('org.shortName'), maxLength: 40 },
          { name: 'country', label: ctx.t('org.country'), maxLength: 80 },
          { name: 'url', label: ctx.t('org.url'), type: 'url', maxLength: 500 },
        ],
        columns: [
          { label: ctx.t('org.name'), value: (org) => h('strong', null, org.name) },
          { label: ctx.t('org.shortName'), value: (org) => org.shortName ?? '—' },
          { label: ctx.t('org.country'), value: (org) => org.country ?? '—' },
        ],
        load: async () => {
          data.organizations = await ctx.api.organizations();
          return data.organizations;
        },
        create: (body) => ctx.api.createOrganization(body),
        update: (id, body) => ctx.api.updateOrganization(id, body),
        toValues: (org) => ({
          name: org.name,
          shortName: org.shortName ?? '',
          country: org.country ?? '',
          url: org.url ?? '',
        }),
        nameOf: (org) => org.name,
      });
    case 'registrations':
      return registrationsSection(ctx, data.event);
    case 'staff':
      return staffSection(ctx, data.event);
    case 'declarations':
      return declarationsSection(ctx, data.event);
    case 'analytics':
      return analyticsSection(ctx, data.event);
  }
}

/** The organizer's console: one tab per part of the event. */
export const organizerView: View = async (ctx, params) => {
  const slug = params['slug'] ?? '';
  const section: Section = isSection(params['section']) ? params['section'] : 'event';
  if (!ctx.auth.user()) {
    ctx.navigate(`/login?next=${encodeURIComponent(location.pathname)}`, { replace: true });
    return { title: ctx.t('org.title'), element: h('p', null, ctx.t('app.loading')) };
  }
  try {
    const data = await loadProgramme(ctx, slug);
    if (data.event.role !== 'organizer') {
      return {
        title: ctx.t('org.title'),
        element: h(
          'section',
          { class: 'page narrow' },
          pageHeader(ctx.t('org.title')),
          alertBox('error', ctx.t('org.forbidden')),
        ),
      };
    }
    const base = `/events/${encodeURIComponent(slug)}/manage`;
    const tabs = h(
      'nav',
      { attrs: { 'aria-label': ctx.t('org.tabs') } },
      h(
        'ul',
        { class: 'tabs' },
        SECTIONS.map((item) =>
          h(
            'li',
            null,
            h(
              'a',
              {
                attrs: {
                  href: item === 'event' ? base : `${base}/${item}`,
                  'aria-current': item === section ? 'page' : undefined,
                },
              },
              ctx.t(`org.${item}` as MessageKey),
            ),
          ),
        ),
      ),
    );
    const content = h('div', { class: 'console-section' });
    content.append(
      sectionContent(ctx, section, data, () => ctx.navigate(location.pathname, { replace: true })),
    );
    return {
      title: `${ctx.t('org.title')} · ${data.event.title}`,
      element: h(
        'section',
        { class: 'page organizer-page' },
        h(
          'p',
          { class: 'breadcrumb' },
          h('a', { attrs: { href: `/events/${encodeURIComponent(slug)}` } }, `← ${data.event.title}`),
        ),
        pageHeader(ctx.t('org.title'), h('p', { class: 'lead' }, data.event.title)),
        tabs,
        content,
      ),
    };
  } catch (error) {
    return errorView(ctx, error);
  }
};
