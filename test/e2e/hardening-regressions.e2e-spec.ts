import { createTestApp, TestApp } from '../utils/create-test-app';
import { makeWorld, tableCounts, World } from '../utils/world';

/** Each test here pins a defect the fuzzers or the authorization matrix found (see test/fuzz/corpus). */
describe('Hardening regressions (e2e)', () => {
  let t: TestApp;
  let w: World;
  const asOrganizer = () => ({ Authorization: `Bearer ${w.users.organizer.token}` });

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMITS: 'off' });
    w = await makeWorld(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('should refuse an unpaired surrogate in an email with 400 instead of crashing the email validator', async () => {
    const response = await t.http
      .post('/api/auth/register')
      .set('Content-Type', 'application/json')
      .send('{"email":"x\\udbffy@example.org","password":"correct horse battery","name":"Ana"}')
      .expect(400);
    expect(response.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: { email: [expect.any(String)] } },
    });
  });

  it('should refuse NUL characters and unpaired surrogates in any text, nested or in the path', async () => {
    const before = await tableCounts(t);
    const slug = w.a.event.slug;
    const bodies = [
      '{"name":"Main\\u0000Hall"}',
      '{"name":"Hall \\ud800"}',
      '{"name":"Hall","streamUrl":"https://example.org/\\udc00"}',
    ];
    for (const body of bodies) {
      const response = await t.http
        .post(`/api/events/${slug}/rooms`)
        .set(asOrganizer())
        .set('Content-Type', 'application/json')
        .send(body)
        .expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    }
    const nested = await t.http
      .post(`/api/events/${slug}/registrations`)
      .set(asOrganizer())
      .set('Content-Type', 'application/json')
      .send('{"answers":{"org":"a\\u0000b"}}')
      .expect(400);
    expect(nested.body.details.fields).toHaveProperty(['answers.org']);
    await t.http.post(`/api/events/${slug}%00/publish`).set(asOrganizer()).expect(400);
    expect(await tableCounts(t)).toEqual(before);
  });

  it('should keep right-to-left marks and astral characters, which are valid text', async () => {
    const name = '\u202Eevil.exe 中文 🎉';
    const response = await t.http
      .post(`/api/events/${w.a.event.slug}/rooms`)
      .set(asOrganizer())
      .send({ name })
      .expect(201);
    expect(response.body.name).toBe(name);
  });

  it('should refuse null for registration settings that cannot be cleared instead of failing with 500', async () => {
    for (const body of [{ open: null }, { requiresApproval: null }]) {
      const response = await t.http
        .patch(`/api/events/${w.a.event.slug}/registration-settings`)
        .set(asOrganizer())
        .send(body)
        .expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    }
  });

  it("should answer 404, not 403, for another event's session in the chat and question history paths", async () => {
    // The attendee of event A is a stranger to event B: before the fix the role check ran first (403),
    // which told them the session id exists.
    const asAttendee = { Authorization: `Bearer ${w.users.attendee.token}` };
    for (const list of ['messages', 'questions']) {
      const response = await t.http
        .get(`/api/events/${w.a.event.slug}/sessions/${w.b.session.id}/${list}`)
        .set(asAttendee)
        .expect(404);
      expect(response.body.code).toBe('SESSION_NOT_FOUND');
    }
  });

  it('should refuse keys named after Object.prototype members, which the whitelist took for declared fields', async () => {
    const before = await tableCounts(t);
    for (const key of ['toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'isPrototypeOf']) {
      const response = await t.http
        .post(`/api/events/${w.a.event.slug}/rooms`)
        .set(asOrganizer())
        .set('Content-Type', 'application/json')
        .send(`{"name":"Hall ${key}","${key}":{"admin":true}}`)
        .expect(400);
      expect(response.body.details.fields).toHaveProperty([key]);
    }
    expect(await tableCounts(t)).toEqual(before);
  });

  it("should describe the event's registration input, not the settings response, in OpenAPI", async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body as {
      components: {
        schemas: Record<string, { required?: string[]; properties?: Record<string, { $ref?: string }> }>;
      };
    };
    const ref = doc.components.schemas.CreateEventDto.properties!.registration.$ref!;
    const input = doc.components.schemas[ref.split('/').pop()!];
    expect(input.required ?? []).not.toContain('seatsLeft');
    expect(Object.keys(input.properties!)).toContain('fields');
    expect(doc.components.schemas.RegistrationSettingsStateDto.required).toContain('seatsLeft');
  });

  it('should refuse null for session settings that cannot be cleared when creating a session', async () => {
    const before = await tableCounts(t);
    const base = {
      title: 'Closing',
      kind: 'talk',
      startsAt: '2030-11-21T15:00:00+08:00',
      endsAt: '2030-11-21T16:00:00+08:00',
      roomId: w.a.room.id,
    };
    for (const extra of [
      { chatEnabled: null },
      { qa: null },
      { qa: { enabled: null } },
      { qa: { moderated: null } },
      { participants: null },
    ]) {
      const response = await t.http
        .post(`/api/events/${w.a.event.slug}/sessions`)
        .set(asOrganizer())
        .send({ ...base, ...extra })
        .expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    }
    expect(await tableCounts(t)).toEqual(before);
  });
});
