import { AgendaService } from '../../src/agenda/agenda.service';
import { Event } from '../../src/events/event.entity';
import { dataSourceOf, grantStaff, makeEvent, makeRoom, makeSession } from '../factories/event.factory';
import { registerUser, TestUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';

/** Headers that legitimately differ between two responses. */
const PER_RESPONSE = new Set(['date', 'x-request-id', 'connection', 'keep-alive']);

function stableHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(headers)
      .filter(([name]) => !PER_RESPONSE.has(name))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

describe('Agenda fast path (e2e)', () => {
  let t: TestApp;
  let built: jest.SpyInstance;

  beforeAll(async () => {
    t = await createTestApp();
    built = jest.spyOn(t.app.get(AgendaService), 'agenda');
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(() => {
    built.mockClear();
  });

  async function stage(overrides: Partial<Event> = {}): Promise<{ event: Event; organizer: TestUser }> {
    const organizer = await registerUser(t);
    const event = await makeEvent(t, overrides);
    await grantStaff(t, event.id, organizer.id, 'organizer');
    const room = await makeRoom(t, event.id, { name: 'Main Stage' });
    await makeSession(t, event.id, { title: 'Opening', roomId: room.id });
    return { event, organizer };
  }

  it('should answer a repeated anonymous read with the same bytes and headers without rebuilding it', async () => {
    const { event } = await stage();
    const url = `/api/events/${event.slug}/agenda`;
    const normal = await t.http.get(url).expect(200);
    expect(built).toHaveBeenCalledTimes(1);

    const fast = await t.http.get(url).expect(200);
    expect(built).toHaveBeenCalledTimes(1);
    expect(fast.text).toBe(normal.text);
    expect(fast.body).toEqual(normal.body);
    expect(fast.body.days[0].sessions[0].title).toBe('Opening');
    expect(stableHeaders(fast.headers)).toEqual(stableHeaders(normal.headers));
    expect(fast.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(fast.headers['content-security-policy']).toContain("default-src 'self'");
    expect(fast.headers['content-security-policy']).toBe(normal.headers['content-security-policy']);
    expect(fast.headers['x-content-type-options']).toBe('nosniff');
    expect(fast.headers.etag).toMatch(/^W\/"/);
    expect(fast.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(fast.headers['x-request-id']).not.toBe(normal.headers['x-request-id']);
  });

  it('should keep a well-formed incoming X-Request-Id and serve a time zone query', async () => {
    const { event } = await stage();
    const url = `/api/events/${event.slug}/agenda?tz=Asia%2FShanghai`;
    const normal = await t.http.get(url).expect(200);
    expect(normal.body.timezone).toBe('Asia/Shanghai');
    const fast = await t.http.get(url).set('X-Request-Id', 'client-chosen-id-1').expect(200);
    expect(built).toHaveBeenCalledTimes(1);
    expect(fast.text).toBe(normal.text);
    expect(fast.headers['x-request-id']).toBe('client-chosen-id-1');

    const other = await t.http.get(`/api/events/${event.slug}/agenda?tz=America%2FLos_Angeles`).expect(200);
    expect(other.body.timezone).toBe('America/Los_Angeles');
    expect(built).toHaveBeenCalledTimes(2);
  });

  it('should answer 304 with the security headers when If-None-Match matches', async () => {
    const { event } = await stage();
    const url = `/api/events/${event.slug}/agenda`;
    const normal = await t.http.get(url).expect(200);
    const etag = normal.headers.etag;

    const notModified = await t.http.get(url).set('If-None-Match', etag).expect(304);
    expect(built).toHaveBeenCalledTimes(1);
    expect(notModified.text).toBe('');
    expect(notModified.headers.etag).toBe(etag);
    expect(notModified.headers['content-security-policy']).toBe(normal.headers['content-security-policy']);
    expect(notModified.headers['x-content-type-options']).toBe('nosniff');
    expect(notModified.headers['x-request-id']).toBeDefined();

    const stale = await t.http.get(url).set('If-None-Match', 'W/"0-nope"').expect(200);
    expect(stale.text).toBe(normal.text);
  });

  it('should show a programme change on the next read', async () => {
    const { event, organizer } = await stage();
    const url = `/api/events/${event.slug}/agenda`;
    const first = await t.http.get(url).expect(200);
    await t.http.get(url).expect(200);
    const sessionId = first.body.days[0].sessions[0].id as string;

    await t.http
      .patch(`/api/events/${event.slug}/sessions/${sessionId}`)
      .set(organizer.auth)
      .send({ title: 'Opening, moved' })
      .expect(200);
    const after = await t.http.get(url).set('If-None-Match', first.headers.etag).expect(200);
    expect(after.body.days[0].sessions[0].title).toBe('Opening, moved');
    expect(after.headers.etag).not.toBe(first.headers.etag);
    const again = await t.http.get(url).expect(200);
    expect(again.text).toBe(after.text);
  });

  it('should never serve a draft, nor an event after it was unpublished', async () => {
    const { event: draft, organizer } = await stage({ status: 'draft', publishedAt: null });
    const draftUrl = `/api/events/${draft.slug}/agenda`;
    await t.http.get(draftUrl).set(organizer.auth).expect(200);
    await t.http.get(draftUrl).expect(404);
    await t.http.get(draftUrl).expect(404);

    const { event } = await stage();
    const url = `/api/events/${event.slug}/agenda`;
    await t.http.get(url).expect(200);
    await t.http.get(url).expect(200);
    await dataSourceOf(t).getRepository(Event).update({ id: event.id }, { status: 'draft' });
    const hidden = await t.http.get(url).expect(404);
    expect(hidden.body.code).toBe('EVENT_NOT_FOUND');
  });

  it('should take the normal path with an Authorization or Origin header', async () => {
    const { event, organizer } = await stage();
    const url = `/api/events/${event.slug}/agenda`;
    await t.http.get(url).expect(200);
    built.mockClear();

    await t.http.get(url).set(organizer.auth).expect(200);
    await t.http.get(url).set('Authorization', 'Bearer not-a-token').expect(401);
    const cors = await t.http.get(url).set('Origin', 'https://elsewhere.example').expect(200);
    expect(cors.headers['access-control-allow-origin']).toBeUndefined();
    expect(built).toHaveBeenCalledTimes(2);
  });

  it('should count fast reads in the HTTP metrics', async () => {
    const { event } = await stage();
    const url = `/api/events/${event.slug}/agenda`;
    const count = async (): Promise<number> => {
      const metrics = await t.http.get('/metrics').expect(200);
      const line = metrics.text
        .split('\n')
        .find(
          (row) =>
            row.startsWith('plenary_http_requests_total{') &&
            row.includes('route="/api/events/:slug/agenda"') &&
            row.includes('status="200"'),
        );
      return line ? Number(line.split(' ').pop()) : 0;
    };
    await t.http.get(url).expect(200);
    const before = await count();
    await t.http.get(url).expect(200);
    await t.http.get(url).expect(200);
    expect(built).toHaveBeenCalledTimes(1);
    expect(await count()).toBe(before + 2);
  });
});
