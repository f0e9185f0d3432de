import { PrimaryStore } from './primary-store';
import { handleStoreRequest } from './store-scripts';

describe('the primary store (WORKERS > 1 without Redis)', () => {
  let now = 1_000_000;
  let store: PrimaryStore;
  const script = (name: string, keys: string[], args: (string | number)[]) =>
    handleStoreRequest(store, 'script', [name, keys, args]);

  beforeEach(() => {
    now = 1_000_000;
    store = new PrimaryStore(() => now);
  });

  it('should count a user present on two workers once and forget a worker whose set expired', () => {
    handleStoreRequest(store, 'multi', [
      [
        ['sadd', 'p:node:a', 'u1', 'u2'],
        ['pexpire', 'p:node:a', 30_000],
        ['sadd', 'p:nodes', 'a', 'b'],
      ],
    ]);
    handleStoreRequest(store, 'multi', [
      [
        ['sadd', 'p:node:b', 'u2', 'u3'],
        ['pexpire', 'p:node:b', 10_000],
      ],
    ]);
    expect(script('plenaryPresenceCount', ['p:nodes', 'p:scratch'], ['p:node:'])).toBe(3);
    now += 10_000;
    expect(script('plenaryPresenceCount', ['p:nodes', 'p:scratch'], ['p:node:'])).toBe(2);
    expect(store.smembers('p:nodes')).toEqual(['a']);
  });

  it('should let one worker per interval announce presence, and skip an unchanged count', () => {
    store.sadd('p:node:a', 'u1');
    store.sadd('p:nodes', 'a');
    const flush = () =>
      script('plenaryPresenceFlush', ['p:nodes', 'p:scratch', 'p:lock', 'p:last'], ['p:node:', 1000]);
    expect(flush()).toEqual([1, 0]);
    expect(flush()).toEqual([-1, 1000]);
    now += 1000;
    expect(flush()).toEqual([-2, 0]);
    store.sadd('p:node:a', 'u2');
    expect(flush()).toEqual([2, 0]);
  });

  it('should pool vote ids and hand them to one claimant per interval', () => {
    expect(script('plenaryVotesClaim', ['v:pending', 'v:lock'], [200, 60_000, 'q1'])).toEqual([
      'claimed',
      'q1',
    ]);
    expect(script('plenaryVotesClaim', ['v:pending', 'v:lock'], [200, 60_000, 'q2'])).toEqual(['wait']);
    now += 200;
    expect(script('plenaryVotesClaim', ['v:pending', 'v:lock'], [200, 60_000])).toEqual(['claimed', 'q2']);
    now += 200;
    expect(script('plenaryVotesClaim', ['v:pending', 'v:lock'], [200, 60_000])).toEqual(['idle']);
  });

  it('should sum reaction counts of several workers into one claim', () => {
    expect(script('plenaryReactionBurst', ['r:pool', 'r:lock'], [1000, 60_000, 'clap', 2])).toEqual([
      'claimed',
      'clap',
      '2',
    ]);
    script('plenaryReactionBurst', ['r:pool', 'r:lock'], [1000, 60_000, 'clap', 1, 'heart', 1]);
    script('plenaryReactionBurst', ['r:pool', 'r:lock'], [1000, 60_000, 'clap', 4]);
    now += 1000;
    expect(script('plenaryReactionBurst', ['r:pool', 'r:lock'], [1000, 60_000])).toEqual([
      'claimed',
      'clap',
      '5',
      'heart',
      '1',
    ]);
  });

  it('should never replace a token state by an older one', () => {
    expect(script('plenaryTokenState', ['t:u1'], [5, '{"v":5}', 60_000])).toBe(1);
    expect(script('plenaryTokenState', ['t:u1'], [4, '{"v":4}', 60_000])).toBe(0);
    expect(handleStoreRequest(store, 'get', ['t:u1'])).toBe('5|{"v":5}');
    expect(script('plenaryTokenState', ['t:u1'], [6, '{"v":6}', 60_000])).toBe(1);
    now += 60_000;
    expect(handleStoreRequest(store, 'get', ['t:u1'])).toBeNull();
  });

  it('should count rate-limit hits of every worker in one fixed window', () => {
    expect(script('plenaryRateLimitHit', ['rl:k'], [1000])).toEqual([1, 1000]);
    now += 400;
    expect(script('plenaryRateLimitHit', ['rl:k'], [1000])).toEqual([2, 600]);
    now += 600;
    expect(script('plenaryRateLimitHit', ['rl:k'], [1000])).toEqual([1, 1000]);
  });

  it('should refuse a script it has no twin of, so callers fall back', () => {
    expect(() => script('plenaryUnknown', ['k'], [])).toThrow(/no twin/);
  });

  it('should drop expired keys on sweep', () => {
    store.set('a', '1', { px: 10 });
    store.set('b', '1');
    now += 10;
    store.sweep();
    expect(store.size).toBe(1);
  });
});
