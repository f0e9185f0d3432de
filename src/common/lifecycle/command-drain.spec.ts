import { CommandDrain } from './command-drain';

describe('CommandDrain', () => {
  it('should wait for running commands and refuse new ones once draining', async () => {
    const drain = new CommandDrain();
    expect(drain.enter()).toBe(true);
    expect(drain.enter()).toBe(true);
    let drained = false;
    const done = drain.drain(10_000).then(() => {
      drained = true;
    });
    expect(drain.enter()).toBe(false);
    drain.leave();
    await Promise.resolve();
    expect(drained).toBe(false);
    drain.leave();
    await done;
    expect(drained).toBe(true);
  });

  it('should give up waiting after the timeout', async () => {
    const drain = new CommandDrain();
    drain.enter();
    await expect(drain.drain(10)).resolves.toBeUndefined();
    expect(drain.isDraining).toBe(true);
  });
});
