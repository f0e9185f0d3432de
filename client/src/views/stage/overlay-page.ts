import { ApiError, HttpClient } from '../../api/http-client';
import { PlenaryApi } from '../../api/plenary-api';
import type { OverlayPoll, OverlayState } from '../../api/types';
import { initialLocale, loadTranslator, type Translate } from '../../i18n/i18n';
import { h } from '../../ui/dom';
import { pollResultsView } from '../polls/poll-results';

/**
 * Polled rather than pushed: the overlay has no account (the live namespace needs one), a poll reaches every
 * node's data without Redis, and a room has one or two overlays, not thousands of viewers.
 */
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

/** One part of the overlay, redrawn only when what it shows changed (no flicker in the video mix). */
function part<T>(className: string, draw: (value: T) => HTMLElement | null) {
  const element = h('div', { class: className });
  let shown: string | undefined;
  return {
    element,
    update(value: T): void {
      const signature = JSON.stringify(value);
      if (signature !== shown) {
        shown = signature;
        const drawn = draw(value);
        element.replaceChildren(...(drawn ? [drawn] : []));
      }
    },
    reset(): void {
      shown = undefined;
      element.replaceChildren();
    },
  };
}

function questionCard(t: Translate, question: OverlayState['pinnedQuestion']): HTMLElement | null {
  return question
    ? h(
        'figure',
        { class: 'overlay-question', attrs: { 'data-question-id': question.id } },
        h('blockquote', null, question.text),
        h('figcaption', { class: 'overlay-question-author' }, question.authorName ?? t('stage.anonymous')),
      )
    : null;
}

/** The poll with the results the whole audience may see; while they are hidden, a call to vote. */
function pollCard(t: Translate, poll: OverlayPoll | null): HTMLElement | null {
  if (!poll) {
    return null;
  }
  const note =
    poll.status === 'closed'
      ? t('stage.overlayFinalResults')
      : poll.results
        ? t('stage.overlayVoteNow')
        : [
            t('stage.overlayVoteNow'),
            poll.showResults === 'moderators' ? '' : t('stage.overlayResultsAtClose'),
          ]
            .filter(Boolean)
            .join(' · ');
  return h(
    'section',
    { class: 'overlay-poll', attrs: { 'data-poll-id': poll.id, 'data-poll-status': poll.status } },
    h('h2', { class: 'overlay-poll-question' }, poll.question),
    h('p', { class: 'overlay-poll-note' }, note),
    poll.results ? pollResultsView({ t }, poll, poll.results) : null,
  );
}

/** The endorsement counter of each declaration open for endorsement (issue 17's launch ceremony). */
function declarationsCard(t: Translate, declarations: OverlayState['declarations']): HTMLElement | null {
  return declarations.length === 0
    ? null
    : h(
        'ul',
        { class: 'overlay-declarations' },
        declarations.map((declaration) =>
          h(
            'li',
            { attrs: { 'data-declaration-id': declaration.id } },
            h('span', { class: 'overlay-declaration-title' }, declaration.title),
            h(
              'strong',
              { class: 'overlay-declaration-count' },
              t('stage.overlayEndorsements', { count: declaration.endorsements }),
            ),
          ),
        ),
      );
}

/**
 * The production overlay (`/events/:slug/rooms/:id/overlay?key=…`): a transparent page for an OBS or vMix
 * browser source. It shows the pinned question and the poll of whatever session is live in the room and the
 * endorsement counter of the event's open declarations, and keeps trying by itself when the connection
 * drops. A wrong or old key shows nothing but a notice saying so.
 */
export async function startOverlay(doc: Document, slug: string, roomId: string, key: string): Promise<void> {
  const locale = initialLocale(storage(), navigator.languages ?? [navigator.language]);
  const t = await loadTranslator(locale);
  doc.documentElement.classList.add('overlay-page');
  doc.documentElement.lang = locale;
  doc.title = t('stage.overlay');
  const api = new PlenaryApi(new HttpClient({ getToken: () => null }));
  const declarations = part('overlay-slot-top', (value: OverlayState['declarations']) =>
    declarationsCard(t, value),
  );
  const poll = part('overlay-slot-side', (value: OverlayPoll | null) => pollCard(t, value));
  const question = part('overlay-slot-bottom', (value: OverlayState['pinnedQuestion']) =>
    questionCard(t, value),
  );
  const parts = [declarations, poll, question];
  const notice = h('div', { class: 'overlay-slot-bottom' });
  const root = h('div', { class: 'overlay', attrs: { role: 'status', 'aria-live': 'polite' } });
  root.replaceChildren(...parts.map((one) => one.element));
  const main = doc.getElementById('main') ?? doc.body;
  main.replaceChildren(root);
  main.removeAttribute('aria-busy');

  let failures = 0;
  const refresh = async () => {
    try {
      const state = await api.overlay(slug, roomId, key);
      if (notice.isConnected) {
        root.replaceChildren(...parts.map((one) => one.element));
      }
      declarations.update(state.declarations ?? []);
      poll.update(state.poll ?? null);
      question.update(state.pinnedQuestion);
      failures = 0;
      doc.documentElement.dataset['connection'] = 'online';
    } catch (error) {
      if (error instanceof ApiError && (error.status === 403 || error.status === 400)) {
        parts.forEach((one) => one.reset());
        notice.replaceChildren(h('p', { class: 'overlay-notice' }, t('stage.overlayWrongKey')));
        root.replaceChildren(notice);
        doc.documentElement.dataset['connection'] = 'refused';
        // The key may be fixed by the organizer in the meantime (same URL after a rollback): look again slowly.
        setTimeout(() => void refresh(), MAX_RETRY_MS);
        return;
      }
      failures += 1;
      doc.documentElement.dataset['connection'] = 'offline';
    }
    setTimeout(
      () => void refresh(),
      failures === 0 ? POLL_MS : Math.min(MAX_RETRY_MS, POLL_MS * 2 ** failures),
    );
  };
  void refresh();
}
