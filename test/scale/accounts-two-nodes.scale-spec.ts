import Redis from 'ioredis';

import type { Event } from '../../src/events/event.entity';
import { MailOutboxEntry } from '../../src/mail/mail-outbox.entity';
import { makeEvent, makeSession } from '../factories/event.factory';
import { registerUser, TestUser } from '../utils/accounts';
import type { TestApp } from '../utils/create-test-app';
import { SmtpSink } from '../utils/smtp-sink';
import { connectLive, LiveClient, ok } from '../utils/socket-client';
import {
  createClusterDatabase,
  eventually,
  PlenaryNode,
  runPrefix,
  SHARED_REDIS_URL,
  sleep,
} from './cluster';

const NEW_PASSWORD = 'a brand new password';

/**
 * Accounts and mail over two real nodes on one PostgreSQL database and the shared Redis: a sign-out or a
 * password reset on node A refuses the old token on node B at once (REST and handshake) and drops B's
 * sockets of the account; the outbox, worked by both nodes, sends every mail exactly once to a real SMTP
 * server on loopback. Each node sends from its own address, so the test sees that both took part.
 */
describe('Accounts and mail on two nodes (scale)', () => {
  const prefix = runPrefix();
  let database: Awaited<ReturnType<typeof createClusterDatabase>>;
  let sink: SmtpSink;
  let nodeA: PlenaryNode;
  let nodeB: PlenaryNode;
  let a: TestApp;
  let b: TestApp;
  let event: Event;
  let sessionId: string;
  const sockets: LiveClient[] = [];

  /** Connected to `t` and in the event's session, with a promise of its disconnection. */
  async function live(t: TestApp, user: TestUser): Promise<{ socket: LiveClient; gone: Promise<string> }> {
    const socket = await connectLive(t, user.token);
    sockets.push(socket);
    await ok(socket, 'session:join', { sessionId });
    const gone = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    return { socket, gone };
  }

  /** Resolves with `promise`, or rejects after `ms` with `what`. */
  function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
    return Promise.race([
      promise,
      new Promise<T>((_resolve, reject) =>
        setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms),
      ),
    ]);
  }

  beforeAll(async () => {
    database = await createClusterDatabase();
    // Each message takes a moment to be accepted, so both nodes' workers are busy at once.
    sink = await new SmtpSink({ delayMs: 40 }).start();
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: SHARED_REDIS_URL,
      REDIS_PREFIX: prefix,
      SMTP_URL: sink.url,
      MAIL_RETRY_BASE_MS: '200',
      RATE_LIMITS: 'off',
      PUBLIC_URL: 'https://meeting.example.org',
    };
    [nodeA, nodeB] = await Promise.all([
      PlenaryNode.start('node-a', { ...env, MAIL_FROM: 'Plenary A <a@plenary.example>' }),
      PlenaryNode.start('node-b', { ...env, MAIL_FROM: 'Plenary B <b@plenary.example>' }),
    ]);
    a = nodeA.asTestApp(database.dataSource);
    b = nodeB.asTestApp(database.dataSource);
    event = await makeEvent(a, { title: 'Two Node Meeting' });
    sessionId = (await makeSession(a, event.id)).id;
  });

  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await Promise.all([nodeA?.stop(), nodeB?.stop()]);
    await sink?.stop();
    await database?.drop();
    const redis = new Redis(SHARED_REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) {
      await redis.del(...keys);
    }
    await redis.quit();
  });

  /** A registered attendee whose token node B has already checked (and so holds in its cache). */
  async function attendeeKnownToB(): Promise<TestUser> {
    const user = await registerUser(a);
    await a.http.post(`/api/events/${event.slug}/registrations`).set(user.auth).send({}).expect(201);
    await b.http.get('/api/me').set(user.auth).expect(200);
    return user;
  }

  it('should refuse a token signed out everywhere on node A at once on node B, and drop its sockets there', async () => {
    const user = await attendeeKnownToB();
    const other = await attendeeKnownToB();
    const onB = await live(b, user);
    const secondOnB = await live(b, user);
    const otherOnB = await live(b, other);
    const onA = await live(a, user);

    await a.http.post('/api/auth/logout-all').set(user.auth).expect(204);

    // No waiting: the change is in the shared token state before A answers.
    const rest = await b.http.get('/api/me').set(user.auth);
    expect([rest.status, rest.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    await expect(connectLive(b, user.token)).rejects.toThrow('UNAUTHENTICATED');
    await b.http.put(`/api/events/${event.slug}/sessions/${sessionId}/bookmark`).set(user.auth).expect(401);
    for (const socket of [onB, secondOnB, onA]) {
      await within(5000, 'the socket was disconnected', socket.gone);
    }
    expect(otherOnB.socket.connected).toBe(true);
    await b.http.get('/api/me').set(other.auth).expect(200);

    // A token issued after the sign-out works on both nodes.
    const login = await b.http
      .post('/api/auth/login')
      .send({ email: user.email, password: 'correct horse battery' })
      .expect(200);
    await a.http.get('/api/me').set('Authorization', `Bearer ${login.body.accessToken}`).expect(200);
  });

  it('should refuse a single signed-out token on node B at once, and leave the account’s other tokens alone', async () => {
    const user = await attendeeKnownToB();
    const second = await b.http
      .post('/api/auth/login')
      .send({ email: user.email, password: 'correct horse battery' })
      .expect(200);
    const secondAuth = { Authorization: `Bearer ${second.body.accessToken}` };
    const onB = await live(b, user);

    await a.http.post('/api/auth/logout').set(user.auth).expect(204);

    await b.http.get('/api/me').set(user.auth).expect(401);
    await expect(connectLive(b, user.token)).rejects.toThrow('UNAUTHENTICATED');
    await within(5000, 'the socket was disconnected', onB.gone);
    await b.http.get('/api/me').set(secondAuth).expect(200);
  });

  it('should sign out every earlier token on node B when the password is reset on node A', async () => {
    const user = await attendeeKnownToB();
    const onB = await live(b, user);

    await a.http.post('/api/auth/password/forgot').send({ email: user.email }).expect(202);
    await eventually('the reset mail', () => sink.to(user.email).some((m) => m.kind === 'password-reset'));
    const mail = sink.to(user.email).find((m) => m.kind === 'password-reset')!;
    const token = /reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
    expect(token).toBeDefined();
    const reset = await a.http
      .post('/api/auth/password/reset')
      .send({ token, password: NEW_PASSWORD })
      .expect(200);

    const rest = await b.http.get('/api/me').set(user.auth);
    expect([rest.status, rest.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    await expect(connectLive(b, user.token)).rejects.toThrow('UNAUTHENTICATED');
    await within(5000, 'the socket was disconnected', onB.gone);
    await b.http.get('/api/me').set('Authorization', `Bearer ${reset.body.accessToken}`).expect(200);
    await b.http.post('/api/auth/login').send({ email: user.email, password: NEW_PASSWORD }).expect(200);
  });

  it('should refuse the token of an account deleted on node A at once on node B, and drop its sockets there', async () => {
    const user = await attendeeKnownToB();
    const onB = await live(b, user);

    await a.http.delete('/api/me').set(user.auth).send({ password: 'correct horse battery' }).expect(204);

    const rest = await b.http.get('/api/me').set(user.auth);
    expect([rest.status, rest.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    await expect(connectLive(b, user.token)).rejects.toThrow('UNAUTHENTICATED');
    await within(5000, 'the socket was disconnected', onB.gone);
  });

  it('should send every mail of the shared outbox exactly once while both nodes work it', async () => {
    const count = 40;
    const people = await Promise.all(
      Array.from({ length: count }, (_, i) => registerUser(i % 2 === 0 ? a : b)),
    );
    const mailEvent = await makeEvent(a, { title: 'Mail Meeting' });
    // Half the sign-ups on each node, all at once: both nodes queue mails while both workers send.
    await Promise.all(
      people.map((person, i) =>
        (i % 2 === 0 ? a : b).http
          .post(`/api/events/${mailEvent.slug}/registrations`)
          .set(person.auth)
          .send({})
          .expect(201),
      ),
    );

    const confirmations = () => sink.received.filter((m) => m.subject.includes('Mail Meeting'));
    await eventually(
      'every confirmation arrived',
      async () =>
        confirmations().length >= count &&
        (await database.dataSource
          .getRepository(MailOutboxEntry)
          .countBy({ kind: 'registration-confirmed', status: 'queued' })) === 0,
      120,
    );
    // Long enough for a second copy from the other node to have arrived, were there one.
    await sleep(2500);

    const received = confirmations();
    expect(received).toHaveLength(count);
    expect(new Set(received.map((m) => m.messageId)).size).toBe(count);
    for (const person of people) {
      expect([
        person.email,
        sink.to(person.email).filter((m) => m.subject.includes('Mail Meeting')).length,
      ]).toEqual([person.email, 1]);
    }
    const senders = new Set(received.map((m) => m.from));
    expect([...senders].sort()).toEqual([
      '"Plenary A" <a@plenary.example>',
      '"Plenary B" <b@plenary.example>',
    ]);
    const rows = await database.dataSource
      .getRepository(MailOutboxEntry)
      .findBy({ kind: 'registration-confirmed', status: 'sent' });
    expect(rows.filter((row) => people.some((person) => person.id === row.userId))).toHaveLength(count);
    expect(rows.every((row) => row.attempts === 1)).toBe(true);
  });
});
