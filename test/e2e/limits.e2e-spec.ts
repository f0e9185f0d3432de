import { randomUUID } from 'node:crypto';

import jwt from 'jsonwebtoken';
import { io } from 'socket.io-client';
import WebSocket from 'ws';

import { AUTH_LIMITS } from '../../src/auth/auth.controller';
import { CHAT_RATE } from '../../src/chat/chat.service';
import { MAX_SOCKET_PAYLOAD } from '../../src/realtime/live-io.adapter';
import { LIVE_IP_LIMITS } from '../../src/realtime/live-socket';
import { QUESTION_RATE } from '../../src/qa/questions.service';
import { makeEvent, makeRegistration, makeSession } from '../factories/event.factory';
import { registerUser, TestUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { makeUser } from '../utils/world';
import { command, connectLive, LiveClient, ok } from '../utils/socket-client';

/**
 * The limits that keep one client from hurting the others: login and sign-up throttles, token checks on
 * both transports, browser origins, Socket.IO frame size and the connect timeout.
 */
describe('Limits (e2e)', () => {
  let t: TestApp;
  let user: TestUser;
  const sockets: LiveClient[] = [];
  // The app trusts X-Forwarded-For from loopback proxies, so each test can speak from its own address.
  let octet = 0;
  const newIp = (): string => {
    octet += 1;
    return `203.0.113.${octet}`;
  };

  beforeAll(async () => {
    t = await createTestApp({ CORS_ORIGINS: 'https://partner.example' });
    user = await registerUser(t);
  });
  afterEach(() => {
    sockets.splice(0).forEach((socket) => socket.close());
  });
  afterAll(async () => {
    await t.close();
  });

  const login = (email: string, password: string, ip: string) =>
    t.http.post('/api/auth/login').set('X-Forwarded-For', ip).send({ email, password });

  describe('sign-in and sign-up throttles', () => {
    it('should throttle password guessing per account, whatever the address, and tell when to retry', async () => {
      const victim = await registerUser(t);
      for (let attempt = 0; attempt < AUTH_LIMITS.loginPerAccount.limit; attempt += 1) {
        await login(victim.email, `wrong password ${attempt}`, newIp()).expect(401);
      }
      // Even the right password from a fresh address waits now: the guesser cannot tell it was right.
      const limited = await login(victim.email.toUpperCase(), 'correct horse battery', newIp()).expect(429);
      expect(limited.body).toMatchObject({
        code: 'RATE_LIMITED',
        details: { retryAfterMs: expect.any(Number) },
      });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // Other accounts are not affected.
      await login(user.email, 'correct horse battery', newIp()).expect(200);
    });

    it('should throttle one address trying many accounts, leniently, and no other address', async () => {
      const ip = newIp();
      const email = `guess-${randomUUID()}@example.test`;
      // The per-account limit answers most of these before any password is hashed; all count for the address.
      const statuses = new Set<number>();
      for (let attempt = 0; attempt < AUTH_LIMITS.loginPerIp.limit; attempt += 1) {
        statuses.add((await login(email, 'wrong password', ip)).status);
      }
      expect([...statuses].sort()).toEqual([401, 429]);
      const other = `other-${randomUUID()}@example.test`;
      const limited = await login(other, 'wrong password', ip).expect(429);
      expect(limited.body.code).toBe('RATE_LIMITED');
      await login(other, 'wrong password', newIp()).expect(401);
    }, 120_000);

    it('should let a whole audience behind one address sign up, then throttle that address only', async () => {
      const ip = newIp();
      const signUp = (from: string) =>
        t.http
          .post('/api/auth/register')
          .set('X-Forwarded-For', from)
          .send({
            email: `nat-${randomUUID()}@example.test`,
            password: 'correct horse battery',
            name: 'Attendee',
          });
      expect(AUTH_LIMITS.registerPerIp.limit).toBeGreaterThanOrEqual(60);
      for (let i = 0; i < AUTH_LIMITS.registerPerIp.limit; i += 1) {
        await signUp(ip).expect(201);
      }
      const limited = await signUp(ip).expect(429);
      expect(limited.body.code).toBe('RATE_LIMITED');
      await signUp(newIp()).expect(201);
    }, 120_000);
  });

  describe('live command throttles', () => {
    /** Attendees of one session, all connecting from `ip` (through the loopback proxy). */
    const audience = async (count: number, ip: string) => {
      const event = await makeEvent(t);
      const session = await makeSession(t, event.id);
      const members: LiveClient[] = [];
      for (let i = 0; i < count; i += 1) {
        const member = await makeUser(t, 'nat');
        await makeRegistration(t, event.id, member.id);
        const socket = await connectLive(t, member.token, { extraHeaders: { 'X-Forwarded-For': ip } });
        sockets.push(socket);
        await ok(socket, 'session:join', { sessionId: session.id });
        members.push(socket);
      }
      return { session, members };
    };
    const codesOf = (acks: Array<{ error?: { code: string } }>) => acks.map((ack) => ack.error?.code ?? 'ok');

    it('should throttle chat per address, leniently, above the per-account limit', async () => {
      const ip = newIp();
      const perUser = CHAT_RATE.limit;
      const { session, members } = await audience(Math.ceil(LIVE_IP_LIMITS.chat.limit / perUser), ip);
      const acks = [];
      for (const member of members) {
        for (let i = 0; i < perUser; i += 1) {
          acks.push(
            await command(member, 'chat:send', {
              sessionId: session.id,
              text: `hi ${i}`,
              clientId: randomUUID(),
            }),
          );
        }
      }
      const codes = codesOf(acks as Array<{ error?: { code: string } }>);
      expect(codes.slice(0, LIVE_IP_LIMITS.chat.limit).every((code) => code === 'ok')).toBe(true);
      const [extra] = await audience(1, ip).then(({ members: [m] }) => [m]);
      const refused = await command(extra, 'chat:send', {
        sessionId: session.id,
        text: 'one more',
        clientId: randomUUID(),
      });
      expect(refused).toEqual({ error: expect.objectContaining({ code: 'RATE_LIMITED' }) });
      const elsewhere = await audience(1, newIp());
      const fine = await command(elsewhere.members[0], 'chat:send', {
        sessionId: elsewhere.session.id,
        text: 'from another address',
        clientId: randomUUID(),
      });
      expect(fine).toEqual({ data: expect.anything() });
    }, 120_000);

    it('should throttle questions per address above the per-account limit', async () => {
      const ip = newIp();
      const perUser = QUESTION_RATE.limit;
      const { session, members } = await audience(Math.ceil(LIVE_IP_LIMITS.ask.limit / perUser) + 1, ip);
      const codes: string[] = [];
      for (const member of members) {
        for (let i = 0; i < perUser; i += 1) {
          const ack = await command(member, 'qa:ask', {
            sessionId: session.id,
            text: `why ${i}?`,
            clientId: randomUUID(),
          });
          codes.push('error' in ack ? ack.error.code : 'ok');
        }
      }
      expect(codes.filter((code) => code === 'ok')).toHaveLength(LIVE_IP_LIMITS.ask.limit);
      expect(codes.slice(LIVE_IP_LIMITS.ask.limit).every((code) => code === 'RATE_LIMITED')).toBe(true);
    }, 120_000);

    it('should keep the per-address limits lenient enough for an audience behind one NAT address', () => {
      expect(LIVE_IP_LIMITS.chat.limit / (LIVE_IP_LIMITS.chat.windowMs / 1000)).toBeGreaterThanOrEqual(20);
      expect(LIVE_IP_LIMITS.vote.limit).toBeGreaterThan(LIVE_IP_LIMITS.chat.limit);
    });
  });

  describe('tokens', () => {
    const forged = (): Record<string, string> => {
      const [header, payload, signature] = user.token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      const tampered = Buffer.from(JSON.stringify({ ...claims, sub: randomUUID() })).toString('base64url');
      const none = jwt.sign({ sub: user.id, email: user.email, name: user.name }, '', {
        algorithm: 'none',
        issuer: 'plenary',
        audience: 'plenary-api',
      });
      const secret = t.config.jwtSecret!;
      const claimsOf = { sub: user.id, email: user.email, name: user.name };
      return {
        tampered: `${header}.${tampered}.${signature}`,
        'alg none': none,
        'alg none, signature kept': `${none.split('.')[0]}.${payload}.${signature}`,
        expired: jwt.sign({ ...claimsOf, exp: Math.floor(Date.now() / 1000) - 60 }, secret, {
          issuer: 'plenary',
          audience: 'plenary-api',
        }),
        'not yet valid': jwt.sign(claimsOf, secret, {
          issuer: 'plenary',
          audience: 'plenary-api',
          notBefore: 3600,
        }),
        'wrong issuer': jwt.sign(claimsOf, secret, { issuer: 'someone', audience: 'plenary-api' }),
        'wrong secret': jwt.sign(claimsOf, 'another-secret-that-is-long-enough-0123456789', {
          issuer: 'plenary',
          audience: 'plenary-api',
        }),
        HS512: jwt.sign(claimsOf, secret, { algorithm: 'HS512', issuer: 'plenary', audience: 'plenary-api' }),
        garbage: 'not.a.token',
      };
    };

    it('should refuse tampered, alg-none, expired and foreign tokens on REST', async () => {
      for (const [name, token] of Object.entries(forged())) {
        const response = await t.http.get('/api/auth/me').set('Authorization', `Bearer ${token}`);
        expect({ name, status: response.status, code: response.body.code }).toEqual({
          name,
          status: 401,
          code: 'UNAUTHENTICATED',
        });
      }
    });

    it('should refuse the same tokens at the Socket.IO handshake on both transports', async () => {
      for (const transports of [['websocket'], ['polling']]) {
        for (const [name, token] of Object.entries(forged())) {
          const error = await connectLive(t, token, { transports }).then(
            (socket) => {
              socket.close();
              return `${name}: connected`;
            },
            (reason: Error) => reason.message,
          );
          expect(error).toBe('UNAUTHENTICATED');
        }
      }
      const good = await connectLive(t, user.token);
      sockets.push(good);
      expect(good.connected).toBe(true);
    });
  });

  describe('browser origins', () => {
    it('should answer CORS only for the same origin and the listed ones', async () => {
      const preflight = (origin: string) =>
        t.http
          .options('/api/events')
          .set('Origin', origin)
          .set('Access-Control-Request-Method', 'POST')
          .set('Access-Control-Request-Headers', 'authorization,content-type');
      const listed = await preflight('https://partner.example');
      expect(listed.headers['access-control-allow-origin']).toBe('https://partner.example');
      const same = await preflight(t.url);
      expect(same.headers['access-control-allow-origin']).toBe(t.url);
      for (const origin of [
        'https://evil.example',
        'null',
        `${t.url}.evil.example`,
        'http://partner.example',
      ]) {
        const refused = await preflight(origin);
        expect({ origin, allowed: refused.headers['access-control-allow-origin'] }).toEqual({
          origin,
          allowed: undefined,
        });
      }
    });

    it('should refuse foreign origins at the Socket.IO handshake and accept the listed one', async () => {
      for (const origin of ['https://evil.example', 'null', 'http://partner.example']) {
        for (const transports of [['websocket'], ['polling']]) {
          await expect(
            connectLive(t, user.token, { transports, extraHeaders: { Origin: origin } }),
          ).rejects.toThrow();
        }
      }
      const listed = await connectLive(t, user.token, {
        extraHeaders: { Origin: 'https://partner.example' },
      });
      sockets.push(listed);
      expect(listed.connected).toBe(true);
    });
  });

  describe('Socket.IO frames and connections', () => {
    it('should close a connection that sends a frame over 64 KiB and keep serving others', async () => {
      expect(MAX_SOCKET_PAYLOAD).toBe(64 * 1024);
      const event = await makeEvent(t);
      const session = await makeSession(t, event.id);
      await makeRegistration(t, event.id, user.id);
      const big = await connectLive(t, user.token);
      sockets.push(big);
      const closed = new Promise<string>((resolve) => big.once('disconnect', (reason) => resolve(reason)));
      // Typed emits want an ack; this frame never gets one, the connection closes first.
      (big as unknown as { emit(event: string, payload: unknown): void }).emit('chat:send', {
        sessionId: session.id,
        text: 'x'.repeat(MAX_SOCKET_PAYLOAD + 1),
        clientId: randomUUID(),
      });
      expect(await closed).toBe('transport close');

      const fine = await connectLive(t, user.token);
      sockets.push(fine);
      await ok(fine, 'session:join', { sessionId: session.id });
      const ack = await command(fine, 'chat:send', {
        sessionId: session.id,
        text: 'still here',
        clientId: randomUUID(),
      });
      expect(ack).toEqual({ data: expect.objectContaining({ message: expect.any(Object) }) });
    });

    it('should drop a transport that never joins the namespace after the connect timeout', async () => {
      // A raw Engine.IO websocket that completes the transport handshake but never sends CONNECT.
      const raw = new WebSocket(`${t.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
      const opened = new Promise<void>((resolve) => raw.once('open', () => resolve()));
      const closed = new Promise<number>((resolve) => raw.once('close', (code) => resolve(code)));
      await opened;
      await expect(closed).resolves.toEqual(expect.any(Number));
    }, 20_000);

    it('should refuse a handshake that carries no auth at all', async () => {
      const socket = io(`${t.url}/live`, { transports: ['websocket'], reconnection: false, forceNew: true });
      const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
      socket.close();
      expect(error.message).toBe('UNAUTHENTICATED');
    });
  });
});
