import { emptyIndex, normalizeSession } from '../api/normalize';
import type { View } from '../app-context';
import { h } from '../ui/dom';
import { chatPanel } from './chat-panel';
import { alertBox, errorView, messageSlot, pageHeader } from './common';
import { connectionIndicator, openLiveSession } from './live-connection';
import { liveErrorMessage } from './live-errors';
import { chatModeration } from './moderator/chat-moderation';
import type { ConsoleDeps } from './moderator/console-deps';
import { questionQueue } from './moderator/question-queue';
import { renderSessionControls } from './moderator/session-controls';
import { consoleTabs } from './polls/console-tabs';
import { sessionStatusBadge } from './session-view';

/** The moderator's console for one session. */
export const moderatorView: View = async (ctx, params) => {
  const slug = params['slug'] ?? '';
  const sessionId = params['id'] ?? '';
  if (!ctx.auth.user()) {
    ctx.navigate(`/login?next=${encodeURIComponent(location.pathname)}`, { replace: true });
    return { title: ctx.t('mod.title'), element: h('p', null, ctx.t('app.loading')) };
  }
  try {
    const [event, raw] = await Promise.all([ctx.api.event(slug), ctx.api.session(slug, sessionId)]);
    const session = normalizeSession(raw, emptyIndex());
    const sessionHref = `/events/${encodeURIComponent(slug)}/sessions/${encodeURIComponent(sessionId)}`;
    if (event.role !== 'moderator' && event.role !== 'organizer') {
      return {
        title: ctx.t('mod.title'),
        element: h(
          'section',
          { class: 'page narrow' },
          pageHeader(ctx.t('mod.title')),
          alertBox('error', ctx.t('mod.forbidden')),
          h('a', { attrs: { href: sessionHref } }, ctx.t('mod.openRoom')),
        ),
      };
    }
    const slot = messageSlot();
    const report = (kind: 'error' | 'success', text: string) => {
      slot.show(kind, text);
      ctx.announce(text);
    };
    const body = h('div', { class: 'console-body' }, h('p', { class: 'muted' }, ctx.t('conn.connecting')));
    const statusSlot = h('span', { class: 'status-slot' }, sessionStatusBadge(ctx, session));
    const controls = h('div', { class: 'button-group' });
    const stats = h('div', { class: 'console-stats' });

    openLiveSession(ctx, sessionId)
      .then(({ client, live }) => {
        const deps: ConsoleDeps = { ctx, live, client, report };
        const renderControls = () => renderSessionControls(deps, { slug, sessionId, statusSlot, controls });
        const presence = h('span', { class: 'stat-value' }, String(live.presence.get()));
        stats.replaceChildren(
          h(
            'div',
            { class: 'stat', attrs: { role: 'status' } },
            presence,
            h('span', { class: 'stat-label' }, ctx.t('mod.attendees')),
          ),
          h('div', { class: 'stat' }, connectionIndicator(ctx, client)),
        );
        ctx.onDispose(live.presence.subscribe((count) => (presence.textContent = String(count))));
        ctx.onDispose(live.session.subscribe(renderControls));
        renderControls();
        const roomGrid = h(
          'div',
          { class: 'console-grid' },
          questionQueue(deps, {
            title: ctx.t('mod.pending'),
            emptyText: ctx.t('mod.noPending'),
            filter: (q) => q.status === 'pending',
            sort: 'recent',
          }),
          h(
            'div',
            { class: 'live-area' },
            questionQueue(deps, {
              title: ctx.t('mod.visible'),
              emptyText: ctx.t('mod.noVisible'),
              filter: (q) => q.status === 'visible',
              sort: 'top',
            }),
            questionQueue(deps, {
              title: ctx.t('mod.closedQuestions'),
              emptyText: ctx.t('org.empty'),
              filter: (q) => q.status === 'answered' || q.status === 'dismissed',
              sort: 'recent',
            }),
          ),
          chatPanel(ctx, live, client, chatModeration(deps, slug)),
        );
        body.replaceChildren(
          consoleTabs(ctx, [
            { label: 'mod.tabRoom', render: () => roomGrid },
            {
              label: 'mod.tabPolls',
              // Loaded when first opened (its own chunk).
              render: () =>
                import('./polls/moderator-polls').then(({ moderatorPolls }) =>
                  moderatorPolls(ctx, slug, sessionId, live, client),
                ),
            },
          ]),
        );
      })
      .catch((error: unknown) => body.replaceChildren(alertBox('error', liveErrorMessage(ctx, error))));

    return {
      title: `${ctx.t('mod.title')} · ${session.title}`,
      element: h(
        'section',
        { class: 'page moderator-page' },
        h(
          'p',
          { class: 'breadcrumb' },
          h('a', { attrs: { href: sessionHref } }, `← ${ctx.t('mod.openRoom')}`),
        ),
        h(
          'header',
          { class: 'console-header' },
          h(
            'div',
            null,
            h('h1', { attrs: { tabindex: '-1' } }, ctx.t('mod.title')),
            h('p', { class: 'lead' }, session.title, ' ', statusSlot),
            controls,
          ),
          stats,
        ),
        slot.element,
        body,
      ),
    };
  } catch (error) {
    return errorView(ctx, error);
  }
};
