import { DeclarationsApi, type Declaration, type Endorsement } from '../../api/declarations-api';
import type { AppContext, View } from '../../app-context';
import { formatDay, languageName, localDateOf, viewerTimeZone } from '../../i18n/format';
import type { MessageKey } from '../../i18n/i18n';
import { h } from '../../ui/dom';
import { badge, errorView, field } from '../common';
import { endorseSection } from './endorse-form';
import { languageTabs } from './language-tabs';

/** The command readers can run to check the digest themselves (docs/declarations.md explains it). */
export function verifyCommand(url: string): string {
  return (
    `curl -s '${url}' | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{` +
    `const t=JSON.parse(s).texts;const c=JSON.stringify(Object.fromEntries(Object.keys(t).sort()` +
    `.map(k=>[k,t[k].normalize("NFC")])));` +
    `console.log(require("crypto").createHash("sha256").update(c,"utf8").digest("hex"))})'`
  );
}

function digestSection(ctx: AppContext, declaration: Declaration, apiUrl: string): HTMLElement | null {
  if (!declaration.digest) {
    return null;
  }
  return h(
    'section',
    { class: 'card', attrs: { 'aria-labelledby': 'digest-heading' } },
    h('h2', { id: 'digest-heading', class: 'section-title' }, ctx.t('decl.digest')),
    h('p', null, ctx.t('decl.digestIntro')),
    h('p', null, h('code', { class: 'mono digest' }, declaration.digest)),
    h('h3', { class: 'small-title' }, ctx.t('decl.howToVerify')),
    h('p', null, ctx.t('decl.verifyCanonical')),
    h(
      'pre',
      { class: 'command', attrs: { tabindex: 0, 'aria-label': ctx.t('decl.verifyNode') } },
      h('code', null, verifyCommand(apiUrl)),
    ),
    h('p', null, ctx.t('decl.verifyJq')),
    h(
      'pre',
      { class: 'command', attrs: { tabindex: 0, 'aria-label': ctx.t('decl.verifyJqLabel') } },
      h('code', null, `curl -s '${apiUrl}' | jq -jcS .texts | sha256sum`),
    ),
  );
}

/** Verified organisations grouped by country, with a search box and export links. */
function endorsersSection(
  ctx: AppContext,
  api: DeclarationsApi,
  slug: string,
  declaration: Declaration,
  items: Endorsement[],
): HTMLElement {
  const search = field({
    label: ctx.t('decl.searchEndorsers'),
    name: 'endorserSearch',
    type: 'search',
    maxLength: 200,
  });
  const count = h('p', { class: 'muted', attrs: { role: 'status', 'aria-live': 'polite' } });
  const list = h('div', { class: 'endorser-groups' });
  const render = () => {
    const needle = search.input.value.trim().toLowerCase();
    const shown = items.filter((item) =>
      [
        item.organization.name,
        item.organization.shortName,
        item.organization.country,
        item.representative.name,
      ].some((value) => value?.toLowerCase().includes(needle)),
    );
    const byCountry = new Map<string, Endorsement[]>();
    for (const item of shown) {
      const country = item.organization.country ?? ctx.t('decl.noCountry');
      byCountry.set(country, [...(byCountry.get(country) ?? []), item]);
    }
    count.textContent = ctx.t('decl.showing', { shown: shown.length, total: items.length });
    list.replaceChildren(
      ...[...byCountry.entries()].map(([country, group]) =>
        h(
          'section',
          { class: 'endorser-group' },
          h('h3', { class: 'small-title' }, `${country} (${group.length})`),
          h(
            'ul',
            { class: 'plain-list endorser-list' },
            group.map((item) =>
              h(
                'li',
                { class: 'endorser' },
                h('strong', null, item.organization.name),
                h(
                  'span',
                  { class: 'muted' },
                  ` — ${item.representative.name}, ${item.representative.position}`,
                ),
                item.statement ? h('p', { class: 'statement' }, item.statement) : null,
              ),
            ),
          ),
        ),
      ),
    );
  };
  search.input.addEventListener('input', render);
  render();
  return h(
    'section',
    { class: 'card', attrs: { 'aria-labelledby': 'endorsers-heading' } },
    h(
      'h2',
      { id: 'endorsers-heading', class: 'section-title' },
      ctx.t('decl.endorsers', { n: declaration.endorsements }),
    ),
    h(
      'ul',
      { class: 'inline-list' },
      h(
        'li',
        null,
        h(
          'a',
          { attrs: { href: api.exportUrl(slug, declaration.id, 'csv'), 'data-external': '', download: '' } },
          ctx.t('decl.exportCsv'),
        ),
      ),
      h(
        'li',
        null,
        h(
          'a',
          { attrs: { href: api.exportUrl(slug, declaration.id, 'json'), 'data-external': '' } },
          ctx.t('decl.exportJson'),
        ),
      ),
    ),
    search.wrapper,
    count,
    list,
  );
}

/** The public page of one declaration: texts, digest, endorsing organisations, and the endorse form. */
export const declarationView: View = async (ctx, params) => {
  const slug = params['slug'] ?? '';
  const id = params['id'] ?? '';
  const api = new DeclarationsApi(ctx.http);
  try {
    const [event, declaration, endorsements] = await Promise.all([
      ctx.api.event(slug),
      api.get(slug, id),
      api.endorsements(slug, id),
    ]);
    const languages = Object.keys(declaration.texts);
    const preferred = Math.max(
      0,
      languages.findIndex((lang) => ctx.locale.toLowerCase().startsWith(lang.toLowerCase())),
    );
    const tabs = languageTabs(
      ctx.t('decl.languages'),
      languages.map((lang) => ({
        lang,
        label: languageName(lang, ctx.locale),
        content: h(
          'div',
          { class: 'declaration-text' },
          declaration.texts[lang].split(/\n{2,}/).map((para) => h('p', null, para)),
        ),
      })),
      preferred,
    );
    const apiUrl = new URL(ctx.http.url(api.path(slug, id)), location.origin).toString();
    const closes = declaration.closesAt
      ? ctx.t('decl.closesOn', {
          date: formatDay(localDateOf(declaration.closesAt, viewerTimeZone()), ctx.locale),
        })
      : null;
    return {
      title: declaration.title,
      element: h(
        'article',
        { class: 'page declaration-page' },
        h(
          'p',
          { class: 'breadcrumb' },
          h('a', { attrs: { href: `/events/${encodeURIComponent(slug)}` } }, `← ${event.title}`),
        ),
        h(
          'header',
          { class: 'page-header' },
          h(
            'p',
            null,
            badge(
              ctx.t(`decl.state.${declaration.status}` as MessageKey),
              `declaration-${declaration.status}`,
            ),
          ),
          h('h1', { attrs: { tabindex: '-1' } }, declaration.title),
          h(
            'p',
            { class: 'lead' },
            ctx.t('decl.count', { n: declaration.endorsements }),
            closes ? ` · ${closes}` : '',
          ),
        ),
        h(
          'section',
          { class: 'card', attrs: { 'aria-labelledby': 'texts-heading' } },
          h('h2', { id: 'texts-heading', class: 'section-title' }, ctx.t('decl.texts')),
          tabs,
        ),
        digestSection(ctx, declaration, apiUrl),
        endorsersSection(ctx, api, slug, declaration, endorsements.items),
        declaration.status === 'draft'
          ? null
          : endorseSection(ctx, api, slug, id, declaration.status === 'open'),
      ),
    };
  } catch (error) {
    return errorView(ctx, error);
  }
};
