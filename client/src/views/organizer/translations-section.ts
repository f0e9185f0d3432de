import type { EventInfo } from '../../api/types';
import type { AppContext } from '../../app-context';
import type { MessageKey } from '../../i18n/i18n';
import { h, uid } from '../../ui/dom';
import { alertBox, button, errorMessage, messageSlot, withBusy } from '../common';
import { endonym } from '../language-badges';
import { questionsGroup } from './translation-questions';

type TranslationValues = Record<string, Record<string, string | string[]>>;

/** A resource as read with `?translations=all` in the original language. */
interface Translatable {
  id: string;
  translations?: TranslationValues;
  [field: string]: unknown;
}

interface ResourceKind {
  /** Tab-like heading of the group. */
  label: MessageKey;
  fields: { name: string; label: MessageKey; long?: boolean }[];
  /** The field that names a resource in headings. */
  nameField: string;
  /** The resources (read in the original language, with every translation) and where each is saved. */
  load(ctx: AppContext, base: string): Promise<{ item: Translatable; path: string }[]>;
}

/** Every translation in the original's words, for editing. */
const EDIT_QUERY = (original: string) => ({ lang: original, translations: 'all' });

/** The resources listed under /events/:slug/<path>, each saved at its own URL. */
const listed =
  (path: string, original: () => string) =>
  async (ctx: AppContext, base: string): Promise<{ item: Translatable; path: string }[]> =>
    (await ctx.http.get<{ items: Translatable[] }>(`${base}/${path}`, EDIT_QUERY(original()))).items.map(
      (item) => ({ item, path: `${base}/${path}/${item.id}` }),
    );

function kinds(original: string): ResourceKind[] {
  const lang = () => original;
  return [
    {
      label: 'org.event',
      nameField: 'title',
      fields: [
        { name: 'title', label: 'org.titleField' },
        { name: 'description', label: 'org.description', long: true },
      ],
      load: async (ctx, base) => [
        { item: await ctx.http.get<Translatable>(base, EDIT_QUERY(original)), path: base },
      ],
    },
    {
      label: 'org.sessions',
      nameField: 'title',
      fields: [
        { name: 'title', label: 'org.titleField' },
        { name: 'abstract', label: 'org.abstract', long: true },
      ],
      load: listed('sessions', lang),
    },
    {
      label: 'org.rooms',
      nameField: 'name',
      fields: [{ name: 'name', label: 'org.name' }],
      load: listed('rooms', lang),
    },
    {
      label: 'org.tracks',
      nameField: 'name',
      fields: [{ name: 'name', label: 'org.name' }],
      load: listed('tracks', lang),
    },
    {
      label: 'org.speakers',
      nameField: 'name',
      fields: [
        { name: 'name', label: 'org.name' },
        { name: 'position', label: 'org.position' },
        { name: 'bio', label: 'org.bio', long: true },
      ],
      load: listed('speakers', lang),
    },
    {
      // The directory is shared by every event: the organisations this event's speakers belong to, each
      // saved in the directory (their translations use the event's language tags).
      label: 'org.organizations',
      nameField: 'name',
      fields: [
        { name: 'name', label: 'org.name' },
        { name: 'shortName', label: 'org.shortName' },
      ],
      load: async (ctx, base) => {
        const { items } = await ctx.http.get<{ items: { organization?: Translatable | null }[] }>(
          `${base}/speakers`,
          EDIT_QUERY(original),
        );
        const byId = new Map<string, Translatable>();
        for (const { organization } of items) {
          if (organization && !byId.has(organization.id)) {
            byId.set(organization.id, organization);
          }
        }
        return [...byId.values()]
          .sort((a, b) => String(a['name']).localeCompare(String(b['name'])))
          .map((item) => ({ item, path: `/organizations/${encodeURIComponent(item.id)}` }));
      },
    },
  ];
}

/** Languages some text of `item` still lacks (only fields that have an original count). */
export function missingLanguages(
  item: Translatable,
  fields: readonly string[],
  languages: readonly string[],
): string[] {
  const present = fields.filter((field) => typeof item[field] === 'string' && item[field] !== '');
  return languages.filter((lang) =>
    present.some((field) => {
      const value = item.translations?.[lang]?.[field];
      return typeof value !== 'string' || value.trim() === '';
    }),
  );
}

/**
 * Every programme text side by side: the original, then one column per other event language. Each resource
 * is saved on its own (PATCH with `translations`; an emptied box removes that translation), and each says
 * which languages it still lacks.
 */
