import { viewerTimeZone } from '../../i18n/format';
import type { ModerateAction, Question } from '../../realtime/contract';
import { sortQuestions } from '../../state/questions.store';
import { h, uid } from '../../ui/dom';
import { KeyedList } from '../../ui/keyed-list';
import { withBusy } from '../common';
import { liveErrorMessage } from '../live-errors';
import type { ConsoleDeps } from './console-deps';
import { moderatedQuestion } from './moderated-question';

/** One list of questions with the moderator's actions for each (approve, dismiss with reason, answer, pin). */
export function questionQueue(
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

  const render = (question: Question): HTMLElement =>
    moderatedQuestion(deps, question, {
      drafts: dismissDrafts,
      moderate,
      rerender: () => list.update(current()),
      zone,
    });

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
