import Redis from 'ioredis';

import type { AgendaSession } from '../../src/agenda/agenda-session.entity';
import type { Event } from '../../src/events/event.entity';
import { grantStaff, makeEvent, makeRegistration, makeSession } from '../factories/event.factory';
import { registerUser, TestUser } from '../utils/accounts';
import type { TestApp } from '../utils/create-test-app';
import { connectLive, LiveClient, ok } from '../utils/socket-client';
import { createClusterDatabase, eventually, PlenaryNode, runPrefix, SHARED_REDIS_URL } from './cluster';

/**
 * Attendance across two real nodes: each node records its own sockets, and the analytics merge one user's
 * visits from both (a reconnect to the other node, two tabs on two nodes) into one visit.
 */
describe('Attendance on two nodes (scale)', () => {
  const prefix = runPrefix();
  let database: Awaited<ReturnType<typeof createClusterDatabase>>;
  let nodeA: PlenaryNode;
  let nodeB: PlenaryNode;
  let a: TestApp;
  let b: TestApp;
  let event: Event;
  let session: AgendaSession;
  let organizer: TestUser;
  const sockets: LiveClient[] = [];

  const live = async (t: TestApp, user: TestUser): Promise<LiveClient> => {
    const socket = await connectLive(t, user.token);
    sockets.push(socket);
    await ok(socket, 'session:join', { sessionId: session.id });
    return socket;
  };

  beforeAll(async () => {
    database = await createClusterDatabase();
    const env = { DATABASE_URL: database.url, REDIS_URL: SHARED_REDIS_URL, REDIS_PREFIX: prefix };
    [nodeA, nodeB] = await Promise.all([PlenaryNode.start('node-a', env), PlenaryNode.start('node-b', env)]);
    a = nodeA.asTestApp(database.dataSource);
    b = nodeB.asTestApp(database.dataSource);
    event = await makeEvent(a);
    session = await makeSession(a, event.id);
    organizer = await registerUser(a);
    await grantStaff(a, event.id, organizer.id, 'organizer');
    // Two nodes start and migrate in parallel: slow on a busy machine.
  }, 180_000);

  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await Promise.all([nodeA?.stop(), nodeB?.stop()]);
    await database?.drop();
    const redis = new Redis(SHARED_REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) {
      await redis.del(...keys);
    }
    await redis.quit();
  });

  it('should merge one user’s visits recorded by both nodes', async () => {
    const roaming = await registerUser(a);
    const twoTabs = await registerUser(a);
    await makeRegistration(a, event.id, roaming.id);
    await makeRegistration(a, event.id, twoTabs.id);

    const tabOnA = await live(a, twoTabs);
    const tabOnB = await live(b, twoTabs);
    const first = await live(a, roaming);
    first.close(); // the connection drops; the client comes back through the other node
    const second = await live(b, roaming);
    second.close();
    tabOnA.close();
    tabOnB.close();

    // Each node writes its own visits within seconds: four rows, two per node, all ended.
    await eventually('every visit written and ended', async () => {
      const rows = await database.dataSource.query<Array<{ node: string; endedAt: string | null }>>(
        `SELECT "node", "endedAt" FROM attendance_visits WHERE "sessionId" = $1`,
        [session.id],
      );
      return (
        rows.length === 4 &&
        rows.every((row) => row.endedAt !== null) &&
        new Set(rows.map((r) => r.node)).size === 2
      );
    });

    const figures = await b.http
      .get(`/api/events/${event.slug}/sessions/${session.id}/analytics`)
      .set({ Authorization: `Bearer ${organizer.token}` });
    expect(figures.status).toBe(200);
    expect(figures.body).toMatchObject({ uniqueViewers: 2, visits: 2, peakConcurrent: 2 });
  });
});