export function translationsSection(ctx: AppContext, event: EventInfo): HTMLElement {
  const [original, ...targets] = event.languages;
  const root = h('section', { class: 'org-section', attrs: { 'aria-labelledby': 'translations-heading' } });
  const heading = h('h2', { id: 'translations-heading' }, ctx.t('lang.translations'));
  if (!original || targets.length === 0) {
    root.append(heading, alertBox('info', ctx.t('lang.none')));
    return root;
  }
  const summary = h('p', { class: 'translation-missing', attrs: { role: 'status' } });
  const groups = h('div', { class: 'translation-groups' });
  root.append(heading, summary, groups);
  const base = `/events/${encodeURIComponent(event.slug)}`;

  void (async () => {
    try {
      let missingCount = 0;
      for (const kind of kinds(original)) {
        const resources = await kind.load(ctx, base);
        if (resources.length === 0) {
          continue;
        }
        const group = h('section', { class: 'translation-group' }, h('h3', null, ctx.t(kind.label)));
        for (const { item, path } of resources) {
          group.append(resourceForm(ctx, kind, item, original, targets, path));
          const names = kind.fields.map((f) => f.name);
          missingCount += missingLanguages(item, names, targets).length > 0 ? 1 : 0;
        }
        groups.append(group);
      }
      const questions = await questionsGroup(ctx, base, original, targets);
      if (questions) {
        groups.append(questions.element);
        missingCount += questions.missing;
      }
      summary.textContent =
        missingCount === 0 ? ctx.t('lang.complete') : ctx.t('lang.missingCount', { count: missingCount });
    } catch (error) {
      root.append(alertBox('error', errorMessage(ctx, error)));
    }
  })();
  return root;
}

function resourceForm(
  ctx: AppContext,
  kind: ResourceKind,
  item: Translatable,
  original: string,
  targets: readonly string[],
  path: string,
): HTMLFormElement {
  const named = item[kind.nameField];
  const name = typeof named === 'string' ? named : '';
  const legendId = uid('translation');
  const status = h('p', { class: 'translation-missing' });
  const message = messageSlot();
  const inputs: { lang: string; field: string; input: HTMLInputElement | HTMLTextAreaElement }[] = [];
  const showMissing = (): void => {
    const missing = missingLanguages(
      item,
      kind.fields.map((f) => f.name),
      targets,
    );
    status.textContent =
      missing.length === 0
        ? ctx.t('lang.complete')
        : ctx.t('lang.missing', { languages: missing.map(endonym).join(', ') });
  };
  const rows = kind.fields
    .filter((field) => typeof item[field.name] === 'string' && item[field.name] !== '')
    .map((field) =>
      h(
        'tr',
        null,
        h('th', { attrs: { scope: 'row' } }, ctx.t(field.label)),
        h('td', { attrs: { lang: original } }, String(item[field.name])),
        ...targets.map((lang) => {
          const value = item.translations?.[lang]?.[field.name];
          const label = ctx.t('lang.fieldIn', { field: ctx.t(field.label), language: endonym(lang) });
          const attrs = { lang, dir: 'auto', 'aria-label': label, name: `${lang}.${field.name}` };
          const input = field.long
            ? h('textarea', { attrs: { ...attrs, rows: '3' } })
            : h('input', { attrs: { ...attrs, type: 'text' } });
          input.value = typeof value === 'string' ? value : '';
          inputs.push({ lang, field: field.name, input });
          return h('td', null, input);
        }),
      ),
    );
  const form = h(
    'form',
    { class: 'translation-form', attrs: { 'aria-labelledby': legendId } },
    h('h4', { id: legendId, attrs: { lang: original } }, name),
    h(
      'table',
      { class: 'translation-table' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { attrs: { scope: 'col' } }, h('span', { class: 'visually-hidden' }, ctx.t('org.name'))),
          h('th', { attrs: { scope: 'col' } }, `${ctx.t('lang.original')} (${endonym(original)})`),
          ...targets.map((lang) => h('th', { attrs: { scope: 'col', lang } }, endonym(lang))),
        ),
      ),
      h('tbody', null, rows),
    ),
    status,
    message.element,
    button(ctx.t('lang.save'), () => undefined, 'primary', { type: 'submit' }),
  );
  showMissing();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const translations: Record<string, Record<string, string | null>> = {};
    for (const { lang, field, input } of inputs) {
      const text = input.value.trim();
      (translations[lang] ??= {})[field] = text === '' ? null : text;
    }
    void withBusy(form, async () => {
      try {
        const saved = await ctx.http.patch<Translatable>(path, { translations });
        item.translations = saved.translations ?? {};
        showMissing();
        message.show('success', ctx.t('org.saved'));
      } catch (error) {
        message.show('error', errorMessage(ctx, error));
      }
    });
  });
  return form;
}
