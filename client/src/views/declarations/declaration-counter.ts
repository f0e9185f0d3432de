import { DeclarationsApi, type Declaration } from '../../api/declarations-api';
import type { AppContext } from '../../app-context';
import type { RealtimeClient } from '../../realtime/realtime-client';
import { h } from '../../ui/dom';

/**
 * The launch-ceremony counter on the session page: one line per open declaration of the event, kept live by
 * `declaration:endorsed`. Nothing is shown while the event has no open declaration.
 */
export function declarationCounter(ctx: AppContext, slug: string, client: RealtimeClient): HTMLElement {
  const api = new DeclarationsApi(ctx.http);
  const element = h('section', {
    class: 'declaration-counter',
    attrs: { 'aria-label': ctx.t('decl.counterLabel') },
  });
  element.hidden = true;
  const counts = new Map<string, HTMLElement>();
  const line = (declaration: Declaration): HTMLElement => {
    const value = h('strong', { class: 'counter-value' }, String(declaration.endorsements));
    counts.set(declaration.id, value);
    return h(
      'p',
      { class: 'counter-line' },
      h(
        'a',
        {
          attrs: {
            href: `/events/${encodeURIComponent(slug)}/declarations/${encodeURIComponent(declaration.id)}`,
          },
        },
        declaration.title,
      ),
      ': ',
      value,
      ` ${ctx.t('decl.counterUnit')}`,
    );
  };
  const latest = h('p', { class: 'muted', attrs: { role: 'status', 'aria-live': 'polite' } });
  api
    .list(slug)
    .then((declarations) => {
      const open = declarations.filter((declaration) => declaration.status === 'open');
      if (open.length > 0) {
        element.replaceChildren(
          h('h2', { class: 'small-title' }, ctx.t('decl.counterTitle')),
          ...open.map(line),
          latest,
        );
        element.hidden = false;
      }
    })
    .catch(() => {
      // The counter is an extra; the session works without it.
    });
  ctx.onDispose(
    client.on('declaration:endorsed', ({ declarationId, endorsements, organization }) => {
      const value = counts.get(declarationId);
      if (value) {
        value.textContent = String(endorsements);
        latest.textContent = ctx.t('decl.justEndorsed', { name: organization.name, n: endorsements });
      }
    }),
  );
  return element;
}
