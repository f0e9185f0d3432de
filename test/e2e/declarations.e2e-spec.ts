import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';

import { grantStaff, makeEvent, makeRegistration, makeSession } from '../factories/event.factory';
import { registerUser, TestUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { connectLive, LiveClient, ok, waitFor } from '../utils/socket-client';

/**
 * The digest recomputed without the server's code: keys sorted, each text NFC, JSON written out by hand,
 * SHA-256 of the UTF-8 bytes; and once more with jq + sha256sum, as docs/declarations.md tells readers.
 */
function independentDigest(texts: Record<string, string>): string {
  const body = Object.keys(texts)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((lang) => `${JSON.stringify(lang)}:${JSON.stringify(texts[lang].normalize('NFC'))}`)
    .join(',');
  return createHash('sha256')
    .update(Buffer.from(`{${body}}`, 'utf8'))
    .digest('hex');
}

function jqDigest(publicJson: string): string {
  const canonical = execFileSync('jq', ['-jcS', '.texts'], { input: publicJson });
  return createHash('sha256').update(canonical).digest('hex');
}

describe('Declarations endorsed by member organisations (e2e)', () => {
  let t: TestApp;
  let organizer: TestUser;
  let moderator: TestUser;
  let attendee: TestUser;
  let other: TestUser;
  let slug: string;
  let eventId: string;
  let sessionId: string;

  const organization = async (name: string, country: string | null = 'China'): Promise<string> =>
    (await t.http.post('/api/organizations').set(attendee.auth).send({ name, country }).expect(201)).body.id;

  const draft = async (body: Record<string, unknown> = {}) =>
    (
      await t.http
        .post(`/api/events/${slug}/declarations`)
        .set(organizer.auth)
        .send({ title: 'Joint Initiative', texts: { en: 'We agree.', zh: '我们同意。' }, ...body })
        .expect(201)
    ).body as { id: string; status: string };

  const published = async (body: Record<string, unknown> = {}) => {
    const { id } = await draft(body);
    await t.http.post(`/api/events/${slug}/declarations/${id}/publish`).set(organizer.auth).expect(200);
    return id;
  };

  const endorse = (id: string, organizationId: string, user = attendee) =>
    t.http
      .post(`/api/events/${slug}/declarations/${id}/endorsements`)
      .set(user.auth)
      .send({ organizationId, representative: { name: 'Li Wei', position: 'President' } });

  beforeAll(async () => {
    t = await createTestApp();
    organizer = await registerUser(t);
    moderator = await registerUser(t);
    attendee = await registerUser(t);
    other = await registerUser(t);
    const event = await makeEvent(t, { languages: ['en', 'zh'] });
    slug = event.slug;
    eventId = event.id;
    await grantStaff(t, event.id, organizer.id, 'organizer');
    await grantStaff(t, event.id, moderator.id, 'moderator');
    sessionId = (await makeSession(t, event.id, { title: 'Launch ceremony' })).id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('should draft, publish with a digest anyone can recompute, collect, verify and list endorsements', async () => {
    // "é" as e + combining accent: stored and digested in NFC.
    const created = await t.http
      .post(`/api/events/${slug}/declarations`)
      .set(organizer.auth)
      .send({ title: 'Draft title', texts: { zh: '我们倡议。', en: 'We launch the Initiative cafe\u0301.' } })
      .expect(201);
    expect(created.body).toMatchObject({
      id: expect.any(String),
      status: 'draft',
      digest: null,
      endorsements: 0,
    });
    const id = created.body.id as string;
    const base = `/api/events/${slug}/declarations/${id}`;

    const patched = await t.http
      .patch(base)
      .set(organizer.auth)
      .send({ title: 'Joint Initiative' })
      .expect(200);
    expect(patched.body.title).toBe('Joint Initiative');

    const publishedBody = (await t.http.post(`${base}/publish`).set(organizer.auth).expect(200)).body;
    expect(publishedBody).toMatchObject({ status: 'open', digest: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const publicView = await t.http.get(base).expect(200);
    expect(publicView.body).toMatchObject({
      title: 'Joint Initiative',
      texts: { en: 'We launch the Initiative caf\u00e9.', zh: '我们倡议。' },
      digest: publishedBody.digest,
      status: 'open',
      endorsements: 0,
    });
    expect(independentDigest(publicView.body.texts)).toBe(publicView.body.digest);
    expect(jqDigest(publicView.text)).toBe(publicView.body.digest);

    const silks = await organization('Silk Road Think Tank Network');
    const drc = await organization('Development Research Center of the State Council');
    const submitted = await endorse(id, silks).expect(201);
    expect(submitted.body).toMatchObject({ status: 'pending', digest: publishedBody.digest });
    const second = await endorse(id, drc, other).expect(201);

    // Pending ones count for nothing and are hidden from the public list.
    expect((await t.http.get(`${base}/endorsements`).expect(200)).body).toEqual({ items: [], total: 0 });
    const queue = await t.http.get(`${base}/endorsements?status=pending`).set(organizer.auth).expect(200);
    expect(queue.body.items.map((item: { id: string }) => item.id).sort()).toEqual(
      [submitted.body.id, second.body.id].sort(),
    );

    const verified = await t.http
      .post(`${base}/endorsements/${submitted.body.id}/verify`)
      .set(organizer.auth)
      .expect(200);
    expect(verified.body).toMatchObject({ status: 'verified', verifiedAt: expect.any(String) });
    await t.http.post(`${base}/endorsements/${second.body.id}/verify`).set(organizer.auth).expect(200);

    const list = await t.http.get(`${base}/endorsements`).expect(200);
    expect(list.body.total).toBe(2);
    expect(list.body.items).toEqual([
      {
        id: second.body.id,
        organization: {
          id: drc,
          name: 'Development Research Center of the State Council',
          shortName: null,
          country: 'China',
        },
        representative: { name: 'Li Wei', position: 'President' },
        statement: null,
        endorsedAt: expect.any(String),
      },
      expect.objectContaining({
        id: submitted.body.id,
        organization: expect.objectContaining({ id: silks }),
      }),
    ]);
    expect(list.body.items[0].status).toBeUndefined();
    expect((await t.http.get(base).expect(200)).body.endorsements).toBe(2);
    const searched = await t.http.get(`${base}/endorsements?q=silk`).expect(200);
    expect(searched.body.items.map((item: { id: string }) => item.id)).toEqual([submitted.body.id]);

    const audit = await t.http.get(`/api/events/${slug}/audit?limit=200`).set(organizer.auth).expect(200);
    const actions = audit.body.items.map((entry: { action: string }) => entry.action);
    for (const action of [
      'declaration.created',
      'declaration.updated',
      'declaration.published',
      'endorsement.submitted',
      'endorsement.verified',
    ]) {
      expect(actions).toContain(action);
    }
  });

  it('should export the verified list as formula-safe CSV and as JSON', async () => {
    const id = await published();
    const hostile = await organization('=HYPERLINK("http://evil.example","x")', '+Kazakhstan');
    const { body } = await endorse(id, hostile).expect(201);
    await t.http
      .post(`/api/events/${slug}/declarations/${id}/endorsements/${body.id}/verify`)
      .set(organizer.auth)
      .expect(200);
    const csv = await t.http
      .get(`/api/events/${slug}/declarations/${id}/endorsements?format=csv`)
      .expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('organization,short_name,country,representative,position,statement,endorsed_at');
    expect(
      lines[1].startsWith(`"'=HYPERLINK(""http://evil.example"",""x"")",,'+Kazakhstan,Li Wei,President,,`),
    ).toBe(true);
    const json = await t.http
      .get(`/api/events/${slug}/declarations/${id}/endorsements?format=json`)
      .expect(200);
    expect(json.body.items[0].organization.name).toBe('=HYPERLINK("http://evil.example","x")');
  });

  it('should hide drafts from everyone but organizers', async () => {
    const { id } = await draft();
    const path = `/api/events/${slug}/declarations/${id}`;
    for (const auth of [{}, attendee.auth, moderator.auth]) {
      const refused = await t.http.get(path).set(auth).expect(404);
      expect(refused.body.code).toBe('DECLARATION_NOT_FOUND');
      await t.http.get(`${path}/endorsements`).set(auth).expect(404);
      const list = await t.http.get(`/api/events/${slug}/declarations`).set(auth).expect(200);
      expect(list.body.items.map((item: { id: string }) => item.id)).not.toContain(id);
    }
    await t.http.get(path).set(organizer.auth).expect(200);
    const mine = await t.http.get(`/api/events/${slug}/declarations`).set(organizer.auth).expect(200);
    expect(mine.body.items.map((item: { id: string }) => item.id)).toContain(id);
    // Endorsing a draft is refused as not found, and the id of another event's declaration too.
    const organizationId = await organization('Draft Endorser Institute');
    expect((await endorse(id, organizationId).expect(404)).body.code).toBe('DECLARATION_NOT_FOUND');
    const elsewhere = await makeEvent(t);
    await t.http.get(`/api/events/${elsewhere.slug}/declarations/${id}`).set(organizer.auth).expect(404);
  });

  it('should freeze the texts once published', async () => {
    const id = await published();
    const path = `/api/events/${slug}/declarations/${id}`;
    const before = (await t.http.get(path).expect(200)).body;
    const frozen = await t.http
      .patch(path)
      .set(organizer.auth)
      .send({ texts: { en: 'Changed' } })
      .expect(409);
    expect(frozen.body.code).toBe('DECLARATION_FROZEN');
    expect((await t.http.patch(path).set(organizer.auth).send({ title: 'New' }).expect(409)).body.code).toBe(
      'DECLARATION_FROZEN',
    );
    const again = await t.http.post(`${path}/publish`).set(organizer.auth).expect(409);
    expect(again.body.code).toBe('INVALID_STATE');
    const after = (await t.http.get(path).expect(200)).body;
    expect(after.texts).toEqual(before.texts);
    expect(after.digest).toBe(before.digest);
    // The deadline may still move.
    await t.http.patch(path).set(organizer.auth).send({ closesAt: '2099-01-01T00:00:00+08:00' }).expect(200);
    expect((await t.http.get(path).expect(200)).body.closesAt).toBe('2098-12-31T16:00:00.000Z');
  });

  it('should refuse declarations and verification to anyone but organizers', async () => {
    const body = { title: 'T', texts: { en: 'Text' } };
    for (const user of [attendee, moderator]) {
      const refused = await t.http
        .post(`/api/events/${slug}/declarations`)
        .set(user.auth)
        .send(body)
        .expect(403);
      expect(refused.body.code).toBe('FORBIDDEN');
    }
    await t.http.post(`/api/events/${slug}/declarations`).send(body).expect(401);
    const id = await published();
    const { body: endorsement } = await endorse(id, await organization('Queue Institute')).expect(201);
    const base = `/api/events/${slug}/declarations/${id}/endorsements`;
    for (const user of [attendee, moderator]) {
      await t.http.post(`${base}/${endorsement.id}/verify`).set(user.auth).expect(403);
      await t.http.post(`${base}/${endorsement.id}/reject`).set(user.auth).send({ reason: 'No' }).expect(403);
      await t.http.post(`/api/events/${slug}/declarations/${id}/close`).set(user.auth).expect(403);
      expect((await t.http.get(`${base}?status=pending`).set(user.auth).expect(403)).body.code).toBe(
        'FORBIDDEN',
      );
    }
    expect((await t.http.get(`${base}?status=all`).expect(401)).body.code).toBe('UNAUTHENTICATED');
  });

  it('should validate texts against the event languages and refuse unknown properties', async () => {
    const post = (body: Record<string, unknown>) =>
      t.http.post(`/api/events/${slug}/declarations`).set(organizer.auth).send(body);
    expect(
      (await post({ title: 'T', texts: { fr: 'Texte' } }).expect(400)).body.details.fields.texts,
    ).toBeDefined();
    await post({ title: 'T', texts: {} }).expect(400);
    await post({ title: 'T', texts: { en: '   ' } }).expect(400);
    await post({ title: 'T', texts: { en: 'a\u007fb' } }).expect(400);
    await post({ title: 'T', texts: { en: 7 } }).expect(400);
    await post({ title: 'T', texts: { en: 'ok' }, status: 'open' }).expect(400);
    await post({ title: 'T', texts: { en: 'ok' }, closesAt: '2030-01-01T00:00:00' }).expect(400);
    const id = await published();
    await t.http
      .post(`/api/events/${slug}/declarations/${id}/endorsements`)
      .set(attendee.auth)
      .send({
        organizationId: await organization('Strict Institute'),
        representative: { name: 'A', position: 'B', x: 1 },
      })
      .expect(400);
  });

  it('should allow one endorsement per organisation, a new one after rejection, and show the reason', async () => {
    const id = await published();
    const base = `/api/events/${slug}/declarations/${id}/endorsements`;
    const organizationId = await organization('Duplicate Institute');
    const first = (await endorse(id, organizationId).expect(201)).body;
    const duplicate = await endorse(id, organizationId, other).expect(409);
    expect(duplicate.body.code).toBe('ALREADY_EXISTS');

    const rejected = await t.http
      .post(`${base}/${first.id}/reject`)
      .set(organizer.auth)
      .send({ reason: 'We could not confirm the mandate' })
      .expect(200);
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      rejectionReason: 'We could not confirm the mandate',
    });
    expect((await t.http.post(`${base}/${first.id}/verify`).set(organizer.auth).expect(409)).body.code).toBe(
      'INVALID_STATE',
    );
    const mine = await t.http.get(`${base}/mine`).set(attendee.auth).expect(200);
    expect(mine.body.items).toEqual([
      expect.objectContaining({
        id: first.id,
        status: 'rejected',
        rejectionReason: 'We could not confirm the mandate',
      }),
    ]);
    expect((await t.http.get(`${base}/mine`).set(other.auth).expect(200)).body.items).toEqual([]);
    const rejectedList = await t.http.get(`${base}?status=rejected`).set(organizer.auth).expect(200);
    expect(rejectedList.body.items.map((item: { id: string }) => item.id)).toEqual([first.id]);

    // After a rejection the organisation may submit again.
    await endorse(id, organizationId).expect(201);
  });

  it('should let the endorser or an organizer withdraw, keeping the record with withdrawnAt', async () => {
    const id = await published();
    const base = `/api/events/${slug}/declarations/${id}/endorsements`;
    const mine = (await endorse(id, await organization('Withdrawing Institute')).expect(201)).body;
    const theirs = (await endorse(id, await organization('Withdrawn By Organizer'), other).expect(201)).body;
    await t.http.post(`${base}/${mine.id}/verify`).set(organizer.auth).expect(200);
    await t.http.post(`${base}/${theirs.id}/verify`).set(organizer.auth).expect(200);
    expect((await t.http.get(`/api/events/${slug}/declarations/${id}`).expect(200)).body.endorsements).toBe(
      2,
    );

    expect((await t.http.delete(`${base}/${mine.id}`).set(other.auth).expect(403)).body.code).toBe(
      'FORBIDDEN',
    );
    const withdrawn = await t.http.delete(`${base}/${mine.id}`).set(attendee.auth).expect(200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', withdrawnAt: expect.any(String) });
    await t.http.delete(`${base}/${theirs.id}`).set(organizer.auth).expect(200);
    expect((await t.http.delete(`${base}/${theirs.id}`).set(organizer.auth).expect(409)).body.code).toBe(
      'INVALID_STATE',
    );

    expect((await t.http.get(`/api/events/${slug}/declarations/${id}`).expect(200)).body.endorsements).toBe(
      0,
    );
    expect((await t.http.get(base).expect(200)).body.items).toEqual([]);
    const history = await t.http.get(`${base}?status=withdrawn`).set(organizer.auth).expect(200);
    expect(history.body.items).toHaveLength(2);
    const audit = await t.http.get(`/api/events/${slug}/audit?limit=200`).set(organizer.auth).expect(200);
    const withdrawals = audit.body.items.filter(
      (entry: { action: string; targetId: string }) =>
        entry.action === 'endorsement.withdrawn' && [mine.id, theirs.id].includes(entry.targetId),
    );
    expect(withdrawals).toHaveLength(2);
  });

  it('should refuse endorsements once the declaration is closed', async () => {
    const past = await published({ closesAt: '2000-01-01T00:00:00Z' });
    expect((await t.http.get(`/api/events/${slug}/declarations/${past}`).expect(200)).body.status).toBe(
      'closed',
    );
    const organizationId = await organization('Late Institute');
    const refused = await endorse(past, organizationId).expect(409);
    expect(refused.body.code).toBe('DECLARATION_CLOSED');

    const open = await published();
    await t.http.post(`/api/events/${slug}/declarations/${open}/close`).set(organizer.auth).expect(200);
    expect((await endorse(open, organizationId).expect(409)).body.code).toBe('DECLARATION_CLOSED');
    expect((await t.http.get(`/api/events/${slug}/declarations/${open}`).expect(200)).body.status).toBe(
      'closed',
    );
  });

  it('should refuse an endorsement from a user banned from the event (403 BANNED) until the ban is lifted', async () => {
    const banned = await registerUser(t);
    const id = await published();
    const organizationId = await organization('Banned Institute');
    const moderatorSocket = await connectLive(t, moderator.token);
    try {
      await ok(moderatorSocket, 'moderation:ban', { eventSlug: slug, userId: banned.id });
      const refused = await endorse(id, organizationId, banned).expect(403);
      expect(refused.body).toMatchObject({ statusCode: 403, code: 'BANNED' });
      const mine = await t.http
        .get(`/api/events/${slug}/declarations/${id}/endorsements/mine`)
        .set(banned.auth)
        .expect(200);
      expect(mine.body.items).toEqual([]);
      await ok(moderatorSocket, 'moderation:unban', { eventSlug: slug, userId: banned.id });
      expect((await endorse(id, organizationId, banned).expect(201)).body.status).toBe('pending');
    } finally {
      moderatorSocket.close();
    }
  });

  it('should send the new count to the live sessions of the event when an endorsement is verified', async () => {
    const id = await published();
    const viewer = await registerUser(t);
    await makeRegistration(t, eventId, viewer.id);
    const sockets: LiveClient[] = [];
    try {
      const socket = await connectLive(t, viewer.token);
      sockets.push(socket);
      await ok(socket, 'session:join', { sessionId });
      const { body } = await endorse(id, await organization('Live Institute')).expect(201);
      const received = waitFor<{ declarationId: string }>(
        socket,
        'declaration:endorsed',
        (p) => p.declarationId === id,
      );
      await t.http
        .post(`/api/events/${slug}/declarations/${id}/endorsements/${body.id}/verify`)
        .set(organizer.auth)
        .expect(200);
      await expect(received).resolves.toEqual({
        declarationId: id,
        endorsements: 1,
        organization: { name: 'Live Institute' },
      });
    } finally {
      sockets.forEach((socket) => socket.close());
    }
  });
});
