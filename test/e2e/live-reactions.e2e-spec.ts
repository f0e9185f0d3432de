import { randomUUID } from 'node:crypto';

import type { Event } from '../../src/events/event.entity';
import type { ReactionBurstPayload } from '../../src/realtime/realtime.contract';
import { dataSourceOf, makeEvent, makeRegistration, makeSession } from '../factories/event.factory';
import { registerUser, TestUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { eventually } from '../utils/eventually';
import { command, connectLive, LiveClient, ok, record, waitFor } from '../utils/socket-client';

describe('Live reactions (e2e)', () => {
  let t: TestApp;
  let event: Event;
  const sockets: LiveClient[] = [];

  const newAttendee = async (): Promise<TestUser> => {
    const user = await registerUser(t);
    await makeRegistration(t, event.id, user.id);
    return user;
  };
  const join = async (user: TestUser, sessionId: string): Promise<LiveClient> => {
    const socket = await connectLive(t, user.token);
    sockets.push(socket);
    await ok(socket, 'session:join', { sessionId });
    return socket;
  };

  beforeAll(async () => {
    t = await createTestApp();
    event = await makeEvent(t);
  });
  afterEach(() => {
    sockets.splice(0).forEach((socket) => socket.close());
  });
  afterAll(async () => {
    await t.close();
  });

  it('should sum reactions into one burst per second and store per-minute totals, not single reactions', async () => {
    const session = await makeSession(t, event.id);
    const watcher = await join(await newAttendee(), session.id);
    const reactors = await Promise.all([1, 2, 3].map(async () => join(await newAttendee(), session.id)));
    const saw = record(watcher);
    const burst = waitFor<ReactionBurstPayload>(watcher, 'reaction:burst');
    for (const socket of reactors) {
      await expect(command(socket, 'reaction:send', { sessionId: session.id, emoji: '👏' })).resolves.toEqual(
        { data: {} },
      );
    }
    await ok(reactors[0], 'reaction:send', { sessionId: session.id, emoji: '🎉' });
    await expect(burst).resolves.toEqual({ sessionId: session.id, counts: { '👏': 3, '🎉': 1 } });
    expect(saw.filter((r) => r.event === 'reaction:burst')).toHaveLength(1);

    await eventually('the per-minute totals are stored', async () => {
      const rows = await dataSourceOf(t).query(
        `SELECT "emoji", "count" FROM reaction_minutes WHERE "sessionId" = ? ORDER BY "emoji"`,
        [session.id],
      );
      const totals = Object.fromEntries(
        rows.map((row: { emoji: string; count: number }) => [row.emoji, Number(row.count)]),
      );
      return totals['👏'] === 3 && totals['🎉'] === 1;
    });
  });

  it('should allow two reactions a second per user and refuse the third', async () => {
    const session = await makeSession(t, event.id);
    const socket = await join(await newAttendee(), session.id);
    const acks = [];
    for (let index = 0; index < 3; index++) {
      acks.push(await command(socket, 'reaction:send', { sessionId: session.id, emoji: '❤️' }));
    }
    // The window starts at the first reaction, so the first two pass and the third is refused.
    expect(acks.slice(0, 2)).toEqual([{ data: {} }, { data: {} }]);
    expect(acks[2]).toMatchObject({
      error: { code: 'RATE_LIMITED', details: { retryAfterMs: expect.any(Number) } },
    });
  });

  it('should refuse reactions outside the six emoji and from sockets that did not join', async () => {
    const session = await makeSession(t, event.id);
    const joined = await join(await newAttendee(), session.id);
    for (const payload of [
      { sessionId: session.id, emoji: '💩' },
      { sessionId: session.id, emoji: '👏', extra: 1 },
      { sessionId: 'nope', emoji: '👏' },
      { sessionId: session.id },
    ]) {
      await expect(command(joined, 'reaction:send', payload)).resolves.toMatchObject({
        error: { code: 'VALIDATION_FAILED' },
      });
    }
    const outsider = await connectLive(t, (await newAttendee()).token);
    sockets.push(outsider);
    await expect(
      command(outsider, 'reaction:send', { sessionId: session.id, emoji: '👏' }),
    ).resolves.toMatchObject({
      error: { code: 'SESSION_NOT_JOINED' },
    });
    await expect(
      command(outsider, 'reaction:send', { sessionId: randomUUID(), emoji: '👏' }),
    ).resolves.toMatchObject({
      error: { code: 'SESSION_NOT_JOINED' },
    });
  });
});
