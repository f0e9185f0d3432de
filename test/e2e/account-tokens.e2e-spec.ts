import { User } from '../../src/auth/user.entity';
import { dataSourceOf, makeEvent } from '../factories/event.factory';
import { registerUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { connectLive } from '../utils/socket-client';
import { tableCounts } from '../utils/world';

const PASSWORD = 'correct horse battery';

describe('Access tokens: logout, logout everywhere, deleted accounts (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMITS: 'off' });
  });
  afterAll(async () => {
    await t.close();
  });

  const login = async (email: string): Promise<string> =>
    (await t.http.post('/api/auth/login').send({ email, password: PASSWORD }).expect(200)).body
      .accessToken as string;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  it('should refuse a signed-out token with 401 everywhere while the other tokens keep working', async () => {
    const user = await registerUser(t);
    const second = await login(user.email);
    await t.http.post('/api/auth/logout').set(user.auth).expect(204);

    const me = await t.http.get('/api/auth/me').set(user.auth).expect(401);
    expect(me.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
    // Even a public read refuses it, so the client learns the session ended.
    await t.http.get('/api/events').set(user.auth).expect(401);
    await t.http.post('/api/auth/logout').set(user.auth).expect(401);
    await t.http.get('/api/auth/me').set(bearer(second)).expect(200);
  });

  it('should refuse every token issued before a logout everywhere and accept one issued right after', async () => {
    const user = await registerUser(t);
    const other = await login(user.email);
    await t.http.post('/api/auth/logout-all').set(bearer(other)).expect(204);
    // Logged in again within the same second (usually the same millisecond) as the logout.
    const fresh = await login(user.email);
    const refused = await t.http.get('/api/auth/me').set(user.auth).expect(401);
    expect(refused.body.code).toBe('UNAUTHENTICATED');
    await t.http.get('/api/auth/me').set(bearer(other)).expect(401);
    const accepted = await t.http.get('/api/auth/me').set(bearer(fresh)).expect(200);
    expect(accepted.body.id).toBe(user.id);
  });

  it('should disconnect the live sockets of a signed-out token and refuse it at the handshake', async () => {
    const user = await registerUser(t);
    const other = await login(user.email);
    const signedOut = await connectLive(t, user.token);
    const keeps = await connectLive(t, other);
    const gone = new Promise<string>((resolve) => signedOut.once('disconnect', (reason) => resolve(reason)));
    await t.http.post('/api/auth/logout').set(user.auth).expect(204);
    await expect(gone).resolves.toBe('io server disconnect');
    expect(keeps.connected).toBe(true);
    await expect(connectLive(t, user.token)).rejects.toThrow('UNAUTHENTICATED');

    const keepsGone = new Promise<void>((resolve) => keeps.once('disconnect', () => resolve()));
    await t.http.post('/api/auth/logout-all').set(bearer(other)).expect(204);
    await keepsGone;
    await expect(connectLive(t, other)).rejects.toThrow('UNAUTHENTICATED');
    keeps.close();
    signedOut.close();
  });

  it('should answer 401 and write nothing for the token of an account that no longer exists', async () => {
    const organizer = await registerUser(t);
    const event = await makeEvent(t, { status: 'published' });
    const orphan = await registerUser(t);
    // Removed behind Plenary's back (DELETE /me, tested elsewhere, also drops the cached state).
    await dataSourceOf(t).getRepository(User).delete({ id: orphan.id });

    const before = await tableCounts(t);
    const attempts = [
      t.http.post('/api/events').set(orphan.auth).send({
        slug: 'orphan-event',
        title: 'Orphan',
        timezone: 'UTC',
        startsOn: '2031-01-01',
        endsOn: '2031-01-02',
      }),
      t.http.post(`/api/events/${event.slug}/registrations`).set(orphan.auth).send({}),
      t.http.post('/api/organizations').set(orphan.auth).send({ name: 'Orphan Institute' }),
      t.http.get('/api/auth/me').set(orphan.auth),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('UNAUTHENTICATED');
    }
    expect(await tableCounts(t)).toEqual(before);
    await expect(connectLive(t, orphan.token)).rejects.toThrow('UNAUTHENTICATED');
    await t.http.get('/api/auth/me').set(organizer.auth).expect(200);
  });
});
