import { localTimeOf } from '../common/time/zoned-time';
import { shiftSession } from './edition-clone.service';

describe('shiftSession', () => {
  it('should keep the wall-clock time when a DST change lies between the dates', () => {
    // 10:00–11:00 in Berlin on 14 March 2030 (CET) moved three weeks, into summer time (CEST).
    const moved = shiftSession(
      { startsAt: '2030-03-14T09:00:00.000Z', endsAt: '2030-03-14T10:00:00.000Z' },
      21,
      'Europe/Berlin',
    );
    expect(moved).toEqual({ startsAt: '2030-04-04T08:00:00.000Z', endsAt: '2030-04-04T09:00:00.000Z' });
    expect(localTimeOf(moved.startsAt, 'Europe/Berlin')).toBe('10:00');
  });

  it('should move backwards in time and across the autumn change', () => {
    // 09:30 in Los Angeles on 10 November 2031 (PST) moved back 365 days to 10 November 2030 (PST), then to
    // 20 October 2030 (PDT), keeping 09:30 local each time.
    const session = { startsAt: '2031-11-10T17:30:00.000Z', endsAt: '2031-11-10T18:15:00.000Z' };
    expect(shiftSession(session, -365, 'America/Los_Angeles').startsAt).toBe('2030-11-10T17:30:00.000Z');
    expect(shiftSession(session, -386, 'America/Los_Angeles')).toEqual({
      startsAt: '2030-10-20T16:30:00.000Z',
      endsAt: '2030-10-20T17:15:00.000Z',
    });
  });

  it('should push a time that falls into the spring gap forward, keeping the length', () => {
    // 02:30 does not exist in Berlin on 31 March 2030: calendars read it as 03:30 CEST (01:30Z).
    const moved = shiftSession(
      { startsAt: '2030-03-24T01:30:00.000Z', endsAt: '2030-03-24T02:00:00.000Z' },
      7,
      'Europe/Berlin',
    );
    expect(moved.startsAt).toBe('2030-03-31T01:30:00.000Z');
    expect(Date.parse(moved.endsAt) - Date.parse(moved.startsAt)).toBe(30 * 60_000);
  });

  it('should keep a session spanning midnight on consecutive days', () => {
    const moved = shiftSession(
      { startsAt: '2030-11-20T15:00:00.000Z', endsAt: '2030-11-20T17:00:00.000Z' },
      1,
      'Asia/Shanghai',
    );
    expect(moved).toEqual({ startsAt: '2030-11-21T15:00:00.000Z', endsAt: '2030-11-21T17:00:00.000Z' });
  });
});
