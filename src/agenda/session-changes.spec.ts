import {
  diffSnapshots,
  raisesSequence,
  SessionSnapshot,
  summarize,
  SummaryContext,
  updateKindOf,
} from './session-changes';

const base: SessionSnapshot = {
  title: 'Opening',
  abstract: null,
  kind: 'keynote',
  startsAt: '2030-11-20T01:00:00.000Z',
  endsAt: '2030-11-20T02:00:00.000Z',
  roomId: 'room-a',
  trackId: null,
  language: 'en',
  interpretation: [],
  translations: null,
  capacity: null,
  qaEnabled: true,
  qaModerated: false,
  chatEnabled: true,
  status: 'scheduled',
  participants: [{ speakerId: 'ana', role: 'speaker' }],
};

const context: SummaryContext = {
  timezone: 'Asia/Shanghai',
  roomName: (roomId) => ({ 'room-a': 'Main Stage', 'room-b': 'Room B' })[roomId ?? ''] ?? null,
};

describe('session changes', () => {
  it('should report only the fields that changed, with before and after', () => {
    const diff = diffSnapshots(base, { ...base, roomId: 'room-b', language: 'zh' });
    expect(diff).toEqual({
      fields: ['roomId', 'language'],
      before: { roomId: 'room-a', language: 'en' },
      after: { roomId: 'room-b', language: 'zh' },
    });
  });

  it('should see a reordered participant list as a change', () => {
    const two = { ...base, participants: [...base.participants, { speakerId: 'bo', role: 'host' as const }] };
    const swapped = { ...two, participants: [...two.participants].reverse() };
    expect(diffSnapshots(two, swapped).fields).toEqual(['participants']);
  });

  it('should classify an update by its most visible change', () => {
    expect(updateKindOf([])).toBeNull();
    expect(updateKindOf(['language'])).toBe('updated');
    expect(updateKindOf(['roomId', 'title'])).toBe('room-changed');
    expect(updateKindOf(['roomId', 'endsAt'])).toBe('moved');
    expect(updateKindOf(['status', 'startsAt'])).toBe('cancelled');
  });

  it('should raise the sequence for time, room, title, abstract and status only', () => {
    for (const field of ['title', 'abstract', 'startsAt', 'endsAt', 'roomId', 'status'] as const) {
      expect(raisesSequence([field])).toBe(true);
    }
    expect(raisesSequence(['language', 'capacity', 'participants', 'qaEnabled', 'trackId'])).toBe(false);
  });

  it('should write summaries in the event time zone with room names', () => {
    const moved = { ...base, startsAt: '2030-11-20T15:30:00.000Z', endsAt: '2030-11-20T16:30:00.000Z' };
    expect(summarize('moved', base, moved, context)).toBe(
      '"Opening" moved from 2030-11-20 09:00–10:00 to 2030-11-20 23:30–2030-11-21 00:30 (Asia/Shanghai)',
    );
    expect(summarize('room-changed', base, { ...base, roomId: 'room-b' }, context)).toBe(
      '"Opening" moved from Main Stage to Room B',
    );
    expect(summarize('added', null, { ...base, kind: 'break', roomId: null }, context)).toBe(
      'Added "Opening" on 2030-11-20 09:00–10:00 (Asia/Shanghai) in all rooms',
    );
    expect(summarize('updated', base, { ...base, title: 'Welcome' }, context)).toBe(
      '"Welcome" (formerly "Opening") was updated: title',
    );
  });

  it('should keep summaries within the 500 characters the log stores', () => {
    const long = { ...base, title: 'x'.repeat(300) };
    const summary = summarize('updated', { ...base, title: 'y'.repeat(300) }, long, context);
    expect(summary.length).toBe(500);
  });
});
