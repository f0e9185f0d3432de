import type { ChatMessageView, Question } from '../realtime/contract';

export function message(overrides: Partial<ChatMessageView> & { id: string; seq: number }): ChatMessageView {
  return {
    sessionId: 's1',
    author: { id: 'u1', name: 'Ada' },
    text: `message ${overrides.id}`,
    deleted: false,
    createdAt: `2020-09-29T08:00:${String(overrides.seq).padStart(2, '0')}.000Z`,
    ...overrides,
  } as ChatMessageView;
}

export function question(overrides: Partial<Question> & { id: string; seq: number }): Question {
  return {
    sessionId: 's1',
    text: `question ${overrides.id}`,
    author: { id: 'u1', name: 'Ada' },
    anonymous: false,
    status: 'visible',
    pinned: false,
    votes: 0,
    createdAt: `2020-09-29T08:00:${String(overrides.seq).padStart(2, '0')}.000Z`,
    updatedAt: `2020-09-29T08:00:${String(overrides.seq).padStart(2, '0')}.000Z`,
    ...overrides,
  };
}
