import type { QuestionRow } from './question.view';

declare module '../common/domain-events/domain-events' {
  interface DomainEventMap {
    /**
     * A question was asked or moderated (committed). `wasPublic`: attendees had seen it before this change,
     * so they must hear about it even if it is no longer public (dismissed).
     */
    'qa.question-changed': {
      eventId: string;
      kind: 'asked' | 'updated';
      question: QuestionRow;
      wasPublic: boolean;
    };
    /** A vote was added or withdrawn (coalesced into `qa:votes-changed`). */
    'qa.votes-changed': { sessionId: string; questionId: string };
  }
}

export {};
