import { emptyIndex, normalizeSession } from '../api/normalize';
import type { AppContext, View } from '../app-context';
import { formatTime, viewerTimeZone } from '../i18n/format';
import type { ChatMessageView, ModerateAction, Question } from '../realtime/contract';
import type { RealtimeClient } from '../realtime/realtime-client';
import type { LiveSessionStore } from '../state/live-session.store';
import { sortQuestions } from '../state/questions.store';
import { downloadText, h, uid } from '../ui/dom';
import { KeyedList } from '../ui/keyed-list';
import { chatPanel } from './chat-panel';
import { alertBox, button, errorMessage, errorView, messageSlot, pageHeader, withBusy } from './common';
import { connectionIndicator, openLiveSession } from './live-connection';
import { liveErrorMessage } from './live-errors';
import { questionBadges } from './qa-panel';
import { consoleTabs } from './polls/console-tabs';
import { sessionStatusBadge } from './session-view';

const MUTE_MINUTES = [5, 15, 60, 1440];

interface ConsoleDeps {
  ctx: AppContext;
  live: LiveSessionStore;
  client: RealtimeClient;
  report: (kind: 'error' | 'success', text: string) => void;
}

/** One list of questions with the moderator's actions for each (approve, dismiss with reason, answer, pin). */
function questionQueue(
  deps: ConsoleDeps,
  options: { title: string; emptyText: string; filter: (q: Question) => boolean; sort: 'top' | 'recent' },
): HTMLElement {
  const { ctx, live, client, report } = deps;
  const zone = viewerTimeZone();
  const headingId = uid('queue');
  const listElement = h('ol', { class: 'question-list', attrs: { 'aria-labelledby': headingId } });
  const empty = h('p', { class: 'panel-note panel-body' }, options.emptyText);
  const countBadge = h('span', { class: 'badge' }, '0');
  const dismissDrafts = new Map<string, string>();

  const moderate = (
    question: Question,
    action: ModerateAction,
    control: HTMLButtonElement,
    reason?: string,
  ) => {
    void withBusy(control, async () => {
      try {
        const { question: updated } = await client.request('qa:moderate', {
          questionId: question.id,
          action,
          ...(reason ? { reason } : {}),
        });
        dismissDrafts.delete(question.id);
        live.questions.upsert(updated);
      } catch (error) {
        report('error', liveErrorMessage(ctx, error));
      }
    });
  };

  const actionButton = (
    question: Question,
    action: ModerateAction,
    label: string,
    variant: 'primary' | 'secondary' | 'danger' = 'secondary',
  ) => {
    const control: HTMLButtonElement = button(label, () => moderate(question, action, control), variant, {
      'data-action': action,
    });
    control.classList.add('button-small');
    return control;
  };

  const render = (question: Question): HTMLElement => {
    const actions: HTMLElement[] = [];
    if (question.status === 'pending') {
      actions.push(actionButton(question, 'approve', ctx.t('mod.approve'), 'primary'));
    }
    if (question.status === 'pending' || question.status === 'visible') {
      actions.push(actionButton(question, 'answer', ctx.t('mod.answer')));
    }
    if (question.status !== 'dismissed') {
      actions.push(
        question.pinned
          ? actionButton(question, 'unpin', ctx.t('mod.unpin'))
          : actionButton(question, 'pin', ctx.t('mod.pin')),
      );
    }
    if (question.status === 'answered' || question.status === 'dismissed') {
      actions.push(actionButton(question, 'reopen', ctx.t('mod.reopen')));
    }
    let dismissForm: HTMLElement | null = null;
    if (question.status === 'pending' || question.status === 'visible') {
      if (dismissDrafts.has(question.id)) {
        const reasonId = uid('reason');
        const reason = h('input', {
          id: reasonId,
          attrs: { type: 'text', maxlength: 300, 'data-action': 'dismiss-reason' },
        });
        reason.value = dismissDrafts.get(question.id) ?? '';
        reason.addEventListener('input', () => dismissDrafts.set(question.id, reason.value));
        const confirm: HTMLButtonElement = button(
          ctx.t('mod.confirmDismiss'),
          () => moderate(question, 'dismiss', confirm, reason.value.trim() || undefined),
          'danger',
          { 'data-action': 'dismiss-confirm' },
        );
        const cancel = button(
          ctx.t('mod.cancel'),
          () => {
            dismissDrafts.delete(question.id);
            list.update(current());
          },
          'ghost',
          { 'data-action': 'dismiss' },
        );
        dismissForm = h(
          'div',
          { class: 'dismiss-form' },
          h(
            'div',
            { class: 'field' },
            h('label', { attrs: { for: reasonId } }, ctx.t('mod.dismissReason')),
            reason,
          ),
          h('div', { class: 'button-group' }, confirm, cancel),
        );
        queueMicrotask(() => {
          if (
            reason.isConnected &&
            document.activeElement?.getAttribute('data-action') !== 'dismiss-reason'
          ) {
            reason.focus();
          }
        });
      } else {
        const open = button(
          ctx.t('mod.dismiss'),
          () => {
            dismissDrafts.set(question.id, '');
            list.update(current());
          },
          'danger',
          { 'data-action': 'dismiss' },
        );
        open.classList.add('button-small');
        actions.push(open);
      }
    }
    const author = question.author
      ? ctx.t('mod.author', { name: question.author.name })
      : ctx.t('qa.anonymousAuthor');
    return h(
      'li',
      { class: ['question', `is-${question.status}`, question.pinned ? 'is-pinned' : ''] },
      h(
        'span',
        { class: 'vote vote-static' },
        h('span', { class: 'vote-count' }, String(question.votes)),
        h('span', { class: 'visually-hidden' }, ctx.t('qa.votes', { count: question.votes })),
      ),
      h(
        'div',
        { class: 'question-body' },
        h('p', { class: 'question-text' }, question.text),
        h(
          'p',
          { class: 'question-meta' },
          h('span', null, author),
          question.anonymous ? h('span', null, `(${ctx.t('mod.anonymousTo')})`) : null,
          h(
            'time',
            { attrs: { datetime: question.createdAt } },
            formatTime(question.createdAt, ctx.locale, zone),
          ),
          ...questionBadges(ctx, question, false),
        ),
        question.status === 'dismissed' && question.dismissReason
          ? h(
              'p',
              { class: 'question-note' },
              ctx.t('qa.dismissedReason', { reason: question.dismissReason }),
            )
          : null,
        h('div', { class: 'mod-actions' }, actions),
        dismissForm,
      ),
    );
  };

  const current = () => sortQuestions(live.questions.questions.get().filter(options.filter), options.sort);
  const list = new KeyedList<Question>(listElement, {
    key: (question) => question.id,
    signature: (question) =>
      `${question.seq}:${question.votes}:${question.status}:${question.pinned}:${dismissDrafts.has(question.id)}`,
    render,
  });
  const update = () => {
    const items = current();
    list.update(items);
    empty.hidden = items.length > 0;
    countBadge.textContent = String(items.length);
  };
  ctx.onDispose(live.questions.questions.subscribe(update));
  update();
  return h(
    'section',
    { class: 'panel', attrs: { 'aria-labelledby': headingId } },
    h('div', { class: 'panel-head' }, h('h2', { id: headingId }, options.title, ' ', countBadge)),
    empty,
    listElement,
  );
}

