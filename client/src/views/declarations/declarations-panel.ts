import { DeclarationsApi } from '../../api/declarations-api';
import type { AppContext } from '../../app-context';
import type { MessageKey } from '../../i18n/i18n';
import { h } from '../../ui/dom';
import { badge } from '../common';

/** On the event page: links to the event's published declarations (nothing when there are none). */
export function declarationsPanel(ctx: AppContext, slug: string): HTMLElement {
  const element = h('section', { class: 'card', attrs: { 'aria-labelledby': 'declarations-heading' } });
  element.hidden = true;
  new DeclarationsApi(ctx.http)
    .list(slug)
    .then((declarations) => {
      const shown = declarations.filter((declaration) => declaration.status !== 'draft');
      if (shown.length === 0) {
        return;
      }
      element.replaceChildren(
        h('h2', { id: 'declarations-heading', class: 'section-title' }, ctx.t('decl.eventHeading')),
        h(
          'ul',
          { class: 'plain-list' },
          shown.map((declaration) =>
            h(
              'li',
              { class: 'endorser' },
              h(
                'a',
                {
                  attrs: {
                    href: `/events/${encodeURIComponent(slug)}/declarations/${encodeURIComponent(declaration.id)}`,
                  },
                },
                declaration.title,
              ),
              ' ',
              badge(
                ctx.t(`decl.state.${declaration.status}` as MessageKey),
                `declaration-${declaration.status}`,
              ),
              ' ',
              h('span', { class: 'muted' }, ctx.t('decl.count', { n: declaration.endorsements })),
            ),
          ),
        ),
      );
      element.hidden = false;
    })
    .catch(() => {
      // The event page works without it.
    });
  return element;
}
