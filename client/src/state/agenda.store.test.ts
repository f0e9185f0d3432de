/** @jest-environment jsdom */
import type { Session } from '../api/types';
import { filterDays, layoutDay, matchesFilters, nowAndNext, NO_FILTERS } from './agenda.store';

function session(id: string, start: string, end: string, overrides: Partial<Session> = {}): Session {
  return {
    id,
    title: id,
    abstract: null,
    kind: 'talk',
    startsAt: start,
    endsAt: end,
    room: { id: 'main', name: 'Main Stage' },
    track: null,
    language: 'en',
    interpretation: [],
    lang: 'en',
    participants: [],
    capacity: null,
    qaEnabled: true,
    qaModerated: false,
    qaOpen: true,
    chatEnabled: true,
    cancelled: false,
    liveStatus: 'upcoming',
    streamUrl: null,
    stream: null,
    ...overrides,
  };
}

describe('agenda store', () => {
  const rooms = [
    { id: 'main', name: 'Main Stage' },
    { id: 'panel', name: 'Panel Room' },
  ];
  const a = session('a', '2020-09-29T06:00:00Z', '2020-09-29T07:00:00Z');
  const b = session('b', '2020-09-29T06:00:00Z', '2020-09-29T06:30:00Z', {
    room: rooms[1],
    language: 'zh',
    track: { id: 't', name: 'T', color: '#123456' },
  });
  const pause = session('pause', '2020-09-29T07:00:00Z', '2020-09-29T07:15:00Z', {
    kind: 'break',
    room: null,
  });

  it('should filter by track, room and language but keep breaks', () => {
    expect(matchesFilters(a, { ...NO_FILTERS, language: 'zh' })).toBe(false);
    expect(matchesFilters(b, { ...NO_FILTERS, language: 'zh', trackId: 't', roomId: 'panel' })).toBe(true);
    expect(matchesFilters(pause, { ...NO_FILTERS, roomId: 'panel' })).toBe(true);
    expect(
      filterDays([{ date: '2020-09-29', sessions: [a, b, pause] }], {
        ...NO_FILTERS,
        roomId: 'main',
      })[0].sessions.map((s) => s.id),
    ).toEqual(['a', 'pause']);
  });

  it('should put rooms side by side and let a break span every room', () => {
    const grid = layoutDay([a, b, pause], rooms);
    expect(grid.rooms.map((room) => room.id)).toEqual(['main', 'panel']);
    const byId = Object.fromEntries(grid.placements.map((p) => [p.session.id, p]));
    expect(byId['a']).toMatchObject({ column: 1, rowStart: 1, rowEnd: 3 });
    expect(byId['b']).toMatchObject({ column: 2, rowStart: 1, rowEnd: 2 });
    expect(byId['pause']).toMatchObject({ column: null, rowStart: 3, rowEnd: 4 });
  });

  it('should tell what is on now and what starts next', () => {
    const now = Date.parse('2020-09-29T06:10:00Z');
    const later = session('later', '2020-09-29T08:00:00Z', '2020-09-29T09:00:00Z');
    const result = nowAndNext([a, b, pause, later], now);
    expect(result.now.map((s) => s.id)).toEqual(['a', 'b']);
    expect(result.next.map((s) => s.id)).toEqual(['later']);
    expect(nowAndNext([{ ...a, liveStatus: 'ended' }], now).now).toEqual([]);
  });

  it('should find sessions by spoken or interpreted language', () => {
    const zhWithRu = session('a', '2030-11-20T01:00:00Z', '2030-11-20T02:00:00Z', {
      language: 'zh',
      interpretation: ['en', 'ru'],
    });
    expect(matchesFilters(zhWithRu, { ...NO_FILTERS, language: 'ru' })).toBe(true);
    expect(matchesFilters(zhWithRu, { ...NO_FILTERS, language: 'zh' })).toBe(true);
    expect(matchesFilters(zhWithRu, { ...NO_FILTERS, language: 'fr' })).toBe(false);
  });
});
