/** @jest-environment jsdom */
import type { AppContext } from '../../app-context';
import { en } from '../../i18n/en';
import { translator } from '../../i18n/i18n';
import type { Poll } from '../../realtime/contract';
import type { RealtimeClient } from '../../realtime/realtime-client';
import { LiveSessionStore } from '../../state/live-session.store';
import { moderatorPolls } from './moderator-polls';

const draft: Poll = {
  id: 'd1',
  sessionId: 's1',
  question: 'Which aim first?',
  kind: 'single',
  options: ['Cooperation', 'Recovery'],
  anonymous: true,
  showResults: 'after-vote',
  status: 'draft',
  openedAt: null,
  closedAt: null,
  createdAt: '2020-09-29T07:00:00Z',
  updatedAt: '2020-09-29T07:00:00Z',
};

function setUp() {
  const api = {
    createPoll: jest.fn(),
    updatePoll: jest.fn((_slug: string, _session: string, _id: string, body: Record<string, unknown>) =>
      Promise.resolve({ ...draft, ...body, updatedAt: '2020-09-29T07:05:00Z' }),
    ),
    deletePoll: jest.fn(() => Promise.resolve()),
  };
  const ctx = { t: translator('en', en), api, onDispose: () => undefined } as unknown as AppContext;
  const live = new LiveSessionStore('s1', 'u1');
  live.polls.upsertPoll(draft);
  const view = moderatorPolls(ctx, 'silks-2020', 's1', live, {} as RealtimeClient);
  document.body.replaceChildren(view);
  const buttonNamed = (name: string) =>
    [...view.querySelectorAll('button')].find((element) => element.textContent === name)!;
  const form = view.querySelector('form')!;
  return { api, live, view, form, buttonNamed };
}

/** Lets withBusy's promise callbacks run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('moderatorPolls', () => {
  it('should fill the form with a draft and save the change to that draft', async () => {
    const { api, live, form, buttonNamed } = setUp();
    buttonNamed('Edit draft').click();
    const question = form.querySelector('input[type="text"]') as HTMLInputElement;
    const options = form.querySelector('textarea')!;
    expect(question.value).toBe('Which aim first?');
    expect(options.value).toBe('Cooperation\nRecovery');
    expect(form.querySelector('h3')?.textContent).toBe('Edit the draft');
    question.value = 'Which aim comes first?';
    options.value = 'Cooperation\nRecovery\nBoth';
    form.requestSubmit();
    await settle();
    expect(api.createPoll).not.toHaveBeenCalled();
    expect(api.updatePoll).toHaveBeenCalledWith(
      'silks-2020',
      's1',
      'd1',
      expect.objectContaining({
        question: 'Which aim comes first?',
        kind: 'single',
        options: ['Cooperation', 'Recovery', 'Both'],
        showResults: 'after-vote',
      }),
    );
    expect(live.polls.polls.get().map((state) => state.poll.question)).toEqual(['Which aim comes first?']);
    // Back to preparing a new draft.
    expect(form.querySelector('h3')?.textContent).toBe('Prepare a poll');
    expect(question.value).toBe('');
  });

  it('should delete a draft and stop editing it', async () => {
    const { api, live, form, buttonNamed } = setUp();
    buttonNamed('Edit draft').click();
    buttonNamed('Delete draft').click();
    await settle();
    expect(api.deletePoll).toHaveBeenCalledWith('silks-2020', 's1', 'd1');
    expect(live.polls.polls.get()).toEqual([]);
    expect(form.querySelector('h3')?.textContent).toBe('Prepare a poll');
  });

  it('should stop editing a draft that another moderator launched', () => {
    const { live, form, buttonNamed } = setUp();
    buttonNamed('Edit draft').click();
    live.polls.upsertPoll({ ...draft, status: 'open' });
    expect(form.querySelector('h3')?.textContent).toBe('Prepare a poll');
  });
});
