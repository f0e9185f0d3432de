import type { ModerateAction, Question } from '../../realtime/contract';
import { formatTime } from '../../i18n/format';
import { h, uid } from '../../ui/dom';
import { button } from '../common';
import { questionBadges } from '../qa-panel';
import type { ConsoleDeps } from './console-deps';

/** What one queue lends each of its questions: the open dismiss drafts and how to act and re-render. */
export interface QuestionQueueHooks {
  /** Question id → the dismiss reason being typed; a question with an entry shows the dismiss form. */
  drafts: Map<string, string>;
  moderate: (question: Question, action: ModerateAction, control: HTMLButtonElement, reason?: string) => void;
  rerender: () => void;
  zone: string;
}

/** One question with the moderator's actions for it (approve, dismiss with reason, answer, pin, reopen). */
export function moderatedQuestion(
  deps: ConsoleDeps,
  question: Question,
  { drafts, moderate, rerender, zone }: QuestionQueueHooks,
): HTMLElement {
  const { ctx } = deps;
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
    if (drafts.has(question.id)) {
      const reasonId = uid('reason');
      const reason = h('input', {
        id: reasonId,
        attrs: { type: 'text', maxlength: 300, 'data-action': 'dismiss-reason' },
      });
      reason.value = drafts.get(question.id) ?? '';
      reason.addEventListener('input', () => drafts.set(question.id, reason.value));
      const confirm: HTMLButtonElement = button(
        ctx.t('mod.confirmDismiss'),
        () => moderate(question, 'dismiss', confirm, reason.value.trim() || undefined),
        'danger',
        { 'data-action': 'dismiss-confirm' },
      );
      const cancel = button(
        ctx.t('mod.cancel'),
        () => {
          drafts.delete(question.id);
          rerender();
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
        if (reason.isConnected && document.activeElement?.getAttribute('data-action') !== 'dismiss-reason') {
          reason.focus();
        }
      });
    } else {
      const open = button(
        ctx.t('mod.dismiss'),
        () => {
          drafts.set(question.id, '');
          rerender();
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
        ? h('p', { class: 'question-note' }, ctx.t('qa.dismissedReason', { reason: question.dismissReason }))
        : null,
      h('div', { class: 'mod-actions' }, actions),
      dismissForm,
    ),
  );
}
