import { randomUUID } from 'node:crypto';

import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { dataSourceOf, grantStaff, makeEvent, makeRegistration } from '../factories/event.factory';
import { registerUser, TestUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { connectLive, ok } from '../utils/socket-client';
import { makeWorld } from '../utils/world';

const PASSWORD = 'correct horse battery';

describe('Profile, export and account deletion (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMITS: 'off' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('should return and change the profile, refusing bad values', async () => {
    const user = await registerUser(t, { name: 'Ana Lima' });
    const me = await t.http.get('/api/me').set(user.auth).expect(200);
    expect(me.body).toEqual({
      id: user.id,
      email: user.email,
      name: 'Ana Lima',
      locale: 'en',
      timezone: null,
      reminders: true,
      roles: [],
    });
    const changed = await t.http
      .patch('/api/me')
      .set(user.auth)
      .send({ name: ' Ana L. ', locale: 'ru', timezone: 'Europe/Moscow', reminders: false })
      .expect(200);
    expect(changed.body).toMatchObject({
      name: 'Ana L.',
      locale: 'ru',
      timezone: 'Europe/Moscow',
      reminders: false,
    });
    expect(changed.body.accessToken).toBeUndefined();
    await t.http.patch('/api/me').set(user.auth).send({ timezone: null }).expect(200);
    expect((await t.http.get('/api/me').set(user.auth).expect(200)).body.timezone).toBeNull();

    for (const body of [
      { locale: 'de' },
      { timezone: 'Mars/Olympus' },
      { reminders: 'yes' },
      { role: 'admin' },
    ]) {
      const refused = await t.http.patch('/api/me').set(user.auth).send(body).expect(400);
      expect(refused.body.code).toBe('VALIDATION_FAILED');
    }
    await t.http.patch('/api/me').send({ name: 'Anonymous' }).expect(401);
  });

  it('should change the password only with the current one and sign out the other tokens', async () => {
    const user = await registerUser(t);
    const wrong = await t.http
      .patch('/api/me')
      .set(user.auth)
      .send({ password: { current: 'not my password', next: 'a much better password' } })
      .expect(403);
    expect(wrong.body.code).toBe('WRONG_PASSWORD');
    const changed = await t.http
      .patch('/api/me')
      .set(user.auth)
      .send({ password: { current: PASSWORD, next: 'a much better password' } })
      .expect(200);
    await t.http.get('/api/me').set(user.auth).expect(401);
    await t.http.get('/api/me').set('Authorization', `Bearer ${changed.body.accessToken}`).expect(200);
    await t.http.post('/api/auth/login').send({ email: user.email, password: PASSWORD }).expect(401);
    await t.http
      .post('/api/auth/login')
      .send({ email: user.email, password: 'a much better password' })
      .expect(200);
  });

  it('should export every personal record and no secret', async () => {
    const user = await registerUser(t);
    const event = await makeEvent(t, {
      registrationFields: [{ key: 'org', label: 'Organisation', type: 'text', required: false }],
    });
    await t.http
      .post(`/api/events/${event.slug}/registrations`)
      .set(user.auth)
      .send({ answers: { org: 'Silk Road Institute' } })
      .expect(201);
    await t.http.get('/api/me/calendar').set(user.auth).expect(200);
    const exported = await t.http.get('/api/me/export').set(user.auth).expect(200);
    expect(exported.headers['content-disposition']).toContain('attachment');
    expect(exported.body.account).toMatchObject({
      id: user.id,
      email: user.email,
      name: user.name,
      locale: 'en',
    });
    expect(exported.body.records.registrations).toEqual([
      expect.objectContaining({
        eventId: event.id,
        status: 'confirmed',
        answers: { org: 'Silk Road Institute' },
      }),
    ]);
    expect(exported.body.records.calendar_feeds).toEqual([
      { userId: user.id, createdAt: expect.any(String) },
    ]);
    expect(exported.body.records.mail_outbox).toEqual([
      expect.objectContaining({ kind: 'registration-confirmed' }),
    ]);
    const text = JSON.stringify(exported.body);
    expect(text).not.toContain('passwordHash');
    expect(text).not.toContain('scrypt$');
    expect(text).not.toContain('tokenHash');
  });

  it('should refuse to delete the last organizer of an event and a wrong password', async () => {
    const user = await registerUser(t);
    const event = await makeEvent(t);
    await grantStaff(t, event.id, user.id, 'organizer');
    const wrong = await t.http
      .delete('/api/me')
      .set(user.auth)
      .send({ password: 'not my password' })
      .expect(403);
    expect(wrong.body.code).toBe('WRONG_PASSWORD');
    const last = await t.http.delete('/api/me').set(user.auth).send({ password: PASSWORD }).expect(409);
    expect(last.body).toMatchObject({ code: 'LAST_ORGANIZER', details: { events: [event.slug] } });
    const other = await registerUser(t);
    await grantStaff(t, event.id, other.id, 'organizer');
    await t.http.delete('/api/me').set(user.auth).send({ password: PASSWORD }).expect(204);
    const roles = (await t.http.get('/api/me').set(other.auth).expect(200)).body.roles;
    expect(roles).toEqual([{ eventSlug: event.slug, role: 'organizer' }]);
  });

  it('should erase an account: seats passed on, posts kept as a former participant, tokens and feeds dead', async () => {
    const w = await makeWorld(t);
    const leaving: TestUser = await registerUser(t, { name: 'Leaving Person' });
    const event = await makeEvent(t, { registrationCapacity: 1 });
    await t.http.post(`/api/events/${event.slug}/registrations`).set(leaving.auth).send({}).expect(201);
    const waiting = await registerUser(t);
    const queued = await t.http
      .post(`/api/events/${event.slug}/registrations`)
      .set(waiting.auth)
      .send({})
      .expect(201);
    expect(queued.body.status).toBe('waitlisted');

    await makeRegistration(t, w.a.event.id, leaving.id, 'confirmed');
    const socket = await connectLive(t, leaving.token);
    await ok(socket, 'session:join', { sessionId: w.a.session.id });
    await ok(socket, 'chat:send', { sessionId: w.a.session.id, text: 'Thanks all', clientId: randomUUID() });
    await ok(socket, 'qa:ask', { sessionId: w.a.session.id, text: 'And next year?', clientId: randomUUID() });
    const feed = (await t.http.get('/api/me/calendar').set(leaving.auth).expect(200)).body.url as string;
    const feedPath = new URL(feed).pathname;
    await t.http.get(feedPath).expect(200);

    const disconnected = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    await t.http.delete('/api/me').set(leaving.auth).send({ password: PASSWORD }).expect(204);
    await disconnected;

    await t.http.get('/api/me').set(leaving.auth).expect(401);
    await expect(connectLive(t, leaving.token)).rejects.toThrow('UNAUTHENTICATED');
    await t.http.post('/api/auth/login').send({ email: leaving.email, password: PASSWORD }).expect(401);
    await t.http.get(feedPath).expect(404);
    const promoted = await t.http
      .get(`/api/events/${event.slug}/registrations/me`)
      .set(waiting.auth)
      .expect(200);
    expect(promoted.body.status).toBe('confirmed');

    const messages = await t.http
      .get(`/api/events/${w.a.event.slug}/sessions/${w.a.session.id}/messages`)
      .set(w.auth('organizer'))
      .expect(200);
    expect(JSON.stringify(messages.body)).toContain('Former participant');
    expect(JSON.stringify(messages.body)).not.toContain('Leaving Person');

    const ds = dataSourceOf(t);
    const leftovers = await ds.query<Array<{ n: number }>>(
      `SELECT COUNT(*) AS n FROM chat_messages WHERE "authorName" = 'Leaving Person'`,
    );
    expect(Number(leftovers[0].n)).toBe(0);
    const audit = await ds.getRepository(AuditEntry).findBy({ action: 'account.deleted' });
    const entry = audit.find((row) => row.targetId === leaving.id);
    expect(entry).toBeDefined();
    expect(JSON.stringify(entry)).not.toContain(leaving.email);
    expect(JSON.stringify(entry)).not.toContain('Leaving Person');
    socket.close();
  });
});
