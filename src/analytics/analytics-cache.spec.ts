import { BoundedMap } from './analytics-cache';

describe('BoundedMap', () => {
  it('should forget the entry written longest ago once full, counting a rewrite as a new write', () => {
    const map = new BoundedMap<number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.set('a', 3); // now "b" is the oldest
    map.set('c', 4);
    expect(map.size).toBe(2);
    expect(map.get('b')).toBeUndefined();
    expect(map.get('a')).toBe(3);
    expect(map.get('c')).toBe(4);
  });
});
