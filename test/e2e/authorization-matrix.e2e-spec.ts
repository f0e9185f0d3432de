import { createHash, randomUUID } from 'node:crypto';

import { makeDeclaration, makeEndorsement } from '../factories/declaration.factory';
import { PasswordReset } from '../../src/auth/password-reset.entity';
import { User } from '../../src/auth/user.entity';
import { unsubscribeToken } from '../../src/mail/unsubscribe-token';
import { Certificate } from '../../src/certificates/certificate.entity';
import { newVerificationCode } from '../../src/certificates/certificates.service';
import { dataSourceOf, makeRegistration } from '../factories/event.factory';
import { registerUser, TestUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { command, connectLive, LiveClient, ok } from '../utils/socket-client';
import {
  Actor,
  ACTORS,
  EventWorld,
  makeLiveFixture,
  makeUser,
  insertPoll,
  makeWorld,
  tableCounts,
  World,
} from '../utils/world';
import { contractCommands, LIVE_ROWS, session } from '../utils/live-matrix';

/**
 * Who may call which write endpoint, as data: one row per endpoint of the OpenAPI document, one expected
 * outcome per actor. `ok` is any 2xx; a number is the exact refusal status (with the error body). Every
 * (row, actor) pair runs against a fresh world, so a delete by one actor cannot hide another's refusal.
 */
type Outcome = 'ok' | 401 | 403 | 404 | 409;
type Method = 'post' | 'put' | 'patch' | 'delete';

interface Call {
  /** Values for the `{name}` placeholders of the path. */
  params?: Record<string, string>;
  body?: unknown;
  /** An unsubscribe token, sent as `?token=`. */
  query?: string;
}

interface Row {
  method: Method;
  /** Exactly as in the OpenAPI document. */
  path: string;
  call: (w: World, actor: Actor) => Call | Promise<Call>;
  expect: Record<Actor, Outcome>;
}

const only = (allowed: Actor[], denied: Outcome = 403): Record<Actor, Outcome> =>
  Object.fromEntries(
    ACTORS.map((actor) => [actor, allowed.includes(actor) ? 'ok' : actor === 'anonymous' ? 401 : denied]),
  ) as Record<Actor, Outcome>;

const ORGANIZER = only(['organizer']);
const SIGNED_IN = only(ACTORS.filter((actor) => actor !== 'anonymous'));
const EVERYONE = only([...ACTORS]);

const slugA = (w: World) => ({ slug: w.a.event.slug });
const unique = () => randomUUID().slice(0, 8);

let loginUser: TestUser;
/** The app of the REST matrix, for rows whose fixtures (declarations) are not part of the world. */
let matrixApp: TestApp;
/** A fresh, valid password reset link (set once the app runs). */
let newResetToken: () => Promise<string>;
let unsubscribeTokenOf: (userId: string) => string;
/** The app of the REST matrix, for rows that prepare a record first (a draft poll). */
let restApp: TestApp;
/** Inserts a certificate of event A for its attendee and returns the code (set once the app runs). */
let issueCertificate: (w: World) => Promise<string>;

const ROWS: Row[] = [
  {
    method: 'post',
    path: '/api/auth/register',
    call: () => ({
      body: { email: `new-${unique()}@example.test`, password: 'correct horse battery', name: 'New' },
    }),
    expect: EVERYONE,
  },
  {
    method: 'post',
    path: '/api/auth/login',
    call: () => ({ body: { email: loginUser.email, password: 'correct horse battery' } }),
    expect: EVERYONE,
  },
  {
    method: 'post',
    path: '/api/events',
    call: () => ({
      body: {
        slug: `new-${unique()}`,
        title: 'New edition',
        timezone: 'Asia/Shanghai',
        startsOn: '2031-11-20',
        endsOn: '2031-11-21',
      },
    }),
    expect: SIGNED_IN,
  },
  {
    method: 'patch',
    path: '/api/events/{slug}',
    call: (w) => ({ params: slugA(w), body: { title: 'Renamed' } }),
    expect: ORGANIZER,
  },
  {
    method: 'post',
    path: '/api/events/{slug}/publish',
    call: (w) => ({ params: slugA(w) }),
    expect: ORGANIZER,
  },
  {
    method: 'post',
    path: '/api/events/{slug}/clone',
    call: (w) => ({
      params: slugA(w),
      body: { slug: `clone-${unique()}`, title: 'Next', startsOn: '2031-11-19' },
    }),
    expect: ORGANIZER,
  },
  {
    method: 'put',
    path: '/api/events/{slug}/staff/{userId}',
    call: (w) => ({ params: { ...slugA(w), userId: w.users.unregistered.id }, body: { role: 'moderator' } }),
    expect: ORGANIZER,
  },
  {
    method: 'delete',
    path: '/api/events/{slug}/staff/{userId}',
    call: (w) => ({ params: { ...slugA(w), userId: w.users.moderator.id } }),
    expect: ORGANIZER,
  },
  {
    method: 'post',
    path: '/api/organizations',
    call: () => ({ body: { name: `Institute ${unique()}` } }),
    expect: SIGNED_IN,
  },
  {
    method: 'patch',
    path: '/api/organizations/{id}',
    call: (w) => ({ params: { id: w.organization.id }, body: { country: 'Kazakhstan' } }),
    // The directory is shared: anyone who organizes some event may correct it.
    expect: only(['organizer', 'otherOrganizer']),
  },
  {
    method: 'post',
    path: '/api/events/{slug}/rooms',
    call: (w) => ({ params: slugA(w), body: { name: 'Hall B' } }),
    expect: ORGANIZER,
  },
  {
    method: 'patch',
    path: '/api/events/{slug}/rooms/{id}',
    call: (w) => ({ params: { ...slugA(w), id: w.a.room.id }, body: { name: 'Hall C' } }),
    expect: ORGANIZER,
  },
  {
    method: 'post',
    path: '/api/events/{slug}/rooms/{id}/overlay-key',
    call: (w) => ({ params: { ...slugA(w), id: w.a.room.id } }),
    expect: ORGANIZER,
  },
  {
    method: 'delete',
    path: '/api/events/{slug}/rooms/{id}',
    call: (w) => ({ params: { ...slugA(w), id: w.a.spareRoom.id } }),
    expect: ORGANIZER,
  },
  {
    method: 'post',
    path: '/api/events/{slug}/tracks',
    call: (w) => ({ params: slugA(w), body: { name: 'Policy', color: '#aa3300' } }),
    expect: ORGANIZER,
  },
  {
    method: 'patch',
    path: '/api/events/{slug}/tracks/{id}',
    call: (w) => ({ params: { ...slugA(w), id: w.a.track.id }, body: { color: '#00aa33' } }),
    expect: ORGANIZER,
  },
  {
    method: 'delete',
    path: '/api/events/{slug}/tracks/{id}',
    call: (w) => ({ params: { ...slugA(w), id: w.a.track.id } }),
    expect: ORGANIZER,
  },
  {
    method: 'post',
    path: '/api/events/{slug}/speakers',
    call: (w) => ({ params: slugA(w), body: { name: 'Zhang Wei' } }),
    expect: ORGANIZER,
  },
  {
    method: 'patch',
    path: '/api/events/{slug}/speakers/{id}',
    call: (w) => ({ params: { ...slugA(w), id: w.a.speaker.id }, body: { position: 'Director' } }),
    expect: ORGANIZER,
  },
  {
    method: 'delete',
    path: '/api/events/{slug}/speakers/{id}',
    call: (w) => ({ params: { ...slugA(w), id: w.a.speaker.id } }),
    expect: ORGANIZER,
  },
  {
    method: 'post',
    path: '/api/events/{slug}/sessions',
    call: (w) => ({
      params: slugA(w),
      body: {
        title: 'Closing',
        kind: 'talk',
        startsAt: '2030-11-21T15:00:00+08:00',
        endsAt: '2030-11-21T16:00:00+08:00',
        roomId: w.a.room.id,
      },
    }),
    expect: ORGANIZER,
  },
  {
    method: 'patch',
    path: '/api/events/{slug}/sessions/{id}',
    call: (w) => ({ params: { ...slugA(w), id: w.a.session.id }, body: { title: 'Opening' } }),
    expect: ORGANIZER,
  },
  {
    method: 'delete',
    path: '/api/events/{slug}/sessions/{id}',
    call: (w) => ({ params: { ...slugA(w), id: w.a.session.id } }),
    expect: ORGANIZER,
  },
  {
    method: 'post',
    path: '/api/events/{slug}/registrations',
    call: (w) => ({ params: slugA(w), body: {} }),
    // Idempotent: the attendee and the banned user get the registration they hold (a ban is a sanction
    // of the live room, not of the registration).
    expect: SIGNED_IN,
  },
  {
    method: 'delete',
    path: '/api/events/{slug}/registrations/me',
    call: (w) => ({ params: slugA(w) }),
    expect: only(['attendee', 'banned'], 404),
  },
  {
    method: 'post',
    path: '/api/events/{slug}/registrations/{id}/approve',
    call: (w) => ({ params: { ...slugA(w), id: w.a.pending.id } }),
    expect: ORGANIZER,
  },
  {
    method: 'post',
    path: '/api/events/{slug}/registrations/{id}/reject',
    call: (w) => ({ params: { ...slugA(w), id: w.a.pending.id } }),
    expect: ORGANIZER,
  },
  {
    method: 'patch',
    path: '/api/events/{slug}/registration-settings',
    call: (w) => ({ params: slugA(w), body: { capacity: 500 } }),
    expect: ORGANIZER,
  },
  {
    method: 'post',
    path: '/api/events/{slug}/sessions/{id}/seat',
    call: (w) => ({ params: { ...slugA(w), id: w.a.seatedSession.id } }),
    // Confirmed registrants and staff; a speaker profile alone holds no seat; a banned user may not take one.
    expect: only(['attendee', 'moderator', 'organizer']),
  },
  {
    method: 'delete',
    path: '/api/events/{slug}/sessions/{id}/seat',
    call: (w) => ({ params: { ...slugA(w), id: w.a.seatedSession.id } }),
    expect: SIGNED_IN,
  },
  {
    method: 'put',
    path: '/api/events/{slug}/sessions/{id}/bookmark',
    call: (w) => ({ params: { ...slugA(w), id: w.a.session.id } }),
    expect: SIGNED_IN,
  },
  {
    method: 'delete',
    path: '/api/events/{slug}/sessions/{id}/bookmark',
    call: (w) => ({ params: { ...slugA(w), id: w.a.session.id } }),
    expect: SIGNED_IN,
  },
  {
    method: 'post',
    path: '/api/events/{slug}/sessions/{id}/polls',
    call: (w) => ({
      params: { ...slugA(w), id: w.a.session.id },
      body: { question: 'Which one?', kind: 'single', options: ['Yes', 'No'] },
    }),
    expect: only(['moderator', 'organizer']),
  },
  {
    method: 'patch',
    path: '/api/events/{slug}/sessions/{id}/polls/{pollId}',
    call: async (w) => ({
      params: { ...slugA(w), id: w.a.session.id, pollId: await insertPoll(restApp, w.a.session, 'draft') },
      body: { question: 'Which two?' },
    }),
    expect: only(['moderator', 'organizer']),
  },
  {
    method: 'delete',
    path: '/api/events/{slug}/sessions/{id}/polls/{pollId}',
    call: async (w) => ({
      params: { ...slugA(w), id: w.a.session.id, pollId: await insertPoll(restApp, w.a.session, 'draft') },
    }),
    expect: only(['moderator', 'organizer']),
  },
  { method: 'post', path: '/api/me/calendar/rotate', call: () => ({}), expect: SIGNED_IN },
  { method: 'post', path: '/api/me/notifications/read', call: () => ({}), expect: SIGNED_IN },
  {
    method: 'post',
    path: '/api/events/{slug}/declarations',
    call: (w) => ({ params: slugA(w), body: { title: 'Joint Initiative', texts: { en: 'We agree.' } } }),
    expect: ORGANIZER,
  },
  {
    method: 'patch',
    path: '/api/events/{slug}/declarations/{id}',
    call: async (w) => ({
      params: { ...slugA(w), id: (await makeDeclaration(matrixApp, w.a.event.id, 'draft')).id },
      body: { title: 'Renamed' },
    }),
    expect: ORGANIZER,
  },
  {
    method: 'post',
    path: '/api/events/{slug}/declarations/{id}/publish',
    call: async (w) => ({
      params: { ...slugA(w), id: (await makeDeclaration(matrixApp, w.a.event.id, 'draft')).id },
    }),
    expect: ORGANIZER,
  },
  {
    method: 'post',
    path: '/api/events/{slug}/declarations/{id}/close',
    call: async (w) => ({ params: { ...slugA(w), id: (await makeDeclaration(matrixApp, w.a.event.id)).id } }),
    expect: ORGANIZER,
  },
  {
    method: 'post',
    path: '/api/events/{slug}/declarations/{id}/endorsements',
    call: async (w) => ({
      params: { ...slugA(w), id: (await makeDeclaration(matrixApp, w.a.event.id)).id },
      body: { organizationId: w.organization.id, representative: { name: 'Li Wei', position: 'President' } },
    }),
    // Any signed-in user may submit, except one banned from the event (403 BANNED); organizers verify
    // before it counts.
    expect: { ...SIGNED_IN, banned: 403 },
  },
  ...(['verify', 'reject'] as const).map((action): Row => ({
    method: 'post',
    path: `/api/events/{slug}/declarations/{id}/endorsements/{eid}/${action}`,
    call: async (w) => {
      const declaration = await makeDeclaration(matrixApp, w.a.event.id);
      const endorsement = await makeEndorsement(
        matrixApp,
        declaration,
        w.organization.id,
        w.users.attendee.id,
      );
      return {
        params: { ...slugA(w), id: declaration.id, eid: endorsement.id },
        body: action === 'reject' ? { reason: 'Mandate not confirmed' } : undefined,
      };
    },
    expect: ORGANIZER,
  })),
  {
    method: 'delete',
    path: '/api/events/{slug}/declarations/{id}/endorsements/{eid}',
    call: async (w) => {
      const declaration = await makeDeclaration(matrixApp, w.a.event.id);
      const endorsement = await makeEndorsement(
        matrixApp,
        declaration,
        w.organization.id,
        w.users.attendee.id,
      );
      return { params: { ...slugA(w), id: declaration.id, eid: endorsement.id } };
    },
    // The endorser (here the attendee) or an organizer.
    expect: only(['attendee', 'organizer']),
  },
  // Accounts and mail (issue 15)
  { method: 'post', path: '/api/auth/logout', call: () => ({}), expect: SIGNED_IN },
  { method: 'post', path: '/api/auth/logout-all', call: () => ({}), expect: SIGNED_IN },
  {
    method: 'post',
    path: '/api/auth/password/forgot',
    call: () => ({ body: { email: `someone-${unique()}@example.test` } }),
    expect: EVERYONE,
  },
  {
    method: 'post',
    path: '/api/auth/password/reset',
    call: async () => ({ body: { token: await newResetToken(), password: 'a new password 123' } }),
    expect: EVERYONE,
  },
  { method: 'patch', path: '/api/me', call: () => ({ body: { locale: 'zh-CN' } }), expect: SIGNED_IN },
  {
    method: 'delete',
    path: '/api/me',
    // The world's accounts have no password they could confirm with: everyone signed in is refused (403).
    call: () => ({ body: { password: 'correct horse battery' } }),
    expect: only([]),
  },
  {
    method: 'post',
    path: '/api/mail/unsubscribe',
    call: (w) => ({ params: {}, body: undefined, query: unsubscribeTokenOf(w.users.attendee.id) }),
    expect: EVERYONE,
  },
  // After the meeting (issue 16): a certificate the attendee of event A holds.
  {
    method: 'post',
    path: '/api/events/{slug}/certificates/{code}/revoke',
    call: async (w) => ({ params: { ...slugA(w), code: await issueCertificate(w) } }),
    expect: ORGANIZER,
  },
];

/** Event A's organizer using ids of event B in A's paths: every one must be refused as not found. */
interface IdorCase {
  method: Method | 'get';
  path: (a: EventWorld, b: EventWorld) => string;
  body?: (a: EventWorld, b: EventWorld) => unknown;
}

const IDOR_CASES: IdorCase[] = [
  ...(['get', 'patch', 'delete'] as const).flatMap((method) => [
    {
      method,
      path: (a: EventWorld, b: EventWorld) => `/api/events/${a.event.slug}/rooms/${b.spareRoom.id}`,
      body: () => ({ name: 'x' }),
    },
    {
      method,
      path: (a: EventWorld, b: EventWorld) => `/api/events/${a.event.slug}/tracks/${b.track.id}`,
      body: () => ({ name: 'x' }),
    },
    {
      method,
      path: (a: EventWorld, b: EventWorld) => `/api/events/${a.event.slug}/speakers/${b.speaker.id}`,
      body: () => ({ name: 'x' }),
    },
    {
      method,
      path: (a: EventWorld, b: EventWorld) => `/api/events/${a.event.slug}/sessions/${b.session.id}`,
      body: () => ({ title: 'x' }),
    },
  ]),
  { method: 'post', path: (a, b) => `/api/events/${a.event.slug}/registrations/${b.pending.id}/approve` },
  { method: 'post', path: (a, b) => `/api/events/${a.event.slug}/registrations/${b.pending.id}/reject` },
  { method: 'get', path: (a, b) => `/api/events/${a.event.slug}/sessions/${b.seatedSession.id}/seat` },
  { method: 'post', path: (a, b) => `/api/events/${a.event.slug}/sessions/${b.seatedSession.id}/seat` },
  { method: 'delete', path: (a, b) => `/api/events/${a.event.slug}/sessions/${b.seatedSession.id}/seat` },
  { method: 'put', path: (a, b) => `/api/events/${a.event.slug}/sessions/${b.session.id}/bookmark` },
  { method: 'delete', path: (a, b) => `/api/events/${a.event.slug}/sessions/${b.session.id}/bookmark` },
  { method: 'get', path: (a, b) => `/api/events/${a.event.slug}/sessions/${b.session.id}/messages` },
  { method: 'get', path: (a, b) => `/api/events/${a.event.slug}/sessions/${b.session.id}/questions` },
  { method: 'get', path: (a, b) => `/api/events/${a.event.slug}/sessions/${b.session.id}/messages.csv` },
  { method: 'get', path: (a, b) => `/api/events/${a.event.slug}/sessions/${b.session.id}/questions.csv` },
  { method: 'get', path: (a, b) => `/api/events/${a.event.slug}/sessions/${b.session.id}/polls` },
  { method: 'get', path: (a, b) => `/api/events/${a.event.slug}/sessions/${b.session.id}/polls.csv` },
];

/** Ids of event B in the body of event A's writes: refused (never linked across events). */
const CROSS_EVENT_BODIES: Array<{
  name: string;
  path: (a: EventWorld) => string;
  method: Method;
  body: (a: EventWorld, b: EventWorld) => unknown;
}> = [
  {
    name: 'a session in a room of another event',
    method: 'post',
    path: (a) => `/api/events/${a.event.slug}/sessions`,
    body: (_a, b) => ({
      title: 'Cross',
      kind: 'talk',
      startsAt: '2030-11-21T15:00:00+08:00',
      endsAt: '2030-11-21T16:00:00+08:00',
      roomId: b.room.id,
    }),
  },
  {
    name: 'a session on a track of another event',
    method: 'patch',
    path: (a) => `/api/events/${a.event.slug}/sessions/${a.session.id}`,
    body: (_a, b) => ({ trackId: b.track.id }),
  },
  {
    name: 'a speaker of another event on a session',
    method: 'patch',
    path: (a) => `/api/events/${a.event.slug}/sessions/${a.session.id}`,
    body: (_a, b) => ({ participants: [{ speakerId: b.speaker.id, role: 'speaker' }] }),
  },
];

const fill = (path: string, params: Record<string, string> = {}): string =>
  path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) {
      throw new Error(`no value for {${name}} in ${path}`);
    }
    return encodeURIComponent(value);
  });

