import { randomUUID } from 'node:crypto';

import type { AgendaSession } from '../../src/agenda/agenda-session.entity';
import type { Event } from '../../src/events/event.entity';
import type { ChatMessage, JoinSessionResult } from '../../src/realtime/realtime.contract';
import { makeEvent, makeRegistration, makeSession } from '../factories/event.factory';
import { registerUser, TestUser } from '../utils/accounts';
import type { TestApp } from '../utils/create-test-app';
import { command, connectLive, LiveClient, ok, waitFor } from '../utils/socket-client';
import {
  createClusterDatabase,
  eventually,
  freePort,
  PlenaryNode,
  RedisServer,
  runPrefix,
  sleep,
} from './cluster';

/**
 * Redis going away for a few seconds: a Redis server of this test's own is killed and restarted on the same
 * port under two running nodes. Nodes stay up and keep serving their own sockets; cross-node delivery,
 * shared presence and shared rate limits come back with Redis.
 */
describe('Two nodes through a Redis outage (scale)', () => {
  let redisPort: number;
  let redis: RedisServer | null = null;
  let database: Awaited<ReturnType<typeof createClusterDatabase>>;
  let nodeA: PlenaryNode;
  let nodeB: PlenaryNode;
  let a: TestApp;
  let b: TestApp;
  let event: Event;
  let session: AgendaSession;
  const sockets: LiveClient[] = [];

  async function attendee(): Promise<TestUser> {
    const user = await registerUser(a);
    await makeRegistration(a, event.id, user.id);
    return user;
  }

  async function live(t: TestApp, user: TestUser): Promise<LiveClient> {
    const socket = await connectLive(t, user.token);
    sockets.push(socket);
    await ok(socket, 'session:join', { sessionId: session.id });
    return socket;
  }

  const redisConnected = async (node: PlenaryNode): Promise<boolean> =>
    /plenary_redis_connected\{[^}]*\} 1/.test(await node.metrics());

  const send = (socket: LiveClient, text: string) =>
    ok<{ message: ChatMessage }>(socket, 'chat:send', {
      sessionId: session.id,
      text,
      clientId: randomUUID(),
    });

  beforeAll(async () => {
    redisPort = await freePort();
    redis = await RedisServer.start(redisPort);
    database = await createClusterDatabase();
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      REDIS_PREFIX: runPrefix(),
    };
    [nodeA, nodeB] = await Promise.all([PlenaryNode.start('node-a', env), PlenaryNode.start('node-b', env)]);
    a = nodeA.asTestApp(database.dataSource);
    b = nodeB.asTestApp(database.dataSource);
    event = await makeEvent(a);
    session = await makeSession(a, event.id);
  });

  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await Promise.all([nodeA?.stop(), nodeB?.stop()]);
    await redis?.stop();
    await database?.drop();
  });

  it('should keep both nodes serving while Redis is away and share again once it is back', async () => {
    const alice = await live(a, await attendee());
    const bob = await live(b, await attendee());
    await eventually(
      'both nodes use Redis',
      async () => (await redisConnected(nodeA)) && (await redisConnected(nodeB)),
    );
    const before = waitFor<{ message: ChatMessage }>(
      bob,
      'chat:message-posted',
      (p) => p.message.text === 'before',
    );
    await send(alice, 'before');
    await before;

    await redis!.kill();
    redis = null;
    await eventually(
      'both nodes notice Redis is gone',
      async () => !(await redisConnected(nodeA)) && !(await redisConnected(nodeB)),
    );

    // Redis is down: commands keep working on each node for its own sockets.
    const ownEcho = waitFor<{ message: ChatMessage }>(
      alice,
      'chat:message-posted',
      (p) => p.message.text === 'during',
    );
    const during = await send(alice, 'during');
    expect((await ownEcho).message.id).toBe(during.message.id);
    const carol = await attendee();
    const carolOnB = await connectLive(b, carol.token);
    sockets.push(carolOnB);
    const joined = await ok<JoinSessionResult>(carolOnB, 'session:join', { sessionId: session.id });
    expect(joined.presence.count).toBeGreaterThanOrEqual(1);
    // Rate limits do not fail open: they fall back to this node's memory (10 messages per 10 s).
    const flooder = await live(a, await attendee());
    for (let i = 0; i < 10; i += 1) {
      await send(flooder, `flood ${i}`);
    }
    expect(
      await command(flooder, 'chat:send', {
        sessionId: session.id,
        text: 'one too many',
        clientId: randomUUID(),
      }),
    ).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    // Long enough for queued publishes to be given up (three reconnect attempts): nobody crashes on that.
    await sleep(3000);
    expect([nodeA.running, nodeB.running]).toEqual([true, true]);
    for (const node of [nodeA, nodeB]) {
      expect((await fetch(`${node.url}/health`)).status).toBe(200);
    }

    redis = await RedisServer.start(redisPort);
    await eventually(
      'both nodes reconnect',
      async () => (await redisConnected(nodeA)) && (await redisConnected(nodeB)),
      80,
    );

    // Cross-node delivery resumes (the adapter resubscribed)…
    let attempt = 0;
    await eventually(
      'a message from node A reaches node B again',
      async () => {
        attempt += 1;
        const text = `after ${attempt}`;
        const arrived = waitFor(
          bob,
          'chat:message-posted',
          (p: { message: ChatMessage }) => p.message.text === text,
        );
        await send(alice, text);
        return arrived.then(() => true);
      },
      10,
      0,
    );
    // …and presence is shared again: each node rewrote its users into the empty Redis.
    await eventually('presence counts both nodes again', async () => {
      const rejoined = await ok<JoinSessionResult>(carolOnB, 'session:join', { sessionId: session.id });
      return rejoined.presence.count === 4;
    });
    expect([nodeA.running, nodeB.running]).toEqual([true, true]);
  });
});
