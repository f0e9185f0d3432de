import { cachedFormatterCount, isValidTimeZone, toZonedIso, zonedToUtcMs } from './zoned-time';

describe('zoned-time', () => {
  it('should keep one formatter per real zone however a caller spells it', () => {
    const before = cachedFormatterCount();
    const spellings = new Set<string>();
    const name = 'america/los_angeles';
    for (let mask = 0; mask < 512; mask += 1) {
      spellings.add([...name].map((c, i) => ((mask >> (i % 9)) & 1 ? c.toUpperCase() : c)).join(''));
    }
    for (const spelling of spellings) {
      expect(isValidTimeZone(spelling)).toBe(true);
    }
    expect(cachedFormatterCount() - before).toBeLessThanOrEqual(1);
  });

  it('should convert wall-clock times across the Berlin spring-forward gap and the date line', () => {
    expect(new Date(zonedToUtcMs('2030-03-31', '01:30', 'Europe/Berlin')).toISOString()).toBe(
      '2030-03-31T00:30:00.000Z',
    );
    expect(new Date(zonedToUtcMs('2030-03-31', '03:30', 'Europe/Berlin')).toISOString()).toBe(
      '2030-03-31T01:30:00.000Z',
    );
    expect(toZonedIso('2030-11-20T01:00:00.000Z', 'Pacific/Kiritimati')).toBe('2030-11-20T15:00:00+14:00');
    expect(toZonedIso('2030-11-20T01:00:00.000Z', 'Pacific/Honolulu')).toBe('2030-11-19T15:00:00-10:00');
  });
});
