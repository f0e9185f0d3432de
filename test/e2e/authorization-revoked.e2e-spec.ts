import { makeDeclaration } from '../factories/declaration.factory';
import { grantStaff } from '../factories/event.factory';
import { registerUser, TestUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { LIVE_ROWS, session } from '../utils/live-matrix';
import { connectLive, LiveClient, ok } from '../utils/socket-client';
import { insertPoll, makeLiveFixture, makeWorld, tableCounts, World } from '../utils/world';

const PASSWORD = 'correct horse battery';

/**
 * The revoked-token and orphaned-token rows the REST write matrix (authorization-matrix.e2e-spec.ts) does not
 * hold: the reads of the second stage (analytics, certificates, polls, declarations, the overlay), and every
 * Socket.IO command of the contract (polls and reactions included) sent by a client whose token was signed out
 * or whose account was deleted. Each gets 401 `UNAUTHENTICATED` (or `connect_error`) and writes nothing.
 */

interface ReadRow {
  name: string;
  path: (w: World, ids: { pollId: string; declarationId: string }) => string;
}

const READS: ReadRow[] = [
  { name: 'GET /api/events/{slug}/analytics', path: (w) => `/api/events/${w.a.event.slug}/analytics` },
  {
    name: 'GET /api/events/{slug}/sessions/{id}/analytics',
    path: (w) => `/api/events/${w.a.event.slug}/sessions/${w.a.session.id}/analytics`,
  },
  { name: 'GET /api/events/{slug}/certificates', path: (w) => `/api/events/${w.a.event.slug}/certificates` },
  {
    name: 'GET /api/events/{slug}/certificates/me',
    path: (w) => `/api/events/${w.a.event.slug}/certificates/me`,
  },
  { name: 'GET /api/certificates/{code}', path: () => `/api/certificates/NOSUCHCODE` },
  {
    name: 'GET /api/events/{slug}/sessions/{id}/polls',
    path: (w) => `/api/events/${w.a.event.slug}/sessions/${w.a.session.id}/polls`,
  },
  {
    name: 'GET /api/events/{slug}/sessions/{id}/polls.csv',
    path: (w) => `/api/events/${w.a.event.slug}/sessions/${w.a.session.id}/polls.csv`,
  },
  {
    name: 'GET /api/events/{slug}/sessions/{id}/polls/{pollId}/results',
    path: (w, ids) => `/api/events/${w.a.event.slug}/sessions/${w.a.session.id}/polls/${ids.pollId}/results`,
  },
  { name: 'GET /api/events/{slug}/declarations', path: (w) => `/api/events/${w.a.event.slug}/declarations` },
  {
    name: 'GET /api/events/{slug}/declarations/{declarationId}',
    path: (w, ids) => `/api/events/${w.a.event.slug}/declarations/${ids.declarationId}`,
  },
  {
    name: 'GET /api/events/{slug}/declarations/{declarationId}/endorsements',
    path: (w, ids) => `/api/events/${w.a.event.slug}/declarations/${ids.declarationId}/endorsements`,
  },
  {
    name: 'GET /api/events/{slug}/declarations/{declarationId}/endorsements/mine',
    path: (w, ids) => `/api/events/${w.a.event.slug}/declarations/${ids.declarationId}/endorsements/mine`,
  },
  {
    name: 'GET /api/events/{slug}/rooms/{id}/overlay?key=not-the-key',
    path: (w) => `/api/events/${w.a.event.slug}/rooms/${w.a.room.id}/overlay?key=not-the-key`,
  },
];

describe('Signed-out tokens and deleted accounts on second-stage reads and on every live command (e2e)', () => {
  let t: TestApp;
  const sockets: LiveClient[] = [];

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMITS: 'off' });
  });
  afterEach(() => {
    sockets.splice(0).forEach((socket) => socket.close());
  });
  afterAll(async () => {
    await t.close();
  });

  /** A real account (it has a password, so it can delete itself) organizing event A beside the world's. */
  const organizerOf = async (w: World): Promise<TestUser> => {
    const user = await registerUser(t);
    await grantStaff(t, w.a.event.id, user.id, 'organizer');
    return user;
  };

  it.each(READS.map((row) => [row.name, row] as const))(
    'should answer %s with 401 for a signed-out token and a deleted account',
    async (_name, row) => {
      const w = await makeWorld(t);
      const ids = {
        pollId: await insertPoll(t, w.a.session, 'open'),
        declarationId: (await makeDeclaration(t, w.a.event.id)).id,
      };
      const url = row.path(w, ids);
      const signedOut = await organizerOf(w);
      const deleted = await organizerOf(w);
      // The same tokens are not refused before: the 401s below come from the sign-out and the deletion.
      for (const user of [signedOut, deleted]) {
        const before = await t.http.get(url).set(user.auth);
        expect([url, before.status === 401 || before.status >= 500]).toEqual([url, false]);
      }
      await t.http.post('/api/auth/logout').set(signedOut.auth).expect(204);
      await t.http.delete('/api/me').set(deleted.auth).send({ password: PASSWORD }).expect(204);
      for (const user of [signedOut, deleted]) {
        const response = await t.http.get(url).set(user.auth);
        expect([url, response.status, response.body.code]).toEqual([url, 401, 'UNAUTHENTICATED']);
      }
    },
  );

  /**
   * The client was connected and in the session; its token is revoked (the server drops the socket); a
   * command it sends now waits in the client's buffer and must not ride the reconnection.
   */
  const refusedAfter = async (socket: LiveClient, event: string, payload: unknown): Promise<string> => {
    const refused = new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    (socket as unknown as { emit(event: string, payload: unknown): void }).emit(event, payload);
    socket.connect();
    return (await refused).message;
  };

  it.each(LIVE_ROWS.map((row) => [row.event, row] as const))(
    'should refuse %s from a signed-out token and from a deleted account, writing nothing',
    async (_event, row) => {
      const w = await makeWorld(t);
      const fixture = await makeLiveFixture(t, w);
      const outcomes: string[] = [];
      for (const [label, revoke] of [
        ['signed out', (user: TestUser) => t.http.post('/api/auth/logout').set(user.auth).expect(204)],
        [
          'deleted account',
          (user: TestUser) =>
            t.http.delete('/api/me').set(user.auth).send({ password: PASSWORD }).expect(204),
        ],
      ] as const) {
        const user = await organizerOf(w);
        const socket = await connectLive(t, user.token);
        sockets.push(socket);
        await ok(socket, 'session:join', session(w));
        const gone = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
        await revoke(user);
        await gone;
        const before = await tableCounts(t);
        const error = await refusedAfter(socket, row.event, row.payload(w, fixture));
        const wrote = JSON.stringify(await tableCounts(t)) !== JSON.stringify(before);
        outcomes.push(`${label}: ${error}${wrote ? ', wrote something' : ''}`);
      }
      expect(outcomes).toEqual(['signed out: UNAUTHENTICATED', 'deleted account: UNAUTHENTICATED']);
    },
  );
});
