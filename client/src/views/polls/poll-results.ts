import type { AppContext } from '../../app-context';
import type { Poll, PollTally } from '../../realtime/contract';
import { h } from '../../ui/dom';

const percent = (votes: number, total: number): number => (total > 0 ? Math.round((votes / total) * 100) : 0);

/** One bar: its text says everything (screen readers read it); the bar itself is decoration. */
function bar(label: string, share: number, text: string, own = false): HTMLElement {
  return h(
    'li',
    { class: ['poll-bar', own && 'poll-bar-own'] },
    h('span', { class: 'poll-bar-label' }, text),
    h(
      'span',
      { class: 'poll-bar-track', attrs: { 'aria-hidden': 'true', 'data-label': label } },
      h('span', { class: 'poll-bar-fill', vars: { '--share': `${share}%` } }),
    ),
  );
}

/** A poll's results as bars (choices, ratings) or a word cloud (text answers). */
export function pollResultsView(
  ctx: Pick<AppContext, 't'>,
  poll: Pick<Poll, 'scale'>,
  results: Pick<PollTally, 'voters' | 'options' | 'rating' | 'words'>,
  ownChoices: readonly number[] = [],
): HTMLElement {
  const body: HTMLElement[] = [
    h('p', { class: 'poll-voters' }, ctx.t('poll.voters', { count: results.voters })),
  ];
  if (results.options) {
    // Multiple choice shares are of voters (they may sum past 100 %).
    body.push(
      h(
        'ul',
        { class: 'poll-bars' },
        results.options.map((option) =>
          bar(
            option.text,
            percent(option.votes, results.voters),
            ctx.t('poll.optionResult', {
              text: option.text,
              votes: option.votes,
              percent: percent(option.votes, results.voters),
            }),
            ownChoices.includes(option.index),
          ),
        ),
      ),
    );
  }
  if (results.rating) {
    const scale = poll.scale ?? results.rating.histogram.length;
    if (results.rating.average !== null) {
      body.push(
        h('p', { class: 'poll-average' }, ctx.t('poll.average', { average: results.rating.average, scale })),
      );
    }
    body.push(
      h(
        'ul',
        { class: 'poll-bars' },
        results.rating.histogram.map((votes, index) =>
          bar(
            String(index + 1),
            percent(votes, results.voters),
            ctx.t('poll.optionResult', {
              text: ctx.t('poll.ratingValue', { value: index + 1, scale }),
              votes,
              percent: percent(votes, results.voters),
            }),
          ),
        ),
      ),
    );
  }
  if (results.words) {
    const top = results.words[0]?.count ?? 1;
    body.push(
      h('h4', { class: 'poll-subtitle' }, ctx.t('poll.wordCloud')),
      results.words.length === 0
        ? h('p', { class: 'muted' }, ctx.t('poll.noWords'))
        : h(
            'ul',
            { class: 'word-cloud' },
            results.words.map((word) =>
              h(
                'li',
                { class: `word word-${Math.max(1, Math.ceil((word.count / top) * 5))}` },
                word.word,
                h('span', { class: 'visually-hidden' }, ` (${word.count})`),
              ),
            ),
          ),
    );
  }
  return h(
    'div',
    { class: 'poll-results' },
    h('h4', { class: 'poll-subtitle' }, ctx.t('poll.results')),
    body,
  );
}

/** Why results are not shown yet (null when they are). */
export function hiddenResultsNote(ctx: AppContext, poll: Poll, hasVoted: boolean): HTMLElement | null {
  if (poll.showResults === 'moderators') {
    return h('p', { class: 'muted' }, ctx.t('poll.hiddenModerators'));
  }
  if (poll.status === 'open' && poll.showResults === 'after-close') {
    return h('p', { class: 'muted' }, ctx.t('poll.hiddenAfterClose'));
  }
  if (poll.status === 'open' && poll.showResults === 'after-vote' && !hasVoted) {
    return h('p', { class: 'muted' }, ctx.t('poll.hiddenAfterVote'));
  }
  return null;
}
