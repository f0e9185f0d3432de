import type { AppContext } from '../../app-context';
import type { MessageKey } from '../../i18n/i18n';
import type { Poll, PollKind, PollResultsVisibility } from '../../realtime/contract';
import type { RealtimeClient } from '../../realtime/realtime-client';
import type { PollState } from '../../state/polls.store';
import type { LiveSessionStore } from '../../state/live-session.store';
import { downloadText, h, uid } from '../../ui/dom';
import { alertBox, badge, button, errorMessage, withBusy, submitActions } from '../common';
import { liveErrorMessage } from '../live-errors';
import { pollResultsView } from './poll-results';

const KINDS: ReadonlyArray<[PollKind, MessageKey]> = [
  ['single', 'mod.kindSingle'],
  ['multiple', 'mod.kindMultiple'],
  ['rating', 'mod.kindRating'],
  ['text', 'mod.kindText'],
];
const VISIBILITIES: ReadonlyArray<[PollResultsVisibility, MessageKey]> = [
  ['after-vote', 'mod.showAfterVote'],
  ['live', 'mod.showLive'],
  ['after-close', 'mod.showAfterClose'],
  ['moderators', 'mod.showModerators'],
];

function field(label: string, control: HTMLElement & { id: string }, hint?: HTMLElement): HTMLElement {
  return h(
    'div',
    { class: 'field' },
    h('label', { attrs: { for: control.id } }, label),
    control,
    hint ?? null,
  );
}

/** The draft form: prepares a new draft, or changes one (`edit`) until it is launched. */
interface DraftForm {
  form: HTMLFormElement;
  /** Fills the form with a draft; saving then changes that draft (PATCH) instead of creating one. */
  edit(poll: Poll): void;
  /** The draft being changed, if any. */
  editing(): string | null;
  /** Back to preparing a new draft. */
  reset(): void;
}

/** The form that prepares a draft (sent through REST; drafts stay invisible to attendees). */
function draftForm(
  ctx: AppContext,
  slug: string,
  sessionId: string,
  live: LiveSessionStore,
  report: (kind: 'error' | 'success', text: string) => void,
): DraftForm {
  const question = h('input', { id: uid('poll-q'), attrs: { type: 'text', required: true, maxlength: 300 } });
  const kind = h(
    'select',
    { id: uid('poll-kind') },
    KINDS.map(([value, key]) => h('option', { attrs: { value } }, ctx.t(key))),
  );
  const options = h('textarea', { id: uid('poll-options'), attrs: { rows: 4 } });
  const maxChoices = h('input', { id: uid('poll-max'), attrs: { type: 'number', min: 1, max: 10 } });
  const scale = h('input', { id: uid('poll-scale'), attrs: { type: 'number', min: 2, max: 10, value: 5 } });
  const show = h(
    'select',
    { id: uid('poll-show') },
    VISIBILITIES.map(([value, key]) => h('option', { attrs: { value } }, ctx.t(key))),
  );
  const anonymousId = uid('poll-anon');
  const anonymous = h('input', { id: anonymousId, attrs: { type: 'checkbox', checked: true } });
  const optionsField = field(ctx.t('mod.pollOptions'), options);
  const maxField = field(ctx.t('mod.maxChoices'), maxChoices);
  const scaleField = field(ctx.t('mod.scale'), scale);
  const sync = () => {
    optionsField.hidden = kind.value !== 'single' && kind.value !== 'multiple';
    maxField.hidden = kind.value !== 'multiple';
    scaleField.hidden = kind.value !== 'rating';
  };
  kind.addEventListener('change', sync);
  sync();
  const title = h('h3', { class: 'section-title' }, ctx.t('mod.newPoll'));
  const cancel = button(ctx.t('mod.cancelEdit'), () => reset(), 'ghost');
  const actions = submitActions(ctx.t('mod.savePoll'));
  actions.append(cancel);
  let editing: string | null = null;
  const reset = () => {
    editing = null;
    form.reset();
    sync();
    title.textContent = ctx.t('mod.newPoll');
    cancel.hidden = true;
  };
  const edit = (poll: Poll) => {
    editing = poll.id;
    question.value = poll.question;
    kind.value = poll.kind;
    options.value = (poll.options ?? []).join('\n');
    maxChoices.value = poll.maxChoices !== undefined ? String(poll.maxChoices) : '';
    scale.value = String(poll.scale ?? 5);
    show.value = poll.showResults;
    anonymous.checked = poll.anonymous;
    sync();
    title.textContent = ctx.t('mod.editingPoll');
    cancel.hidden = false;
    question.focus();
  };
  const form = h(
    'form',
    { class: 'poll-draft-form' },
    title,
    field(ctx.t('mod.pollQuestion'), question),
    field(ctx.t('mod.pollKind'), kind),
    optionsField,
    maxField,
    scaleField,
    field(ctx.t('mod.showResults'), show),
    h(
      'div',
      { class: 'field field-check' },
      anonymous,
      h('label', { attrs: { for: anonymousId } }, ctx.t('mod.anonymous')),
    ),
    actions,
  );
  cancel.hidden = true;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body: Record<string, unknown> = {
      question: question.value,
      kind: kind.value,
      anonymous: anonymous.checked,
      showResults: show.value,
    };
    if (kind.value === 'single' || kind.value === 'multiple') {
      body['options'] = options.value
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
    }
    if (kind.value === 'multiple' && maxChoices.value) {
      body['maxChoices'] = Number(maxChoices.value);
    }
    if (kind.value === 'rating') {
      body['scale'] = Number(scale.value);
    }
    const pollId = editing;
    void withBusy(form, async () => {
      try {
        live.polls.upsertPoll(
          pollId === null
            ? await ctx.api.createPoll(slug, sessionId, body)
            : await ctx.api.updatePoll(slug, sessionId, pollId, body),
        );
        reset();
        report('success', ctx.t(pollId === null ? 'mod.pollSaved' : 'mod.pollUpdated'));
      } catch (error) {
        report('error', errorMessage(ctx, error));
      }
    });
  });
  return { form, edit, editing: () => editing, reset };
}

