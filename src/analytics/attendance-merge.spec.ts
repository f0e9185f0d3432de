import { attendanceFigures, concurrencySeries, mergeVisits, VisitSpan } from './attendance-merge';

const T0 = Date.parse('2030-11-20T01:00:00.000Z');
const span = (userId: string, from: number, to: number): VisitSpan => ({
  userId,
  start: T0 + from * 60_000,
  end: T0 + to * 60_000,
});

describe('attendance merge', () => {
  it('should merge one user’s rows from two nodes, a reconnect within 2 minutes and a crashed node', () => {
    const merged = mergeVisits([
      // node 1 crashed at its last heartbeat (minute 10); the user reconnected to node 2 at 11
      span('u1', 0, 10),
      span('u1', 11, 20),
      // a second tab on node 1 overlapping node 2
      span('u1', 15, 25),
      // back 10 minutes later: a new visit
      span('u1', 35, 40),
      span('u2', 0, 5),
    ]);
    expect(merged).toEqual([span('u1', 0, 25), span('u1', 35, 40), span('u2', 0, 5)]);
    expect(attendanceFigures(merged)).toEqual({
      uniqueViewers: 2,
      visits: 3,
      totalMinutes: 35,
      averageMinutes: 17.5,
      peakConcurrent: 2,
    });
  });

  it('should count a user with overlapping rows once per minute', () => {
    const series = concurrencySeries(mergeVisits([span('u1', 0, 3), span('u1', 1, 2), span('u2', 2, 3)]));
    expect(series.map((point) => point.count)).toEqual([1, 1, 2]);
    expect(series[0].minute).toBe('2030-11-20T01:00:00.000Z');
  });

  it('should give nothing for a session nobody joined', () => {
    expect(concurrencySeries([])).toEqual([]);
    expect(attendanceFigures([])).toEqual({
      uniqueViewers: 0,
      visits: 0,
      totalMinutes: 0,
      averageMinutes: 0,
      peakConcurrent: 0,
    });
  });
});
