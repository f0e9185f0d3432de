import { DomainError } from '../common/errors/domain-error';
import type { ModerateAction, QuestionStatus } from '../realtime/realtime.contract';
import { transition } from './question-transitions';

const STATUSES: QuestionStatus[] = ['pending', 'visible', 'answered', 'dismissed'];
const ACTIONS: ModerateAction[] = ['approve', 'dismiss', 'answer', 'pin', 'unpin', 'reopen'];

describe('question transitions', () => {
  it('should allow exactly the documented transitions', () => {
    const allowed: string[] = [];
    const refusals: unknown[] = [];
    for (const status of STATUSES) {
      for (const pinned of [false, true]) {
        for (const action of ACTIONS) {
          try {
            const next = transition({ status, pinned }, action);
            allowed.push(
              `${status}${pinned ? '+pin' : ''} ${action} → ${next.status}${next.pinned ? '+pin' : ''}`,
            );
          } catch (error) {
            refusals.push(error instanceof DomainError ? error.code : error);
          }
        }
      }
    }
    expect(new Set(refusals)).toEqual(new Set(['INVALID_STATE']));
    expect(allowed).toEqual([
      'pending approve → visible',
      'pending dismiss → dismissed',
      'pending+pin approve → visible',
      'pending+pin dismiss → dismissed',
      'pending+pin unpin → pending',
      'visible dismiss → dismissed',
      'visible answer → answered',
      'visible pin → visible+pin',
      'visible+pin dismiss → dismissed',
      'visible+pin answer → answered+pin',
      'visible+pin unpin → visible',
      'answered dismiss → dismissed',
      'answered pin → answered+pin',
      'answered reopen → visible',
      'answered+pin dismiss → dismissed',
      'answered+pin unpin → answered',
      'answered+pin reopen → visible+pin',
      'dismissed reopen → visible',
      'dismissed+pin unpin → dismissed',
      'dismissed+pin reopen → visible+pin',
    ]);
  });
});
