import Redis from 'ioredis';

import type { DeclarationEndorsedPayload } from '../../src/realtime/realtime.contract';
import { grantStaff, makeEvent, makeRegistration, makeSession } from '../factories/event.factory';
import { registerUser } from '../utils/accounts';
import type { TestApp } from '../utils/create-test-app';
import { connectLive, LiveClient, ok, waitFor } from '../utils/socket-client';
import { createClusterDatabase, PlenaryNode, runPrefix, SHARED_REDIS_URL } from './cluster';

/**
 * The launch-ceremony counter across nodes: an organizer verifies an endorsement through node A, and
 * viewers connected to node B (in two different sessions of the event) receive the new count.
 */
describe('Declaration counter on two nodes (scale)', () => {
  const prefix = runPrefix();
  let database: Awaited<ReturnType<typeof createClusterDatabase>>;
  let nodeA: PlenaryNode;
  let nodeB: PlenaryNode;
  let a: TestApp;
  let b: TestApp;
  const sockets: LiveClient[] = [];

  beforeAll(async () => {
    database = await createClusterDatabase();
    const env = { DATABASE_URL: database.url, REDIS_URL: SHARED_REDIS_URL, REDIS_PREFIX: prefix };
    [nodeA, nodeB] = await Promise.all([PlenaryNode.start('node-a', env), PlenaryNode.start('node-b', env)]);
    a = nodeA.asTestApp(database.dataSource);
    b = nodeB.asTestApp(database.dataSource);
  });

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

  it('should send the verified count to live sessions on the other node', async () => {
    const event = await makeEvent(a);
    const ceremony = await makeSession(a, event.id, { title: 'Launch ceremony' });
    const panel = await makeSession(a, event.id, {
      title: 'Panel',
      startsAt: '2030-11-20T03:00:00.000Z',
      endsAt: '2030-11-20T04:00:00.000Z',
    });
    const organizer = await registerUser(a);
    await grantStaff(a, event.id, organizer.id, 'organizer');
    const viewers = [await registerUser(a), await registerUser(a)];
    for (const viewer of viewers) {
      await makeRegistration(a, event.id, viewer.id);
    }
    const onB: LiveClient[] = [];
    for (const [index, session] of [ceremony, panel].entries()) {
      const socket = await connectLive(b, viewers[index].token);
      sockets.push(socket);
      onB.push(socket);
      await ok(socket, 'session:join', { sessionId: session.id });
    }

    const base = `/api/events/${event.slug}/declarations`;
    const { body: declaration } = await a.http
      .post(base)
      .set(organizer.auth)
      .send({ title: 'Joint Initiative', texts: { en: 'We agree.', zh: '我们同意。' } })
      .expect(201);
    await a.http.post(`${base}/${declaration.id}/publish`).set(organizer.auth).expect(200);
    const { body: organization } = await a.http
      .post('/api/organizations')
      .set(viewers[0].auth)
      .send({ name: `Cluster Institute ${prefix}`, country: 'Kazakhstan' })
      .expect(201);
    const { body: endorsement } = await b.http
      .post(`${base}/${declaration.id}/endorsements`)
      .set(viewers[0].auth)
      .send({
        organizationId: organization.id,
        representative: { name: 'A. Representative', position: 'Director' },
      })
      .expect(201);

    const received = onB.map((socket) =>
      waitFor<DeclarationEndorsedPayload>(
        socket,
        'declaration:endorsed',
        (p) => p.declarationId === declaration.id,
      ),
    );
    await a.http
      .post(`${base}/${declaration.id}/endorsements/${endorsement.id}/verify`)
      .set(organizer.auth)
      .expect(200);
    for (const payload of await Promise.all(received)) {
      expect(payload).toEqual({
        declarationId: declaration.id,
        endorsements: 1,
        organization: { name: `Cluster Institute ${prefix}` },
      });
    }
    expect((await b.http.get(`${base}/${declaration.id}`).expect(200)).body.endorsements).toBe(1);
  });
});