const withQuery = (url: string, token?: string): string =>
  token === undefined ? url : `${url}?token=${encodeURIComponent(token)}`;

const matches = (expected: Outcome, status: number): boolean =>
  expected === 'ok' ? status >= 200 && status < 300 : status === expected;

describe('Authorization matrix (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMITS: 'off' });
    restApp = t;
    loginUser = await registerUser(t);
    matrixApp = t;
    newResetToken = async () => {
      const user = await makeUser(t, 'resetting');
      const token = randomUUID();
      await dataSourceOf(t)
        .getRepository(PasswordReset)
        .insert({
          tokenHash: createHash('sha256').update(token).digest('hex'),
          userId: user.id,
          expiresAt: new Date(Date.now() + 60_000).toISOString(),
          usedAt: null,
          createdAt: new Date().toISOString(),
        });
      return token;
    };
    unsubscribeTokenOf = (userId) => unsubscribeToken(t.config.jwtSecret!, userId);
    issueCertificate = async (w) => {
      // One certificate per attendee and event: rows that call this twice in one world get the same one.
      const certificates = dataSourceOf(t).getRepository(Certificate);
      const existing = await certificates.findOneBy({ eventId: w.a.event.id, userId: w.users.attendee.id });
      if (existing) {
        await certificates.update({ id: existing.id }, { revokedAt: null, revokedById: null });
        return existing.code;
      }
      const code = newVerificationCode();
      await certificates.insert({
        id: randomUUID(),
        code,
        eventId: w.a.event.id,
        userId: w.users.attendee.id,
        name: w.users.attendee.name,
        minutes: 30,
        sessions: [],
        issuedAt: new Date().toISOString(),
        revokedAt: null,
        revokedById: null,
      });
      return code;
    };
  });
  afterAll(async () => {
    await t.close();
  });

  it('should have a row for every write endpoint of the OpenAPI document', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const writes = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.keys(operations)
        .filter((method) => ['post', 'put', 'patch', 'delete'].includes(method))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    const covered = ROWS.map((row) => `${row.method.toUpperCase()} ${row.path}`);
    expect(writes.filter((write) => !covered.includes(write))).toEqual([]);
    expect(covered.filter((row) => !writes.includes(row))).toEqual([]);
  });

  it.each(ROWS.map((row) => [`${row.method.toUpperCase()} ${row.path}`, row] as const))(
    'should allow and refuse %s for every actor as the matrix says',
    async (_name, row) => {
      const mismatches: string[] = [];
      for (const actor of ACTORS) {
        const world = await makeWorld(t);
        const call = await row.call(world, actor);
        const url = withQuery(fill(row.path, call.params), call.query);
        let request = t.http[row.method](url).set(world.auth(actor));
        if (call.body !== undefined) {
          request = request.send(call.body as object);
        }
        const response = await request;
        const expected = row.expect[actor];
        if (!matches(expected, response.status)) {
          mismatches.push(
            `as ${actor}: expected ${expected}, got ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`,
          );
        } else if (
          expected !== 'ok' &&
          (response.body?.statusCode !== expected || typeof response.body?.code !== 'string')
        ) {
          mismatches.push(`as ${actor}: no error body`);
        }
      }
      expect(mismatches).toEqual([]);
    },
  );

  it("should refuse another event's ids in the path as not found", async () => {
    const world = await makeWorld(t);
    const failures: string[] = [];
    for (const idor of IDOR_CASES) {
      const url = idor.path(world.a, world.b);
      let request = t.http[idor.method](url).set(world.auth('organizer'));
      if (idor.body && (idor.method === 'patch' || idor.method === 'put')) {
        request = request.send(idor.body(world.a, world.b) as object);
      }
      const response = await request;
      if (response.status !== 404) {
        failures.push(`${idor.method.toUpperCase()} ${url}: ${response.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("should refuse another event's declaration and endorsement ids as not found, changing nothing", async () => {
    const world = await makeWorld(t);
    const [a, b] = [world.a.event, world.b.event];
    const draftB = await makeDeclaration(t, b.id, 'draft');
    const openB = await makeDeclaration(t, b.id);
    const endorsementB = await makeEndorsement(t, openB, world.organization.id, world.users.attendee.id);
    const openA = await makeDeclaration(t, a.id);
    const otherA = await makeDeclaration(t, a.id);
    // An endorsement of another declaration of the same event, named under openA.
    const endorsementOtherA = await makeEndorsement(
      t,
      otherA,
      world.organization.id,
      world.users.attendee.id,
    );
    const base = `/api/events/${a.slug}/declarations`;
    const cases: Array<{ method: Method | 'get'; url: string; body?: object }> = [
      { method: 'get', url: `${base}/${draftB.id}` },
      { method: 'patch', url: `${base}/${draftB.id}`, body: { title: 'Taken over' } },
      { method: 'post', url: `${base}/${draftB.id}/publish` },
      { method: 'post', url: `${base}/${openB.id}/close` },
      { method: 'get', url: `${base}/${openB.id}/endorsements?status=all` },
      {
        method: 'post',
        url: `${base}/${openB.id}/endorsements`,
        body: {
          organizationId: world.organization.id,
          representative: { name: 'Li Wei', position: 'President' },
        },
      },
      ...[
        `${base}/${openB.id}/endorsements/${endorsementB.id}`,
        `${base}/${openA.id}/endorsements/${endorsementB.id}`,
        `${base}/${openA.id}/endorsements/${endorsementOtherA.id}`,
      ].flatMap((url) => [
        { method: 'post' as const, url: `${url}/verify` },
        { method: 'post' as const, url: `${url}/reject`, body: { reason: 'Not theirs' } },
        { method: 'delete' as const, url },
      ]),
    ];
    const failures: string[] = [];
    for (const idor of cases) {
      let request = t.http[idor.method](idor.url).set(world.auth('organizer'));
      if (idor.body) {
        request = request.send(idor.body);
      }
      const response = await request;
      if (response.status !== 404 || typeof response.body?.code !== 'string') {
        failures.push(`${idor.method.toUpperCase()} ${idor.url}: ${response.status}`);
      }
    }
    expect(failures).toEqual([]);
    // Nothing of event B (or of the other declaration) changed.
    const rows = await dataSourceOf(t).query(
      `SELECT "id", "status", "withdrawnAt" FROM declaration_endorsements WHERE "id" IN (?, ?)`,
      [endorsementB.id, endorsementOtherA.id],
    );
    expect(rows).toEqual([
      expect.objectContaining({ status: 'pending', withdrawnAt: null }),
      expect.objectContaining({ status: 'pending', withdrawnAt: null }),
    ]);
    const declarations = await dataSourceOf(t).query(
      `SELECT "status", "title" FROM declarations WHERE "id" IN (?, ?) ORDER BY "status"`,
      [draftB.id, openB.id],
    );
    expect(declarations).toEqual([
      { status: 'draft', title: draftB.title },
      { status: 'open', title: openB.title },
    ]);
  });

  it("should refuse another event's ids in a body", async () => {
    const failures: string[] = [];
    for (const cross of CROSS_EVENT_BODIES) {
      const world = await makeWorld(t);
      const response = await t.http[cross.method](cross.path(world.a))
        .set(world.auth('organizer'))
        .send(cross.body(world.a, world.b) as object);
      if (response.status < 400 || response.status >= 500) {
        failures.push(`${cross.name}: ${response.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('should treat a revoked organizer as a stranger from the next request on', async () => {
    const world = await makeWorld(t);
    const extra = await makeUser(t, 'second-organizer');
    await t.http
      .put(`/api/events/${world.a.event.slug}/staff/${extra.id}`)
      .set(world.auth('organizer'))
      .send({ role: 'organizer' })
      .expect(200);
    const asExtra = { Authorization: `Bearer ${extra.token}` };
    await t.http.patch(`/api/events/${world.a.event.slug}`).set(asExtra).send({ title: 'Mine' }).expect(200);
    await t.http
      .delete(`/api/events/${world.a.event.slug}/staff/${extra.id}`)
      .set(world.auth('organizer'))
      .expect(204);
    const refused = await t.http
      .patch(`/api/events/${world.a.event.slug}`)
      .set(asExtra)
      .send({ title: 'Still mine?' })
      .expect(403);
    expect(refused.body.code).toBe('FORBIDDEN');
  });

  it.each(ROWS.map((row) => [`${row.method.toUpperCase()} ${row.path}`, row] as const))(
    'should answer %s with 401 and write nothing for a signed-out token or a deleted account',
    async (_name, row) => {
      const world = await makeWorld(t);
      // The organizer can do the most: signed out, their token must do nothing at all.
      await t.http.post('/api/auth/logout').set(world.auth('organizer')).expect(204);
      const orphan = await makeUser(t, 'orphan');
      await dataSourceOf(t).getRepository(User).delete({ id: orphan.id });
      const failures: string[] = [];
      for (const [label, token] of [
        ['signed out', world.users.organizer.token],
        ['deleted account', orphan.token],
      ]) {
        const call = await row.call(world, 'organizer');
        const before = await tableCounts(t);
        let request = t.http[row.method](withQuery(fill(row.path, call.params), call.query)).set({
          Authorization: `Bearer ${token}`,
        });
        if (call.body !== undefined) {
          request = request.send(call.body as object);
        }
        const response = await request;
        if (response.status !== 401 || response.body?.code !== 'UNAUTHENTICATED') {
          failures.push(`${label}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
        } else if (JSON.stringify(await tableCounts(t)) !== JSON.stringify(before)) {
          failures.push(`${label}: wrote something`);
        }
      }
      expect(failures).toEqual([]);
    },
  );
});

describe('Authorization matrix of the Socket.IO commands (e2e)', () => {
  let t: TestApp;
  const sockets: LiveClient[] = [];

  const connectAs = async (w: World, actor: Actor): Promise<LiveClient | null> => {
    if (actor === 'anonymous') {
      await expect(connectLive(t, undefined)).rejects.toThrow('UNAUTHENTICATED');
      return null;
    }
    const socket = await connectLive(t, w.users[actor].token);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMITS: 'off' });
  });
  afterEach(() => {
    sockets.splice(0).forEach((socket) => socket.close());
  });
  afterAll(async () => {
    await t.close();
  });

  it('should have a row for every command of the contract', () => {
    const commands = contractCommands();
    expect(commands.length).toBeGreaterThan(10);
    expect(commands.filter((name) => !LIVE_ROWS.some((row) => row.event === name))).toEqual([]);
  });

  it.each(LIVE_ROWS.map((row) => [row.event, row] as const))(
    'should allow and refuse %s for every actor as the matrix says',
    async (_name, row) => {
      const mismatches: string[] = [];
      for (const actor of ACTORS) {
        const w = await makeWorld(t);
        const fixture = await makeLiveFixture(t, w);
        const socket = await connectAs(w, actor);
        let outcome: string = 'UNAUTHENTICATED';
        if (socket) {
          if (row.event !== 'session:join') {
            await command(socket, 'session:join', session(w));
          }
          const ack = await command(socket, row.event, row.payload(w, fixture));
          outcome = 'error' in ack ? ack.error.code : 'ok';
        }
        if (outcome !== row.expect[actor]) {
          mismatches.push(`as ${actor}: expected ${row.expect[actor]}, got ${outcome}`);
        }
      }
      expect(mismatches).toEqual([]);
    },
  );

  it('should apply a revoked role, a cancelled registration and a ban from the next command on', async () => {
    const w = await makeWorld(t);
    const fixture = await makeLiveFixture(t, w);
    // Also a registrant: once demoted they stay in the session as an attendee, without moderation rights.
    await makeRegistration(t, w.a.event.id, w.users.moderator.id, 'confirmed');
    const moderator = (await connectAs(w, 'moderator'))!;
    const attendee = (await connectAs(w, 'attendee'))!;
    await ok(moderator, 'session:join', session(w));
    await ok(attendee, 'session:join', session(w));
    await ok(moderator, 'qa:moderate', { questionId: fixture.questionId, action: 'pin' });

    await t.http
      .delete(`/api/events/${w.a.event.slug}/staff/${w.users.moderator.id}`)
      .set(w.auth('organizer'))
      .expect(204);
    const demoted = await command(moderator, 'qa:moderate', {
      questionId: fixture.questionId,
      action: 'unpin',
    });
    expect(demoted).toEqual({ error: expect.objectContaining({ code: 'FORBIDDEN' }) });

    await ok(attendee, 'chat:send', { ...session(w), text: 'before', clientId: randomUUID() });
    await t.http.delete(`/api/events/${w.a.event.slug}/registrations/me`).set(w.auth('attendee')).expect(200);
    const cancelled = await command(attendee, 'chat:send', {
      ...session(w),
      text: 'after',
      clientId: randomUUID(),
    });
    // The server takes the socket out of the session at once; joining again is refused.
    expect(cancelled).toEqual({ error: expect.objectContaining({ code: 'SESSION_NOT_JOINED' }) });
    const rejoin = await command(attendee, 'session:join', session(w));
    expect(rejoin).toEqual({ error: expect.objectContaining({ code: 'NOT_REGISTERED' }) });

    const organizer = (await connectAs(w, 'organizer'))!;
    const author = await connectLive(t, fixture.author.token);
    sockets.push(author);
    await ok(author, 'session:join', session(w));
    const gone = new Promise<void>((resolve) => author.once('disconnect', () => resolve()));
    await ok(organizer, 'moderation:ban', { eventSlug: w.a.event.slug, userId: fixture.author.id });
    await gone;
    const again = await connectLive(t, fixture.author.token);
    sockets.push(again);
    const refused = await command(again, 'session:join', session(w));
    expect(refused).toEqual({ error: expect.objectContaining({ code: 'BANNED' }) });
  });

  it('should refuse signed-out tokens and deleted accounts at the handshake and drop their live sockets', async () => {
    const w = await makeWorld(t);
    const organizer = (await connectAs(w, 'organizer'))!;
    const attendee = (await connectAs(w, 'attendee'))!;
    await ok(organizer, 'session:join', session(w));
    await ok(attendee, 'session:join', session(w));
    const organizerGone = new Promise<void>((resolve) => organizer.once('disconnect', () => resolve()));
    await t.http.post('/api/auth/logout').set(w.auth('organizer')).expect(204);
    await organizerGone;
    await expect(connectLive(t, w.users.organizer.token)).rejects.toThrow('UNAUTHENTICATED');

    const attendeeGone = new Promise<void>((resolve) => attendee.once('disconnect', () => resolve()));
    await t.http.post('/api/auth/logout-all').set(w.auth('attendee')).expect(204);
    await attendeeGone;
    await expect(connectLive(t, w.users.attendee.token)).rejects.toThrow('UNAUTHENTICATED');

    const orphan = await makeUser(t, 'orphan');
    await dataSourceOf(t).getRepository(User).delete({ id: orphan.id });
    await expect(connectLive(t, orphan.token)).rejects.toThrow('UNAUTHENTICATED');
  });
});
