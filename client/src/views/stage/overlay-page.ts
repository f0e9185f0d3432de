import { ApiError, HttpClient } from '../../api/http-client';
import { PlenaryApi } from '../../api/plenary-api';
import type { OverlayState } from '../../api/types';
import { initialLocale, loadTranslator } from '../../i18n/i18n';
import { h } from '../../ui/dom';

/** Polled rather than pushed: the overlay has no account, and the live namespace needs one. */
const POLL_MS = 2000;
/** After a failure (network down, server restarting) the next try waits longer, up to this. */
const MAX_RETRY_MS = 15_000;

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/**
 * The production overlay (`/events/:slug/rooms/:id/overlay?key=…`): a transparent page for an OBS or vMix
 * browser source. It shows the pinned question of whatever session is live in the room, and keeps trying
 * by itself when the connection drops. A wrong or old key shows nothing but a notice saying so.
 */
export async function startOverlay(doc: Document, slug: string, roomId: string, key: string): Promise<void> {
  const locale = initialLocale(storage(), navigator.languages ?? [navigator.language]);
  const t = await loadTranslator(locale);
  doc.documentElement.classList.add('overlay-page');
  doc.documentElement.lang = locale;
  doc.title = t('stage.overlay');
  const api = new PlenaryApi(new HttpClient({ getToken: () => null }));
  const root = h('div', { class: 'overlay', attrs: { role: 'status', 'aria-live': 'polite' } });
  const main = doc.getElementById('main') ?? doc.body;
  main.replaceChildren(root);
  main.removeAttribute('aria-busy');

  let shown = '';
  const render = (state: OverlayState) => {
    const question = state.pinnedQuestion;
    const signature = JSON.stringify(question);
    if (signature === shown) {
      return;
    }
    shown = signature;
    root.replaceChildren(
      question
        ? h(
            'figure',
            { class: 'overlay-question', attrs: { 'data-question-id': question.id } },
            h('blockquote', null, question.text),
            h(
              'figcaption',
              { class: 'overlay-question-author' },
              question.authorName ?? t('stage.anonymous'),
            ),
          )
        : '',
      // Polls (the open poll's results) and declarations (the endorsement counter) add their parts here.
    );
  };

  let failures = 0;
  const poll = async () => {
    try {
      render(await api.overlay(slug, roomId, key));
      failures = 0;
      doc.documentElement.dataset['connection'] = 'online';
    } catch (error) {
      if (error instanceof ApiError && (error.status === 403 || error.status === 400)) {
        shown = '';
        root.replaceChildren(h('p', { class: 'overlay-notice' }, t('stage.overlayWrongKey')));
        doc.documentElement.dataset['connection'] = 'refused';
        // The key may be fixed by the organizer in the meantime (same URL after a rollback): look again slowly.
        setTimeout(() => void poll(), MAX_RETRY_MS);
        return;
      }
      failures += 1;
      doc.documentElement.dataset['connection'] = 'offline';
    }
    setTimeout(() => void poll(), failures === 0 ? POLL_MS : Math.min(MAX_RETRY_MS, POLL_MS * 2 ** failures));
  };
  void poll();
}
