import type { AppContext } from '../app-context';
import { formatTime, viewerTimeZone } from '../i18n/format';
import { newClientId } from '../realtime/client-id';
import type { Question } from '../realtime/contract';
import { RealtimeError, type RealtimeClient } from '../realtime/realtime-client';
import type { LiveSessionStore } from '../state/live-session.store';
import { sortQuestions, type QuestionSort } from '../state/questions.store';
import { createStore } from '../state/store';
import { h, uid } from '../ui/dom';
import { KeyedList } from '../ui/keyed-list';
import { badge } from './common';
import { liveErrorMessage } from './live-errors';

const MAX_QUESTION = 500;

export function questionBadges(ctx: AppContext, question: Question, own: boolean): HTMLElement[] {
  const badges: HTMLElement[] = [];
  if (question.pinned) {
    badges.push(badge(ctx.t('qa.pinned'), 'pinned'));
  }
  if (question.status === 'answered') {
    badges.push(badge(ctx.t('qa.answered'), 'answered'));
  }
  if (question.status === 'pending') {
    badges.push(badge(ctx.t('qa.pending'), 'pending'));
  }
  if (question.status === 'dismissed') {
    badges.push(badge(ctx.t('qa.dismissed'), 'dismissed'));
  }
  if (own) {
    badges.push(badge(ctx.t('qa.yours'), 'mine'));
  }
  return badges;
}