const STATUS_KEYS: Record<string, MessageKey> = {
  draft: 'poll.draft',
  open: 'poll.open',
  closed: 'poll.closed',
};

/** The console's Polls tab: prepare drafts, launch and close them live, watch results, export the votes. */
export function moderatorPolls(
  ctx: AppContext,
  slug: string,
  sessionId: string,
  live: LiveSessionStore,
  client: RealtimeClient,
): HTMLElement {
  const status = h('div', { attrs: { role: 'status', 'aria-live': 'polite' } });
  const report = (kind: 'error' | 'success', text: string) => status.replaceChildren(alertBox(kind, text));
  const command = (
    control: HTMLButtonElement,
    event: 'poll:open' | 'poll:close',
    pollId: string,
    done: MessageKey,
  ) =>
    void withBusy(control, async () => {
      try {
        const { poll } = await client.request(event, { pollId });
        live.polls.upsertPoll(poll);
        report('success', ctx.t(done));
      } catch (error) {
        report('error', liveErrorMessage(ctx, error));
      }
    });
  const drafts = draftForm(ctx, slug, sessionId, live, report);
  const list = h('ul', { class: 'poll-admin-list' });
  const item = (state: PollState): HTMLElement => {
    const { poll } = state;
    const actions: HTMLElement[] = [];
    if (poll.status === 'draft') {
      const launch: HTMLButtonElement = button(
        ctx.t('mod.launchPoll'),
        () => command(launch, 'poll:open', poll.id, 'mod.pollLaunched'),
        'primary',
      );
      const change = button(ctx.t('mod.editPoll'), () => drafts.edit(poll), 'ghost');
      const remove: HTMLButtonElement = button(
        ctx.t('mod.deletePoll'),
        () =>
          void withBusy(remove, async () => {
            try {
              await ctx.api.deletePoll(slug, sessionId, poll.id);
              live.polls.remove(poll.id);
              if (drafts.editing() === poll.id) {
                drafts.reset();
              }
              report('success', ctx.t('mod.pollDeleted'));
            } catch (error) {
              report('error', errorMessage(ctx, error));
            }
          }),
        'ghost',
      );
      actions.push(launch, change, remove);
    } else if (poll.status === 'open') {
      const close: HTMLButtonElement = button(
        ctx.t('mod.closePoll'),
        () => command(close, 'poll:close', poll.id, 'mod.pollClosed'),
        'danger',
      );
      actions.push(close);
    }
    return h(
      'li',
      { class: 'card poll-admin' },
      h(
        'p',
        { class: 'poll-question' },
        poll.question,
        ' ',
        badge(ctx.t(STATUS_KEYS[poll.status]), poll.status === 'open' ? 'live' : poll.status),
      ),
      actions.length > 0 ? h('div', { class: 'form-actions' }, actions) : null,
      state.results ? pollResultsView(ctx, poll, state.results) : null,
    );
  };
  const render = (states: PollState[]) => {
    // The draft being changed was launched or deleted meanwhile (another moderator): prepare a new one.
    const editing = drafts.editing();
    if (
      editing !== null &&
      !states.some((state) => state.poll.id === editing && state.poll.status === 'draft')
    ) {
      drafts.reset();
    }
    // Open first, then drafts, then closed (newest first).
    const order = { open: 0, draft: 1, closed: 2 } as const;
    const sorted = [...states].sort(
      (x, y) => order[x.poll.status] - order[y.poll.status] || (x.poll.createdAt < y.poll.createdAt ? 1 : -1),
    );
    list.replaceChildren(
      ...(sorted.length === 0 ? [h('li', { class: 'muted' }, ctx.t('mod.noPolls'))] : sorted.map(item)),
    );
  };
  render(live.polls.polls.get());
  ctx.onDispose(live.polls.polls.subscribe(render));
  const exportButton: HTMLButtonElement = button(
    ctx.t('mod.exportPolls'),
    () =>
      void withBusy(exportButton, async () => {
        try {
          downloadText(`polls-${slug}-${sessionId.slice(0, 8)}.csv`, await ctx.api.pollsCsv(slug, sessionId));
        } catch (error) {
          report('error', errorMessage(ctx, error));
        }
      }),
    'ghost',
  );
  const headingId = uid('polls-heading');
  return h(
    'section',
    { class: 'console-polls', attrs: { 'aria-labelledby': headingId } },
    h(
      'div',
      { class: 'console-polls-head' },
      h('h2', { id: headingId, class: 'section-title' }, ctx.t('mod.pollsTitle')),
      exportButton,
    ),
    status,
    h('div', { class: 'console-polls-grid' }, h('div', { class: 'card' }, drafts.form), list),
  );
}
