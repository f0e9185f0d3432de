import type { Session } from '../../api/types';
import { nowAndNext } from './room-schedule';

const at = (hour: number) => Date.UTC(2030, 10, 20, hour);
const session = (id: string, from: number, to: number, extra: Partial<Session> = {}): Session =>
  ({
    id,
    title: id,
    kind: 'talk',
    startsAt: new Date(at(from)).toISOString(),
    endsAt: new Date(at(to)).toISOString(),
    cancelled: false,
    liveStatus: 'upcoming',
    ...extra,
  }) as Session;

describe('nowAndNext', () => {
  const opening = session('opening', 1, 2);
  const panel = session('panel', 3, 4);
  const closing = session('closing', 5, 6);

  it('should name the session held now and the one after it', () => {
    expect(nowAndNext([closing, opening, panel], at(1) + 1)).toEqual({ current: opening, next: panel });
  });

  it('should show only what comes next between sessions', () => {
    expect(nowAndNext([opening, panel, closing], at(2) + 1)).toEqual({ current: null, next: panel });
  });

  it('should prefer the session a moderator marked live, even when it overruns its slot', () => {
    const overrunning = { ...opening, liveStatus: 'live' as const };
    expect(nowAndNext([overrunning, panel], at(2) + 1)).toEqual({ current: overrunning, next: panel });
  });

  it('should skip cancelled and ended sessions', () => {
    const cancelled = { ...panel, cancelled: true };
    const ended = { ...opening, liveStatus: 'ended' as const };
    expect(nowAndNext([ended, cancelled, closing], at(1) + 1)).toEqual({ current: null, next: closing });
  });
});
