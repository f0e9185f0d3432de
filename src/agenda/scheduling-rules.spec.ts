import { eventWindow, findScheduleConflicts, overlaps, ScheduleSlot } from './scheduling-rules';

const SHANGHAI = { timezone: 'Asia/Shanghai', startsOn: '2030-11-20', endsOn: '2030-11-21' };

let counter = 0;
function slot(overrides: Partial<ScheduleSlot> = {}): ScheduleSlot {
  counter += 1;
  return {
    id: `s${counter}`,
    kind: 'talk',
    status: 'scheduled',
    // 09:00–10:00 in Shanghai on the first day
    startsAt: '2030-11-20T01:00:00.000Z',
    endsAt: '2030-11-20T02:00:00.000Z',
    roomId: 'room-a',
    speakerIds: [],
    ...overrides,
  };
}

describe('scheduling rules', () => {
  describe('eventWindow', () => {
    it('should span local midnight of the first day to local midnight after the last', () => {
      expect(eventWindow(SHANGHAI)).toEqual({
        startsAt: '2030-11-19T16:00:00.000Z',
        endsAt: '2030-11-21T16:00:00.000Z',
      });
    });

    it('should follow the offset in force at each end across a DST change', () => {
      // Berlin leaves +01:00 for +02:00 on 2030-03-31.
      expect(
        eventWindow({ timezone: 'Europe/Berlin', startsOn: '2030-03-30', endsOn: '2030-03-31' }),
      ).toEqual({
        startsAt: '2030-03-29T23:00:00.000Z',
        endsAt: '2030-03-31T22:00:00.000Z',
      });
    });
  });

  describe('overlaps', () => {
    it('should treat touching sessions as not overlapping', () => {
      const a = { startsAt: '2030-11-20T01:00:00.000Z', endsAt: '2030-11-20T02:00:00.000Z' };
      const b = { startsAt: '2030-11-20T02:00:00.000Z', endsAt: '2030-11-20T03:00:00.000Z' };
      expect(overlaps(a, b)).toBe(false);
      expect(overlaps(b, a)).toBe(false);
    });

    it('should detect partial and enclosing overlaps', () => {
      const a = { startsAt: '2030-11-20T01:00:00.000Z', endsAt: '2030-11-20T03:00:00.000Z' };
      expect(overlaps(a, { startsAt: '2030-11-20T02:59:00.000Z', endsAt: '2030-11-20T04:00:00.000Z' })).toBe(
        true,
      );
      expect(overlaps(a, { startsAt: '2030-11-20T01:30:00.000Z', endsAt: '2030-11-20T02:00:00.000Z' })).toBe(
        true,
      );
    });
  });

  describe('findScheduleConflicts', () => {
    it('should find nothing for a session alone inside the event', () => {
      expect(findScheduleConflicts(slot(), [], SHANGHAI)).toEqual([]);
    });

    it('should accept a session filling the last local hour of the event', () => {
      const last = slot({ startsAt: '2030-11-21T15:00:00.000Z', endsAt: '2030-11-21T16:00:00.000Z' });
      expect(findScheduleConflicts(last, [], SHANGHAI)).toEqual([]);
    });

    it('should flag a session starting before the first local day', () => {
      const early = slot({ startsAt: '2030-11-19T15:30:00.000Z', endsAt: '2030-11-19T16:30:00.000Z' });
      expect(findScheduleConflicts(early, [], SHANGHAI)).toEqual([{ kind: 'outside-event' }]);
    });

    it('should flag a session ending after the last local day', () => {
      const late = slot({ startsAt: '2030-11-21T15:30:00.000Z', endsAt: '2030-11-21T16:30:00.000Z' });
      expect(findScheduleConflicts(late, [], SHANGHAI)).toEqual([{ kind: 'outside-event' }]);
    });

    it('should flag an overlap in the same room but not in another room', () => {
      const candidate = slot();
      const sameRoom = slot({ startsAt: '2030-11-20T01:30:00.000Z', endsAt: '2030-11-20T02:30:00.000Z' });
      const otherRoom = slot({ roomId: 'room-b' });
      expect(findScheduleConflicts(candidate, [sameRoom, otherRoom], SHANGHAI)).toEqual([
        { kind: 'room', sessionId: sameRoom.id },
      ]);
    });

    it('should let sessions touch end to start in one room', () => {
      const before = slot({ startsAt: '2030-11-20T00:00:00.000Z', endsAt: '2030-11-20T01:00:00.000Z' });
      const after = slot({ startsAt: '2030-11-20T02:00:00.000Z', endsAt: '2030-11-20T03:00:00.000Z' });
      expect(findScheduleConflicts(slot(), [before, after], SHANGHAI)).toEqual([]);
    });

    it('should skip the candidate itself and cancelled sessions', () => {
      const candidate = slot();
      const cancelled = slot({ status: 'cancelled' });
      expect(findScheduleConflicts(candidate, [candidate, cancelled], SHANGHAI)).toEqual([]);
    });

    it('should flag a speaker booked in two overlapping sessions in different rooms', () => {
      const candidate = slot({ speakerIds: ['ana', 'bo'] });
      const other = slot({ roomId: 'room-b', speakerIds: ['bo'] });
      expect(findScheduleConflicts(candidate, [other], SHANGHAI)).toEqual([
        { kind: 'speaker', sessionId: other.id, speakerId: 'bo' },
      ]);
    });

    it('should keep a break without a room out of room checks but check its participants', () => {
      const roomless = slot({ kind: 'break', roomId: null, speakerIds: ['host'] });
      const talk = slot({ roomId: 'room-a', speakerIds: ['host'] });
      expect(findScheduleConflicts(roomless, [talk], SHANGHAI)).toEqual([
        { kind: 'speaker', sessionId: talk.id, speakerId: 'host' },
      ]);
      expect(findScheduleConflicts(talk, [roomless], SHANGHAI)).toEqual([
        { kind: 'speaker', sessionId: roomless.id, speakerId: 'host' },
      ]);
      const emptyBreak = slot({ kind: 'break', roomId: null });
      expect(findScheduleConflicts(slot(), [emptyBreak], SHANGHAI)).toEqual([]);
    });

    it('should list every conflict at once, rooms before speakers, earliest first', () => {
      const candidate = slot({
        startsAt: '2030-11-19T15:00:00.000Z',
        endsAt: '2030-11-20T03:00:00.000Z',
        speakerIds: ['ana', 'bo'],
      });
      const later = slot({ startsAt: '2030-11-20T02:00:00.000Z', endsAt: '2030-11-20T04:00:00.000Z' });
      const earlier = slot({ startsAt: '2030-11-20T00:00:00.000Z', endsAt: '2030-11-20T01:00:00.000Z' });
      const withSpeakers = slot({ roomId: 'room-b', speakerIds: ['ana', 'bo'] });
      expect(findScheduleConflicts(candidate, [later, withSpeakers, earlier], SHANGHAI)).toEqual([
        { kind: 'outside-event' },
        { kind: 'room', sessionId: earlier.id },
        { kind: 'room', sessionId: later.id },
        { kind: 'speaker', sessionId: withSpeakers.id, speakerId: 'ana' },
        { kind: 'speaker', sessionId: withSpeakers.id, speakerId: 'bo' },
      ]);
    });

    it('should check only the event window for a cancelled candidate', () => {
      const cancelled = slot({ status: 'cancelled', speakerIds: ['ana'] });
      const other = slot({ speakerIds: ['ana'] });
      expect(findScheduleConflicts(cancelled, [other], SHANGHAI)).toEqual([]);
    });
  });
});
