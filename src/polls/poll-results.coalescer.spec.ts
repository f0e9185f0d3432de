import type { LiveCluster } from '../realtime/live-cluster';
import {
  POLL_RESULTS_MAX_WAIT_MS,
  POLL_RESULTS_QUIET_MS,
  POLL_RESULTS_WINDOW_MS,
  PollResultsCoalescer,
} from './poll-results.coalescer';

describe('PollResultsCoalescer', () => {
  let coalescer: PollResultsCoalescer;
  let announced: Array<{ pollId: string; at: number }>;
  let start: number;

  /** Advances the fake clock and lets the flush's promise callbacks run. */
  async function advance(ms: number): Promise<void> {
    await jest.advanceTimersByTimeAsync(ms);
  }

  beforeEach(() => {
    jest.useFakeTimers();
    start = Date.now();
    announced = [];
    coalescer = new PollResultsCoalescer({ enabled: false, ready: false } as unknown as LiveCluster);
    coalescer.onFlush((pollId) => {
      announced.push({ pollId, at: Date.now() - start });
      return Promise.resolve();
    });
  });
  afterEach(() => {
    coalescer.onModuleDestroy();
    jest.useRealTimers();
  });

  it('should announce a lone vote once its poll has been quiet briefly', async () => {
    coalescer.changed('p1');
    await advance(POLL_RESULTS_QUIET_MS - 1);
    expect(announced).toEqual([]);
    await advance(1);
    expect(announced).toEqual([{ pollId: 'p1', at: POLL_RESULTS_QUIET_MS }]);
  });

  it('should announce a storm once a second while it lasts and right after it ends', async () => {
    // A vote every 10 ms for 2.5 s (the last at 2,490 ms).
    for (let at = 0; at < 2500; at += 10) {
      coalescer.changed('p1');
      await advance(10);
    }
    await advance(POLL_RESULTS_QUIET_MS + 10);
    const times = announced.map((entry) => entry.at);
    expect(times).toEqual([
      POLL_RESULTS_MAX_WAIT_MS,
      2 * POLL_RESULTS_MAX_WAIT_MS,
      2490 + POLL_RESULTS_QUIET_MS,
    ]);
  });

  it('should never announce a poll more than twice in any window', async () => {
    // Bursts of votes separated by pauses just longer than the quiet time.
    for (let burst = 0; burst < 20; burst++) {
      coalescer.changed('p1');
      await advance(POLL_RESULTS_QUIET_MS + 5);
    }
    await advance(2 * POLL_RESULTS_WINDOW_MS);
    const times = announced.map((entry) => entry.at);
    expect(times.length).toBeGreaterThan(2);
    for (let index = 2; index < times.length; index++) {
      expect(times[index] - times[index - 2]).toBeGreaterThanOrEqual(POLL_RESULTS_WINDOW_MS);
    }
    // The last change was announced.
    expect(times[times.length - 1]).toBeGreaterThanOrEqual(19 * (POLL_RESULTS_QUIET_MS + 5));
  });

  it('should announce each poll on its own schedule', async () => {
    coalescer.changed('p1');
    await advance(20);
    coalescer.changed('p2');
    await advance(POLL_RESULTS_QUIET_MS);
    expect(announced).toEqual([
      { pollId: 'p1', at: POLL_RESULTS_QUIET_MS },
      { pollId: 'p2', at: 20 + POLL_RESULTS_QUIET_MS },
    ]);
  });
});
