import { isValidTimeZone, zonedToUtcMs } from '../common/time/zoned-time';
import { DEMO_MODERATOR } from './demo-accounts';
import { DemoSession, SILKS_2020 } from './silks-2020';

const zone = SILKS_2020.event.timezone;
const window = (s: DemoSession): [number, number] => [
  zonedToUtcMs(s.date, s.start, zone),
  zonedToUtcMs(s.date, s.end, zone),
];
const overlap = (a: DemoSession, b: DemoSession): boolean => {
  const [aStart, aEnd] = window(a);
  const [bStart, bEnd] = window(b);
  return aStart < bEnd && bStart < aEnd;
};
const pairs = (): [DemoSession, DemoSession][] =>
  SILKS_2020.sessions.flatMap((a, i) =>
    SILKS_2020.sessions.slice(i + 1).map((b): [DemoSession, DemoSession] => [a, b]),
  );

describe('SILKS_2020', () => {
  it('should keep every session inside the two event days and after its start', () => {
    expect(isValidTimeZone(zone)).toBe(true);
    const first = zonedToUtcMs(SILKS_2020.event.startsOn, '00:00', zone);
    const afterLast = zonedToUtcMs('2020-10-01', '00:00', zone);
    for (const session of SILKS_2020.sessions) {
      const [start, end] = window(session);
      expect(end).toBeGreaterThan(start);
      expect(start).toBeGreaterThanOrEqual(first);
      expect(end).toBeLessThanOrEqual(afterLast);
    }
    expect(new Set(SILKS_2020.sessions.map((s) => s.date))).toEqual(new Set(['2020-09-29', '2020-09-30']));
  });

  it('should never put two sessions in one room at once', () => {
    const clashes = pairs().filter(([a, b]) => a.room !== null && a.room === b.room && overlap(a, b));
    expect(clashes.map(([a, b]) => `${a.key}/${b.key}`)).toEqual([]);
  });

  it('should never book one speaker into overlapping sessions', () => {
    const clashes = pairs().filter(
      ([a, b]) =>
        overlap(a, b) &&
        a.participants.some(([speaker]) => b.participants.some(([other]) => other === speaker)),
    );
    expect(clashes.map(([a, b]) => `${a.key}/${b.key}`)).toEqual([]);
  });

  it('should have parallel sessions in two rooms, roomless breaks and a moderated panel', () => {
    const parallel = pairs().filter(([a, b]) => a.room && b.room && a.room !== b.room && overlap(a, b));
    expect(parallel.length).toBeGreaterThanOrEqual(2);
    const breaks = SILKS_2020.sessions.filter((s) => s.kind === 'break');
    expect(breaks.length).toBeGreaterThan(0);
    expect(breaks.every((s) => s.room === null && s.participants.length === 0)).toBe(true);
    expect(SILKS_2020.sessions.filter((s) => s.kind !== 'break').every((s) => s.room !== null)).toBe(true);
    const panels = SILKS_2020.sessions.filter((s) => s.kind === 'panel');
    expect(panels.every((p) => p.participants.filter(([, role]) => role === 'moderator').length === 1)).toBe(
      true,
    );
    expect(SILKS_2020.sessions.filter((s) => s.qaModerated)).toHaveLength(1);
  });

  it('should only reference rooms, tracks, speakers and organisations that exist', () => {
    const rooms = new Set(SILKS_2020.rooms.map((r) => r.key));
    const tracks = new Set(SILKS_2020.tracks.map((t) => t.key));
    const speakers = new Set(SILKS_2020.speakers.map((s) => s.key));
    const organizations = new Set(SILKS_2020.organizations.map((o) => o.key));
    for (const session of SILKS_2020.sessions) {
      expect(session.room === null || rooms.has(session.room)).toBe(true);
      expect(session.track === null || tracks.has(session.track)).toBe(true);
      for (const [speaker] of session.participants) {
        expect(speakers.has(speaker)).toBe(true);
      }
      expect(new Set(session.participants.map(([speaker]) => speaker)).size).toBe(
        session.participants.length,
      );
    }
    for (const speaker of SILKS_2020.speakers) {
      expect(organizations.has(speaker.organization)).toBe(true);
    }
    expect(new Set(SILKS_2020.sessions.map((s) => s.key)).size).toBe(SILKS_2020.sessions.length);
  });

  it('should carry the facts of the real meeting', () => {
    const byName = new Map(SILKS_2020.speakers.map((s) => [s.name, s]));
    expect(byName.get('Tao Pingsheng')).toMatchObject({
      position: 'Director General, Department of International Cooperation',
      organization: 'drc',
    });
    expect(byName.get('Balazs Horvath')).toMatchObject({
      position: 'RBAP Senior Economic and Strategic Advisor on Belt & Road Initiative',
      organization: 'undp',
    });
    expect(byName.get('Yerzhan Saltybayev')).toMatchObject({ position: 'Director', organization: 'iwep' });
    expect(byName.get('Tao Pingsheng')!.accountEmail).toBeUndefined();
    expect(byName.get(DEMO_MODERATOR.name)!.accountEmail).toBe(DEMO_MODERATOR.email);
    const text = SILKS_2020.sessions.map((s) => s.abstract).join(' ');
    for (const fact of [
      '17.2%',
      '4.8 percentage points',
      'USD 72.95 billion',
      'USD 46.02 billion',
      'Joint Initiative',
    ]) {
      expect(text).toContain(fact);
    }
  });
});