/** The attendee's Q&A: ask (optionally anonymously), upvote, sort, and see their own pending question. */
export function qaPanel(ctx: AppContext, live: LiveSessionStore, client: RealtimeClient): HTMLElement {
  const userId = ctx.auth.user()?.id ?? null;
  const zone = viewerTimeZone();
  const headingId = uid('qa-heading');
  const sort = createStore<QuestionSort>('top');
  const listElement = h('ol', { class: 'question-list', attrs: { 'aria-labelledby': headingId } });
  const empty = h('p', { class: 'panel-note panel-body' }, ctx.t('qa.empty'));
  const isOwn = (question: Question) => userId !== null && question.author?.id === userId;

  function vote(question: Question, control: HTMLButtonElement): void {
    const voted = live.questions.voted.has(question.id);
    control.disabled = true;
    client
      .request(voted ? 'qa:unvote' : 'qa:upvote', { questionId: question.id })
      .then((answer) => {
        live.questions.setVoted(question.id, !voted);
        live.questions.setVotes([answer]);
      })
      .catch((error: unknown) => ctx.announce(liveErrorMessage(ctx, error)))
      .finally(() => {
        control.disabled = false;
      });
  }

  const list = new KeyedList<Question>(listElement, {
    key: (question) => question.id,
    signature: (question) =>
      `${question.seq}:${question.votes}:${question.status}:${question.pinned}:${live.questions.voted.has(question.id)}`,
    render: (question) => {
      const own = isOwn(question);
      const votable = question.status === 'visible' || question.status === 'answered';
      const voted = live.questions.voted.has(question.id);
      const voteControl = votable
        ? h(
            'button',
            {
              class: 'vote',
              attrs: { type: 'button', 'aria-pressed': String(voted), 'data-action': 'vote' },
            },
            h('span', { class: 'vote-arrow', attrs: { 'aria-hidden': 'true' } }, '▲'),
            h('span', { class: 'vote-count' }, String(question.votes)),
            h(
              'span',
              { class: 'visually-hidden' },
              ` ${voted ? ctx.t('qa.unvote') : ctx.t('qa.upvote')}: ${question.text}`,
            ),
          )
        : h(
            'span',
            { class: 'vote vote-static' },
            h('span', { class: 'vote-count' }, String(question.votes)),
            h('span', { class: 'visually-hidden' }, ctx.t('qa.votes', { count: question.votes })),
          );
      if (voteControl instanceof HTMLButtonElement) {
        voteControl.addEventListener('click', () => vote(question, voteControl));
      }
      const authorName =
        question.author && !question.anonymous ? question.author.name : ctx.t('qa.anonymousAuthor');
      return h(
        'li',
        {
          class: [
            'question',
            question.pinned ? 'is-pinned' : '',
            `is-${question.status}`,
            own ? 'is-mine' : '',
          ],
        },
        voteControl,
        h(
          'div',
          { class: 'question-body' },
          h('p', { class: 'question-text' }, question.text),
          h(
            'p',
            { class: 'question-meta' },
            h('span', { class: 'question-author' }, authorName),
            h(
              'time',
              { attrs: { datetime: question.createdAt } },
              formatTime(question.createdAt, ctx.locale, zone),
            ),
            ...questionBadges(ctx, question, own),
          ),
          own && question.anonymous ? h('p', { class: 'question-note' }, ctx.t('qa.anonymousHint')) : null,
          own && question.status === 'pending'
            ? h('p', { class: 'question-note' }, ctx.t('qa.pendingHint'))
            : null,
          own && question.status === 'dismissed' && question.dismissReason
            ? h(
                'p',
                { class: 'question-note' },
                ctx.t('qa.dismissedReason', { reason: question.dismissReason }),
              )
            : null,
        ),
      );
    },
  });

  // The ask form.
  const textId = uid('ask');
  const countId = uid('ask-count');
  const textarea = h('textarea', {
    id: textId,
    attrs: { name: 'text', maxlength: MAX_QUESTION, rows: 3, required: true, 'aria-describedby': countId },
  });
  const counter = h(
    'span',
    { id: countId, class: 'char-count' },
    ctx.t('qa.chars', { count: 0, max: MAX_QUESTION }),
  );
  textarea.addEventListener('input', () => {
    counter.textContent = ctx.t('qa.chars', { count: textarea.value.length, max: MAX_QUESTION });
  });
  const anonymousId = uid('anon');
  const anonymousHintId = uid('anon-hint');
  const anonymous = h('input', {
    id: anonymousId,
    attrs: { type: 'checkbox', name: 'anonymous', 'aria-describedby': anonymousHintId },
  });
  const error = h('p', { class: 'field-error', attrs: { role: 'alert' } });
  const submit = h(
    'button',
    { class: 'button button-primary', attrs: { type: 'submit' } },
    ctx.t('qa.submit'),
  );
  const moderatedNote = h('p', { class: 'panel-note' }, ctx.t('qa.moderated'));
  let pending: { key: string; clientId: string } | null = null;
  const form = h(
    'form',
    { class: 'ask-form' },
    h(
      'div',
      { class: 'field' },
      h('label', { attrs: { for: textId } }, ctx.t('qa.askLabel')),
      textarea,
      error,
    ),
    h(
      'div',
      { class: 'ask-row' },
      h(
        'div',
        { class: 'field field-check' },
        anonymous,
        h('label', { attrs: { for: anonymousId } }, ctx.t('qa.anonymous')),
        h('p', { id: anonymousHintId, class: 'field-hint' }, ctx.t('qa.anonymousHint')),
      ),
      h('div', { class: 'button-group' }, counter, submit),
    ),
    moderatedNote,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = textarea.value.trim();
    if (!text) {
      return;
    }
    const key = `${anonymous.checked}:${text}`;
    if (!pending || pending.key !== key) {
      pending = { key, clientId: newClientId() };
    }
    const attempt = pending;
    error.replaceChildren();
    submit.disabled = true;
    client
      .request('qa:ask', {
        sessionId: live.sessionId,
        text,
        anonymous: anonymous.checked,
        clientId: attempt.clientId,
      })
      .then(({ question }) => {
        live.questions.upsert(question);
        if (pending === attempt) {
          pending = null;
          textarea.value = '';
          counter.textContent = ctx.t('qa.chars', { count: 0, max: MAX_QUESTION });
        }
        if (question.status === 'pending') {
          ctx.announce(ctx.t('qa.pendingHint'));
        }
      })
      .catch((failure: unknown) => {
        error.replaceChildren(liveErrorMessage(ctx, failure));
        if (failure instanceof RealtimeError && failure.code !== 'TIMEOUT') {
          pending = null;
        }
      })
      .finally(() => {
        submit.disabled = false;
      });
  });

  // Sort switch.
  const sortButton = (value: QuestionSort, label: string) => {
    const control = h(
      'button',
      { attrs: { type: 'button', 'aria-pressed': String(sort.get() === value) } },
      label,
    );
    control.addEventListener('click', () => sort.set(value));
    sort.subscribe((current) => control.setAttribute('aria-pressed', String(current === value)));
    return control;
  };
  const sortGroup = h(
    'div',
    { class: 'sort-switch', attrs: { role: 'group', 'aria-label': ctx.t('qa.sort') } },
    sortButton('top', ctx.t('qa.sortTop')),
    sortButton('recent', ctx.t('qa.sortRecent')),
  );

  const closedNote = h('p', { class: 'panel-note panel-body' });
  const render = () => {
    const questions = live.questions.questions
      .get()
      .filter(
        (question) => question.status === 'visible' || question.status === 'answered' || isOwn(question),
      );
    list.update(sortQuestions(questions, sort.get()));
    empty.hidden = questions.length > 0;
  };
  const renderOpen = () => {
    const session = live.session.get();
    const qa = session?.qa;
    const open = qa ? qa.enabled && qa.open && session.liveStatus !== 'ended' : true;
    const muted = live.mutedUntil.get();
    form.hidden = !open;
    moderatedNote.hidden = !qa?.moderated;
    const isMuted = muted !== null && Date.parse(muted) > Date.now();
    submit.disabled = isMuted;
    textarea.disabled = isMuted;
    closedNote.textContent = !open
      ? qa && !qa.enabled
        ? ctx.t('qa.disabled')
        : ctx.t('qa.closed')
      : isMuted
        ? ctx.t('chat.muted')
        : '';
    closedNote.hidden = !closedNote.textContent;
  };
  const unsubscribes = [
    live.questions.questions.subscribe(render),
    sort.subscribe(render),
    live.session.subscribe(renderOpen),
    live.mutedUntil.subscribe(renderOpen),
  ];
  ctx.onDispose(() => unsubscribes.forEach((unsubscribe) => unsubscribe()));
  render();
  renderOpen();

  return h(
    'section',
    { class: 'panel qa-panel', attrs: { 'aria-labelledby': headingId } },
    h('div', { class: 'panel-head' }, h('h2', { id: headingId }, ctx.t('qa.title')), sortGroup),
    form,
    closedNote,
    empty,
    listElement,
  );
}
