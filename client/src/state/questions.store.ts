import type { Question } from '../realtime/contract';
import { createStore, type Store } from './store';

export type QuestionSort = 'top' | 'recent';

/** Pinned first; then most votes (ties: newest) for `top`, newest first for `recent`. */
export function sortQuestions(questions: readonly Question[], sort: QuestionSort): Question[] {
  return [...questions].sort((a, b) => {
    if (a.pinned !== b.pinned) {
      return a.pinned ? -1 : 1;
    }
    if (sort === 'top' && a.votes !== b.votes) {
      return b.votes - a.votes;
    }
    return b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id);
  });
}

/** The questions of one session, de-duplicated by id; an update with an older seq never wins. */
export class QuestionsStore {
  readonly questions: Store<readonly Question[]> = createStore<readonly Question[]>([]);
  private readonly byId = new Map<string, Question>();
  /** Questions this viewer upvoted (from `voted` in snapshots, then from their own clicks). */
  readonly voted = new Set<string>();

  reset(questions: readonly Question[]): void {
    this.byId.clear();
    this.voted.clear();
    for (const question of questions) {
      this.byId.set(question.id, question);
      if (question.voted) {
        this.voted.add(question.id);
      }
    }
    this.publish();
  }

  /** Adds or replaces a question; returns whether it was new. */
  upsert(question: Question): boolean {
    const existing = this.byId.get(question.id);
    if (existing && existing.seq > question.seq) {
      return false;
    }
    if (question.voted !== undefined) {
      if (question.voted) {
        this.voted.add(question.id);
      } else {
        this.voted.delete(question.id);
      }
    }
    this.byId.set(question.id, existing ? { ...existing, ...question } : question);
    this.publish();
    return existing === undefined;
  }

  setVotes(votes: readonly { questionId: string; votes: number }[]): void {
    let changed = false;
    for (const { questionId, votes: count } of votes) {
      const existing = this.byId.get(questionId);
      if (existing && existing.votes !== count) {
        this.byId.set(questionId, { ...existing, votes: count });
        changed = true;
      }
    }
    if (changed) {
      this.publish();
    }
  }

  setVoted(questionId: string, voted: boolean): void {
    if (voted) {
      this.voted.add(questionId);
    } else {
      this.voted.delete(questionId);
    }
    this.publish();
  }

  get(questionId: string): Question | undefined {
    return this.byId.get(questionId);
  }

  private publish(): void {
    this.questions.set([...this.byId.values()]);
  }
}
