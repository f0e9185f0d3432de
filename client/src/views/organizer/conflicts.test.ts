/** @jest-environment jsdom */
import type { AppContext } from '../../app-context';
import { en } from '../../i18n/en';
import { translator } from '../../i18n/i18n';
import { conflictMessages } from './sessions-section';

describe('conflictMessages', () => {
  it('should name the other session and the double-booked speaker of every conflict', () => {
    const ctx = { t: translator('en', en) } as unknown as AppContext;
    const messages = conflictMessages(
      ctx,
      [
        { kind: 'room', sessionId: 's1' },
        { kind: 'speaker', sessionId: 's2', speakerId: 'p1' },
        { kind: 'outside-event' },
      ],
      [
        { id: 's1', title: 'Opening ceremony' },
        { id: 's2', title: 'Keynote' },
      ],
      (id) => (id === 'p1' ? 'Tao Pingsheng' : '?'),
    );
    expect(messages).toEqual([
      'The room is taken by “Opening ceremony”.',
      'Tao Pingsheng is already in “Keynote” at that time.',
      'The session is outside the event’s days.',
    ]);
  });
});
