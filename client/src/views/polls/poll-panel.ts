import type { AppContext } from '../../app-context';
import { newClientId } from '../../realtime/client-id';
import type { RealtimeClient } from '../../realtime/realtime-client';
import type { PollState } from '../../state/polls.store';
import type { LiveSessionStore } from '../../state/live-session.store';
import { h, uid } from '../../ui/dom';
import { alertBox, badge } from '../common';
import { liveErrorMessage } from '../live-errors';
import { hiddenResultsNote, pollResultsView } from './poll-results';

/** The ballot form of the open poll: radios, checkboxes, a rating or a text answer; resubmitting changes the vote. */
function ballotForm(
  ctx: AppContext,
  client: RealtimeClient,
  live: LiveSessionStore,
  state: PollState,
): HTMLElement {
  const { poll, vote } = state;
  const status = h('p', { class: 'poll-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const legendId = uid('poll-legend');
  const name = uid('poll-choice');
  const fields: HTMLElement[] = [];
  const choiceInputs: HTMLInputElement[] = [];
  let textInput: HTMLInputElement | null = null;
  const choice = (value: number, label: string, type: 'radio' | 'checkbox', checked: boolean) => {
    const id = uid('poll-option');
    const input = h('input', { id, attrs: { type, name, value: String(value), checked } });
    choiceInputs.push(input);
    return h('li', { class: 'poll-option' }, input, h('label', { attrs: { for: id } }, label));
  };
  let hint = '';
  if (poll.kind === 'single' || poll.kind === 'multiple') {
    const type = poll.kind === 'single' ? 'radio' : 'checkbox';
    hint =
      poll.kind === 'single'
        ? ctx.t('poll.chooseOne')
        : ctx.t('poll.chooseUpTo', { count: poll.maxChoices ?? 1 });
    fields.push(
      h(
        'ul',
        { class: 'poll-options' },
        (poll.options ?? []).map((text, index) =>
          choice(index, text, type, vote?.choices?.includes(index) ?? false),
        ),
      ),
    );
  } else if (poll.kind === 'rating') {
    const scale = poll.scale ?? 5;
    hint = ctx.t('poll.rateFrom', { scale });
    fields.push(
      h(
        'ul',
        { class: 'poll-options poll-rating' },
        Array.from({ length: scale }, (_, index) =>
          choice(
            index + 1,
            ctx.t('poll.ratingValue', { value: index + 1, scale }),
            'radio',
            vote?.rating === index + 1,
          ),
        ),
      ),
    );
  } else {
    const id = uid('poll-text');
    textInput = h('input', {
      id,
      attrs: { type: 'text', maxlength: 200, required: true, value: vote?.text ?? '', autocomplete: 'off' },
    });
    fields.push(h('label', { attrs: { for: id } }, ctx.t('poll.yourAnswer')), textInput);
  }
  const submit = h(
    'button',
    { class: 'button button-primary', attrs: { type: 'submit' } },
    vote ? ctx.t('poll.changeVote') : ctx.t('poll.vote'),
  );
  const form = h(
    'form',
    { class: 'poll-form' },
    h(
      'fieldset',
      { attrs: { 'aria-describedby': `${legendId}-hint` } },
      h('legend', { id: legendId, class: 'poll-question' }, poll.question),
      h('p', { id: `${legendId}-hint`, class: 'muted' }, hint),
      fields,
    ),
    h('div', { class: 'form-actions' }, submit),
    status,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = choiceInputs.filter((input) => input.checked).map((input) => Number(input.value));
    let ballot: { choices?: number[]; rating?: number; text?: string };
    if (poll.kind === 'text') {
      ballot = { text: textInput?.value.trim() ?? '' };
    } else if (chosen.length === 0) {
      status.replaceChildren(alertBox('error', ctx.t('poll.nothingChosen')));
      return;
    } else if (poll.kind === 'rating') {
      ballot = { rating: chosen[0] };
    } else if (poll.kind === 'multiple' && chosen.length > (poll.maxChoices ?? chosen.length)) {
      status.replaceChildren(alertBox('error', ctx.t('poll.tooMany', { count: poll.maxChoices ?? 1 })));
      return;
    } else {
      ballot = { choices: chosen };
    }
    submit.disabled = true;
    client
      .request('poll:vote', { pollId: poll.id, clientId: newClientId(), ...ballot })
      .then(({ vote: saved }) => {
        live.polls.setVote(poll.id, saved);
        status.replaceChildren(ctx.t('poll.voted'));
      })
      .catch((error: unknown) => status.replaceChildren(alertBox('error', liveErrorMessage(ctx, error))))
      .finally(() => (submit.disabled = false));
  });
  return form;
}

function pollCard(
  ctx: AppContext,
  client: RealtimeClient,
  live: LiveSessionStore,
  state: PollState,
): HTMLElement {
  const { poll } = state;
  const open = poll.status === 'open';
  return h(
    'div',
    { class: ['poll-card', open && 'poll-card-open'] },
    open
      ? ballotForm(ctx, client, live, state)
      : h('p', { class: 'poll-question' }, poll.question, ' ', badge(ctx.t('poll.closed'), 'ended')),
    h('div', { class: 'poll-results-slot' }, resultsOf(ctx, state)),
  );
}

function resultsOf(ctx: AppContext, state: PollState): HTMLElement | null {
  return state.results
    ? pollResultsView(ctx, state.poll, state.results, state.vote?.choices ?? [])
    : hiddenResultsNote(ctx, state.poll, state.vote !== null);
}

/** Keys of what a poll card shows: it is rebuilt only when they change (typing in a form survives tallies). */
const formKey = (state: PollState): string =>
  `${state.poll.id}|${state.poll.status}|${state.vote?.updatedAt ?? ''}`;

/**
 * The attendee's polls: the open poll first, where it cannot be missed (a labelled region, announced when it
 * opens), then the latest closed ones with their results when allowed.
 */
export function pollPanel(ctx: AppContext, live: LiveSessionStore, client: RealtimeClient): HTMLElement {
  const headingId = uid('poll-heading');
  const openSlot = h('div', { class: 'poll-open-slot' });
  const previous = h('div', { class: 'poll-previous' });
  const section = h(
    'section',
    { class: 'card poll-panel', attrs: { 'aria-labelledby': headingId, hidden: true } },
    h('h2', { id: headingId, class: 'section-title' }, ctx.t('poll.region')),
    openSlot,
    previous,
  );
  let shownKey = '';
  const render = (states: PollState[]) => {
    const visible = states.filter((state) => state.poll.status !== 'draft');
    section.hidden = visible.length === 0;
    const open = visible.find((state) => state.poll.status === 'open');
    const key = open ? formKey(open) : '';
    if (key !== shownKey) {
      shownKey = key;
      openSlot.replaceChildren(open ? pollCard(ctx, client, live, open) : '');
    } else if (open) {
      // Only the results moved: swap them, leave the form (and what the user is doing in it) alone.
      openSlot.querySelector('.poll-results-slot')?.replaceChildren(resultsOf(ctx, open) ?? '');
    }
    const closed = visible
      .filter((state) => state.poll.status === 'closed')
      .slice(-3)
      .reverse();
    previous.replaceChildren(
      closed.length > 0 ? h('h3', { class: 'poll-subtitle' }, ctx.t('poll.previous')) : '',
      ...closed.map((state) => pollCard(ctx, client, live, state)),
    );
  };
  render(live.polls.polls.get());
  ctx.onDispose(live.polls.polls.subscribe(render));
  return section;
}
