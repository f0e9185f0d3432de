import { QueuedRow, freeSeats, hasFreeSeat, waitlistPositions } from './waitlist';

const row = (id: string, status: string, queueNumber: number): QueuedRow => ({
  id,
  status,
  queueNumber,
  updatedAt: '2030-01-01T00:00:00.000Z',
});

describe('waitlist', () => {
  it('should count free seats without a limit as null and never below zero', () => {
    expect(freeSeats(null, 7)).toBeNull();
    expect(freeSeats(5, 3)).toBe(2);
    expect(freeSeats(5, 5)).toBe(0);
    expect(freeSeats(2, 5)).toBe(0);
    expect(hasFreeSeat(null, 7)).toBe(true);
    expect(hasFreeSeat(5, 4)).toBe(true);
    expect(hasFreeSeat(5, 5)).toBe(false);
    expect(hasFreeSeat(2, 5)).toBe(false);
  });

  it('should number only the waitlisted, 1-based, in the order given', () => {
    const positions = waitlistPositions([
      row('a', 'confirmed', 1),
      row('b', 'waitlisted', 2),
      row('c', 'cancelled', 3),
      row('d', 'waitlisted', 5),
    ]);
    expect([...positions]).toEqual([
      ['b', 1],
      ['d', 2],
    ]);
  });
});