function chatModeration(deps: ConsoleDeps, eventSlug: string) {
  const { ctx, live, client, report } = deps;
  return {
    actions(message: ChatMessageView): HTMLElement | null {
      const author = message.author;
      const del: HTMLButtonElement = button(
        ctx.t('mod.delete'),
        () => {
          void withBusy(del, async () => {
            try {
              await client.request('chat:delete', { messageId: message.id });
              live.chat.markDeleted(message.id, message.seq);
            } catch (error) {
              report('error', liveErrorMessage(ctx, error));
            }
          });
        },
        'danger',
        { 'data-action': 'delete', 'aria-label': `${ctx.t('mod.delete')}: ${message.text ?? ''}` },
      );
      del.classList.add('button-small');
      if (!author || author.id === ctx.auth.user()?.id) {
        return h('div', { class: 'mod-actions' }, del);
      }
      const selectId = uid('mute');
      const minutes = h(
        'select',
        { id: selectId, attrs: { 'data-action': 'mute-minutes' } },
        MUTE_MINUTES.map((count) =>
          h('option', { attrs: { value: String(count) } }, ctx.t('mod.minutes', { count })),
        ),
      );
      const mute: HTMLButtonElement = button(
        ctx.t('mod.mute'),
        () => {
          const count = Number(minutes.value);
          void withBusy(mute, async () => {
            try {
              await client.request('moderation:mute', {
                sessionId: live.sessionId,
                userId: author.id,
                minutes: count,
              });
              report('success', ctx.t('mod.muted', { name: author.name, count }));
            } catch (error) {
              report('error', liveErrorMessage(ctx, error));
            }
          });
        },
        'secondary',
        { 'data-action': 'mute' },
      );
      mute.classList.add('button-small');
      const ban: HTMLButtonElement = button(
        ctx.t('mod.ban'),
        () => {
          if (!window.confirm(ctx.t('mod.banConfirm', { name: author.name }))) {
            return;
          }
          void withBusy(ban, async () => {
            try {
              await client.request('moderation:ban', { eventSlug, userId: author.id });
              report('success', ctx.t('mod.banned', { name: author.name }));
            } catch (error) {
              report('error', liveErrorMessage(ctx, error));
            }
          });
        },
        'danger',
        { 'data-action': 'ban' },
      );
      ban.classList.add('button-small');
      return h(
        'div',
        { class: 'mod-actions' },
        del,
        h(
          'span',
          { class: 'mute-form' },
          h(
            'label',
            { class: 'visually-hidden', attrs: { for: selectId } },
            ctx.t('mod.muteFor', { name: author.name }),
          ),
          minutes,
          mute,
        ),
        ban,
      );
    },
  };
}

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
        const setStatus = (
          status: 'live' | 'ended',
          qaOpen: boolean | undefined,
          control: HTMLButtonElement,
        ) =>
          void withBusy(control, async () => {
            try {
              const { session: updated } = await client.request('session:set-status', {
                sessionId,
                status,
                ...(qaOpen === undefined ? {} : { qaOpen }),
              });
              live.session.set(updated);
            } catch (error) {
              report('error', liveErrorMessage(ctx, error));
            }
          });
        const renderControls = () => {
          const current = live.session.get();
          const isLive = current?.liveStatus === 'live';
          const qaOpen = current?.qa.open ?? true;
          statusSlot.replaceChildren(
            current
              ? (sessionStatusBadge(ctx, {
                  cancelled: current.status === 'cancelled',
                  liveStatus: current.liveStatus,
                }) ?? '')
              : '',
          );
          const markLive: HTMLButtonElement = button(
            ctx.t('mod.markLive'),
            () => setStatus('live', undefined, markLive),
            'primary',
            { disabled: isLive },
          );
          const markEnded: HTMLButtonElement = button(
            ctx.t('mod.markEnded'),
            () => setStatus('ended', undefined, markEnded),
            'secondary',
            { disabled: current?.liveStatus === 'ended' },
          );
          const toggleQa: HTMLButtonElement = button(
            qaOpen ? ctx.t('mod.closeQa') : ctx.t('mod.openQa'),
            () => setStatus(current?.liveStatus === 'ended' ? 'ended' : 'live', !qaOpen, toggleQa),
            'secondary',
          );
          const exportQa: HTMLButtonElement = button(
            ctx.t('mod.export'),
            () => {
              void withBusy(exportQa, async () => {
                try {
                  downloadText(
                    `questions-${slug}-${sessionId.slice(0, 8)}.csv`,
                    await ctx.api.questionsCsv(slug, sessionId),
                  );
                } catch (error) {
                  report('error', errorMessage(ctx, error));
                }
              });
            },
            'ghost',
          );
          controls.replaceChildren(markLive, markEnded, toggleQa, exportQa);
        };
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
