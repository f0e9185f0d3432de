/** @jest-environment jsdom */
import { message, question } from '../test/fixtures';
import { ChatStore } from './chat.store';
import { LiveSessionStore } from './live-session.store';
import { QuestionsStore, sortQuestions } from './questions.store';
import { createStore } from './store';

describe('createStore', () => {
  it('should notify subscribers of changes until they unsubscribe', () => {
    const store = createStore(1);
    const seen: number[] = [];
    const unsubscribe = store.subscribe((value) => seen.push(value));
    store.set(2);
    store.set(2);
    store.update((value) => value + 1);
    unsubscribe();
    store.set(10);
    expect(seen).toEqual([2, 3]);
    expect(store.get()).toBe(10);
  });
});

describe('ChatStore', () => {
  it('should de-duplicate messages by id and keep them in order', () => {
    const chat = new ChatStore();
    expect(chat.upsert(message({ id: 'b', seq: 2 }))).toBe(true);
    expect(chat.upsert(message({ id: 'a', seq: 1 }))).toBe(true);
    expect(chat.upsert(message({ id: 'b', seq: 2 }))).toBe(false);
    expect(chat.messages.get().map((m) => m.id)).toEqual(['a', 'b']);
  });

  it('should keep a deleted message deleted when an older copy arrives', () => {
    const chat = new ChatStore();
    chat.upsert(message({ id: 'a', seq: 1 }));
    chat.markDeleted('a', 5);
    chat.upsert(message({ id: 'a', seq: 1 }));
    const [only] = chat.messages.get();
    expect(only).toMatchObject({ id: 'a', deleted: true, text: null, author: null });
  });

  it('should drop the oldest messages beyond its limit', () => {
    const chat = new ChatStore(2);
    chat.upsert(message({ id: 'a', seq: 1 }));
    chat.upsert(message({ id: 'b', seq: 2 }));
    chat.upsert(message({ id: 'c', seq: 3 }));
    expect(chat.messages.get().map((m) => m.id)).toEqual(['b', 'c']);
    expect(chat.has('a')).toBe(false);
  });
});

describe('QuestionsStore', () => {
  it('should ignore an update older than what it holds', () => {
    const store = new QuestionsStore();
    store.upsert(question({ id: 'q', seq: 5, status: 'answered' }));
    store.upsert(question({ id: 'q', seq: 3, status: 'pending' }));
    expect(store.get('q')?.status).toBe('answered');
  });

  it('should apply coalesced vote counts and remember own votes', () => {
    const store = new QuestionsStore();
    store.reset([question({ id: 'q', seq: 1, voted: true }), question({ id: 'r', seq: 2 })]);
    store.setVotes([
      { questionId: 'q', votes: 7 },
      { questionId: 'missing', votes: 1 },
    ]);
    expect(store.get('q')?.votes).toBe(7);
    expect(store.voted.has('q')).toBe(true);
    store.setVoted('q', false);
    expect(store.voted.has('q')).toBe(false);
  });

  it('should sort pinned first, then by votes for top and by time for recent', () => {
    const items = [
      question({ id: 'old-popular', seq: 1, votes: 9 }),
      question({ id: 'new', seq: 3, votes: 1 }),
      question({ id: 'pinned', seq: 2, votes: 0, pinned: true }),
    ];
    expect(sortQuestions(items, 'top').map((q) => q.id)).toEqual(['pinned', 'old-popular', 'new']);
    expect(sortQuestions(items, 'recent').map((q) => q.id)).toEqual(['pinned', 'new', 'old-popular']);
  });
});

describe('LiveSessionStore', () => {
  const session = {
    id: 's1',
    eventId: 'e1',
    title: 'Panel',
    kind: 'panel',
    startsAt: '2020-09-29T07:25:00Z',
    endsAt: '2020-09-29T08:40:00Z',
    status: 'scheduled',
    liveStatus: 'live' as const,
    chatEnabled: true,
    qa: { enabled: true, moderated: true, open: true },
  };

  it('should apply the changes of a rejoin once, whatever was already seen', () => {
    const live = new LiveSessionStore('s1', 'u1');
    live.applyJoin(
      {
        session,
        messages: [message({ id: 'a', seq: 1 })],
        questions: [],
        presence: { sessionId: 's1', count: 3 },
        seq: 1,
        role: 'attendee',
        mutedUntil: null,
        polls: [],
      },
      false,
    );
    live.applyJoin(
      {
        session,
        messages: [],
        questions: [],
        presence: { sessionId: 's1', count: 4 },
        seq: 4,
        role: 'attendee',
        mutedUntil: null,
        polls: [],
        changes: [
          { seq: 2, kind: 'message-posted', message: message({ id: 'b', seq: 2 }) },
          { seq: 2, kind: 'message-posted', message: message({ id: 'b', seq: 2 }) },
          { seq: 3, kind: 'question-asked', question: question({ id: 'q', seq: 3, status: 'pending' }) },
          { seq: 4, kind: 'message-deleted', sessionId: 's1', messageId: 'a' },
        ],
      },
      true,
    );
    expect(live.chat.messages.get().map((m) => [m.id, m.deleted])).toEqual([
      ['a', true],
      ['b', false],
    ]);
    expect(live.questions.questions.get()).toHaveLength(1);
    expect(live.presence.get()).toBe(4);
    expect(live.seq).toBe(4);
  });

  it('should keep notifications that overtook a fresh snapshot', () => {
    const live = new LiveSessionStore('s1', 'u1');
    live.chat.upsert(message({ id: 'late', seq: 9 }));
    live.applyJoin(
      {
        session,
        messages: [message({ id: 'a', seq: 8 })],
        questions: [],
        presence: { sessionId: 's1', count: 1 },
        seq: 8,
        role: 'moderator',
        mutedUntil: null,
        polls: [],
      },
      false,
    );
    expect(live.chat.messages.get().map((m) => m.id)).toEqual(['a', 'late']);
    expect(live.role.get()).toBe('moderator');
  });
});
