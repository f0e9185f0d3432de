import { DomainError } from '../common/errors/domain-error';
import type { ModerateAction, QuestionStatus } from '../realtime/realtime.contract';

export interface QuestionState {
  status: QuestionStatus;
  pinned: boolean;
}

/**
 * The moderation state machine (API.md "Questions"): approve pending → visible; answer visible → answered;
 * dismiss any but dismissed → dismissed (unpinned); reopen answered/dismissed → visible; pin/unpin a visible or
 * answered question. Anything else is 409 INVALID_STATE, so a double click never records two changes.
 */
export function transition(state: QuestionState, action: ModerateAction): QuestionState {
  const refuse = (): never => {
    throw new DomainError(
      'INVALID_STATE',
      `A ${state.status}${state.pinned ? ', pinned' : ''} question cannot be ${PAST[action]}`,
      {
        status: state.status,
        pinned: state.pinned,
        action,
      },
    );
  };
  switch (action) {
    case 'approve':
      return state.status === 'pending' ? { status: 'visible', pinned: false } : refuse();
    case 'answer':
      return state.status === 'visible' ? { status: 'answered', pinned: state.pinned } : refuse();
    case 'dismiss':
      return state.status !== 'dismissed' ? { status: 'dismissed', pinned: false } : refuse();
    case 'reopen':
      return state.status === 'answered' || state.status === 'dismissed'
        ? { status: 'visible', pinned: state.pinned }
        : refuse();
    case 'pin':
      return (state.status === 'visible' || state.status === 'answered') && !state.pinned
        ? { status: state.status, pinned: true }
        : refuse();
    case 'unpin':
      return state.pinned ? { status: state.status, pinned: false } : refuse();
  }
}

const PAST: Record<ModerateAction, string> = {
  approve: 'approved',
  answer: 'marked answered',
  dismiss: 'dismissed',
  reopen: 'reopened',
  pin: 'pinned',
  unpin: 'unpinned',
};
