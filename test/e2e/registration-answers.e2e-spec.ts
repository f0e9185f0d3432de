import { DomainEvents, DomainEventMap } from '../../src/common/domain-events/domain-events';
import { DEMO_ATTENDEES, DEMO_EVENT_SLUG, DEMO_PASSWORD } from '../../src/demo/demo-accounts';
import { Event } from '../../src/events/event.entity';
import { Registration } from '../../src/registrations/registration.entity';
import { dataSourceOf, grantStaff, makeEvent } from '../factories/event.factory';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { Attendee, makeAttendees, SILKS_FIELDS, validAnswers } from '../factories/attendee.factory';
import { parseCsv } from '../utils/csv-reader';

describe('Registrations: answers, lists and exports (e2e)', () => {
  let t: TestApp;
  let organizer: Attendee;
  const changes: DomainEventMap['registration.changed'][] = [];

  beforeAll(async () => {
    t = await createTestApp();
    [organizer] = await makeAttendees(t, 1, ['Olga Organizer']);
    t.app.get(DomainEvents).on('registration.changed', (change) => {
      changes.push(change);
    });
  });
  afterAll(async () => {
    await t.close();
  });

  async function eventWith(overrides: Partial<Event> = {}): Promise<Event> {
    const event = await makeEvent(t, overrides);
    await grantStaff(t, event.id, organizer.id, 'organizer');
    return event;
  }

  const register = (event: Event, who: Attendee, answers?: unknown) =>
    t.http
      .post(`/api/events/${event.slug}/registrations`)
      .set(who.auth)
      .send(answers === undefined ? {} : { answers });

  const mine = (event: Event, who: Attendee) =>
    t.http.get(`/api/events/${event.slug}/registrations/me`).set(who.auth);

  it('should validate answers with field paths and leave nothing behind when they fail', async () => {
    const event = await eventWith({ registrationFields: SILKS_FIELDS, registrationCapacity: 5 });
    const [ana] = await makeAttendees(t, 1);
    const response = await register(event, ana, {
      position: 'Astronaut',
      topics: ['Climate', 'Sports'],
      consent: 'yes',
      organisation: 'x'.repeat(2001),
      nickname: 'Ana',
    }).expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(response.body.details.fields).sort()).toEqual([
      'answers.consent',
      'answers.country',
      'answers.nickname',
      'answers.organisation',
      'answers.position',
      'answers.topics',
    ]);
    await register(event, ana, { country: 42, position: 'Official', consent: false })
      .expect(400)
      .expect((res) => {
        expect(Object.keys(res.body.details.fields).sort()).toEqual(['answers.consent', 'answers.country']);
      });
    await register(event, ana, { topics: 'Climate', ...validAnswers })
      .expect(400)
      .expect((res) => expect(Object.keys(res.body.details.fields)).toEqual(['answers.topics']));
    await t.http
      .post(`/api/events/${event.slug}/registrations`)
      .set(ana.auth)
      .send({ answers: ['China'] })
      .expect(400);

    await mine(event, ana).expect(404);
    const repository = dataSourceOf(t).getRepository(Registration);
    expect(await repository.countBy({ eventId: event.id })).toBe(0);

    const ok = await register(event, ana, {
      ...validAnswers,
      country: '  China ',
      topics: ['Data', 'Health'],
    }).expect(201);
    expect(ok.body.answers).toEqual({
      country: 'China',
      position: 'Researcher',
      consent: true,
      topics: ['Data', 'Health'],
    });
  });

  it('should keep existing registrations valid when organizers add questions later', async () => {
    const event = await eventWith({ registrationFields: [SILKS_FIELDS[0]] });
    const [early, late] = await makeAttendees(t, 2);
    await register(event, early, { country: 'Kenya' }).expect(201);
    await dataSourceOf(t).getRepository(Event).update({ id: event.id }, { registrationFields: SILKS_FIELDS });

    expect((await mine(event, early).expect(200)).body).toMatchObject({
      status: 'confirmed',
      answers: { country: 'Kenya' },
    });
    expect((await register(event, early).expect(200)).body.status).toBe('confirmed');
    const list = await t.http.get(`/api/events/${event.slug}/registrations`).set(organizer.auth).expect(200);
    expect(list.body.items).toHaveLength(1);
    const csv = await t.http
      .get(`/api/events/${event.slug}/registrations?format=csv`)
      .set(organizer.auth)
      .expect(200);
    expect(csv.text).toContain('Kenya');

    const missing = await register(event, late, { country: 'Peru' }).expect(400);
    expect(Object.keys(missing.body.details.fields).sort()).toEqual(['answers.consent', 'answers.position']);
  });

  it('should list registrations for organizers with status and answer filters, counts and pages', async () => {
    const event = await eventWith({ registrationFields: SILKS_FIELDS, registrationCapacity: 2 });
    const [a, b, c, d] = await makeAttendees(t, 4, ['李明', 'Bruno', 'Chen Jing', 'Dana']);
    await register(event, a, { ...validAnswers, topics: ['Climate'] }).expect(201);
    await register(event, b, { ...validAnswers, country: 'Brazil', position: 'Official' }).expect(201);
    await register(event, c, { ...validAnswers, country: 'china', topics: ['Climate', 'Data'] }).expect(201);
    await register(event, d, { ...validAnswers, country: 'Denmark' }).expect(201);

    const list = (query: string) =>
      t.http.get(`/api/events/${event.slug}/registrations${query}`).set(organizer.auth);

    const all = await list('').expect(200);
    expect(all.body.counts).toEqual({ pending: 0, confirmed: 2, waitlisted: 2, rejected: 0, cancelled: 0 });
    expect(all.body.items[0]).toMatchObject({
      user: { id: a.id, name: '李明', email: a.email },
      status: 'confirmed',
      answers: { country: 'China' },
    });
    expect(all.body.items[2]).toMatchObject({ status: 'waitlisted', position: 1 });

    const china = await list('?answers.country=China').expect(200);
    expect(china.body.items.map((item: { user: { id: string } }) => item.user.id)).toEqual([a.id, c.id]);
    const climateWaiting = await list('?answers.topics=Climate&status=waitlisted').expect(200);
    expect(climateWaiting.body.items.map((item: { user: { id: string } }) => item.user.id)).toEqual([c.id]);
    const officials = await list('?answers.position=Official').expect(200);
    expect(officials.body.items).toHaveLength(1);
    expect(officials.body.counts.confirmed).toBe(2);

    const page1 = await list('?limit=3').expect(200);
    expect(page1.body.items).toHaveLength(3);
    const page2 = await list(`?limit=3&cursor=${page1.body.nextCursor}`).expect(200);
    expect(page2.body.items.map((item: { user: { id: string } }) => item.user.id)).toEqual([d.id]);
    expect(page2.body.nextCursor).toBeUndefined();

    const bad = await list('?answers.shoeSize=42&status=maybe&limit=0&colour=red').expect(400);
    expect(Object.keys(bad.body.details.fields).sort()).toEqual(['colour', 'limit', 'status']);
    const unknownQuestion = await list('?answers.shoeSize=42').expect(400);
    expect(Object.keys(unknownQuestion.body.details.fields)).toEqual(['answers.shoeSize']);
    await list('?cursor=!!!').expect(400);

    await t.http.get(`/api/events/${event.slug}/registrations`).set(a.auth).expect(403);
    await t.http.get(`/api/events/${event.slug}/registrations`).expect(401);
  });

  it('should export CSV with a BOM, CRLF, RFC 4180 quoting, Chinese names and neutralised formulas', async () => {
    const event = await eventWith({ registrationFields: SILKS_FIELDS });
    const [a, b, c] = await makeAttendees(t, 3, [
      '王小红',
      '=HYPERLINK("http://evil.example","click")',
      'Zoë, "Z" Ng',
    ]);
    await register(event, a, {
      ...validAnswers,
      organisation: '中国科学院',
      topics: ['Climate', 'Data'],
    }).expect(201);
    await register(event, b, { ...validAnswers, organisation: '+1 555 0100', country: '@SUM(A1)' }).expect(
      201,
    );
    await register(event, c, { ...validAnswers, organisation: 'Line one\nline two', country: '-2+3' }).expect(
      201,
    );

    const byAccept = await t.http
      .get(`/api/events/${event.slug}/registrations`)
      .set(organizer.auth)
      .set('Accept', 'text/csv')
      .expect(200);
    expect(byAccept.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(byAccept.headers['content-disposition']).toContain(`${event.slug}-registrations.csv`);
    const raw = Buffer.from(byAccept.text, 'utf8');
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    const text = byAccept.text.replace(/^\uFEFF/, '');
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([
      'Registration id',
      'Name',
      'Email',
      'Status',
      'Waitlist position',
      'Registered at',
      'Updated at',
      'Country',
      'Organisation',
      'Position',
      'Topics',
      'I agree to be listed',
    ]);
    expect(rows).toHaveLength(4);
    expect(rows[1].slice(1, 4)).toEqual(['王小红', a.email, 'confirmed']);
    expect(rows[1].slice(7)).toEqual(['China', '中国科学院', 'Researcher', 'Climate; Data', 'yes']);
    expect(rows[2][1]).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(rows[2][7]).toBe(`'@SUM(A1)`);
    expect(rows[2][8]).toBe(`'+1 555 0100`);
    expect(rows[3][1]).toBe('Zoë, "Z" Ng');
    expect(rows[3][7]).toBe(`'-2+3`);
    expect(rows[3][8]).toBe('Line one\nline two');
    // The raw text quotes what needs quoting and doubles inner quotes.
    expect(text).toContain('"\'=HYPERLINK(""http://evil.example"",""click"")"');
    expect(text).toContain('"Zoë, ""Z"" Ng"');
    // Only record separators are CRLF; a newline inside a quoted field stays as the attendee typed it.
    expect(text.split('\r\n')).toHaveLength(5);

    const byQuery = await t.http
      .get(`/api/events/${event.slug}/registrations?format=csv&answers.country=China`)
      .set(organizer.auth)
      .expect(200);
    expect(parseCsv(byQuery.text.replace(/^\uFEFF/, ''))).toHaveLength(2);
  });

  it('should describe every registration and personal-agenda route in the OpenAPI document', async () => {
    const doc = await t.http.get('/api/docs-json').expect(200);
    const expected: [string, string][] = [
      ['/api/events/{slug}/registrations', 'post'],
      ['/api/events/{slug}/registrations', 'get'],
      ['/api/events/{slug}/registrations/me', 'get'],
      ['/api/events/{slug}/registrations/me', 'delete'],
      ['/api/events/{slug}/registrations/{id}/approve', 'post'],
      ['/api/events/{slug}/registrations/{id}/reject', 'post'],
      ['/api/events/{slug}/registration-settings', 'get'],
      ['/api/events/{slug}/registration-settings', 'patch'],
      ['/api/events/{slug}/sessions/{id}/seat', 'get'],
      ['/api/events/{slug}/sessions/{id}/seat', 'post'],
      ['/api/events/{slug}/sessions/{id}/seat', 'delete'],
      ['/api/events/{slug}/sessions/{id}/bookmark', 'put'],
      ['/api/events/{slug}/sessions/{id}/bookmark', 'delete'],
      ['/api/me/agenda', 'get'],
      ['/api/me/calendar', 'get'],
      ['/api/me/calendar/rotate', 'post'],
      ['/api/me/notifications', 'get'],
      ['/api/me/notifications/read', 'post'],
      ['/api/calendar/{token}.ics', 'get'],
    ];
    for (const [path, method] of expected) {
      const operation = doc.body.paths[path]?.[method];
      expect({ path, method, summary: operation?.summary }).toEqual({
        path,
        method,
        summary: expect.any(String),
      });
      expect(Object.keys(operation.responses).length).toBeGreaterThan(1);
    }
    expect(doc.body.components.schemas.CreateRegistrationDto.properties.answers).toBeDefined();
  });

  it('should rate-limit registration attempts per account', async () => {
    const event = await eventWith();
    const [ana] = await makeAttendees(t, 1);
    for (let i = 0; i < 20; i += 1) {
      await register(event, ana).expect(i === 0 ? 201 : 200);
    }
    const limited = await register(event, ana).expect(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(limited.body.details.retryAfterMs).toBeGreaterThan(0);
  });
});

describe('Registrations of the demo event (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ SEED_DEMO: 'true' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('should load the demo attendees as confirmed registrations with answers', async () => {
    for (const account of DEMO_ATTENDEES) {
      const login = await t.http
        .post('/api/auth/login')
        .send({ email: account.email, password: DEMO_PASSWORD })
        .expect(200);
      const mine = await t.http
        .get(`/api/events/${DEMO_EVENT_SLUG}/registrations/me`)
        .set('Authorization', `Bearer ${login.body.accessToken}`)
        .expect(200);
      expect(mine.body).toMatchObject({
        status: 'confirmed',
        answers: { country: expect.any(String), organisation: expect.any(String) },
      });
    }
  });
});
