import { registerUser, TestUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';

describe('Organisations (e2e)', () => {
  let t: TestApp;
  let organizer: TestUser;
  let attendee: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    organizer = await registerUser(t);
    attendee = await registerUser(t);
    // Organizing any event is what allows editing the shared directory.
    await t.http
      .post('/api/events')
      .set(organizer.auth)
      .send({
        slug: 'org-tests',
        title: 'Org tests',
        timezone: 'UTC',
        startsOn: '2030-01-01',
        endsOn: '2030-01-01',
      })
      .expect(201);
  });
  afterAll(async () => {
    await t.close();
  });

  async function createOrganization(body: Record<string, unknown>, user = attendee) {
    return t.http.post('/api/organizations').set(user.auth).send(body).expect(201);
  }

  it('should add an organisation for any signed-in user and read it back', async () => {
    const created = await createOrganization({
      name: '  Development Research Center  ',
      shortName: 'DRC',
      country: 'China',
      url: 'https://www.drc.gov.cn',
    });
    expect(created.body).toEqual({
      id: expect.any(String),
      name: 'Development Research Center',
      shortName: 'DRC',
      lang: null,
      country: 'China',
      url: 'https://www.drc.gov.cn',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const fetched = await t.http.get(`/api/organizations/${created.body.id}`).expect(200);
    expect(fetched.body).toEqual(created.body);
  });

  it('should keep names unique ignoring case', async () => {
    await createOrganization({ name: 'Silk Road Think Tank Network' });
    const duplicate = await t.http
      .post('/api/organizations')
      .set(organizer.auth)
      .send({ name: 'SILK ROAD think tank   network' })
      .expect(409);
    expect(duplicate.body).toMatchObject({
      code: 'ALREADY_EXISTS',
      details: { fields: { name: expect.any(Array) } },
    });

    const other = await createOrganization({ name: 'Another Institute' });
    const renamed = await t.http
      .patch(`/api/organizations/${other.body.id}`)
      .set(organizer.auth)
      .send({ name: 'silk road think tank network' })
      .expect(409);
    expect(renamed.body.code).toBe('ALREADY_EXISTS');
    // Changing only the case of its own name is fine.
    const recased = await t.http
      .patch(`/api/organizations/${other.body.id}`)
      .set(organizer.auth)
      .send({ name: 'ANOTHER Institute' })
      .expect(200);
    expect(recased.body.name).toBe('ANOTHER Institute');
  });

  it('should list by name and search ignoring case', async () => {
    const local = await createTestApp();
    try {
      const user = await registerUser(local);
      for (const name of ['zeta Forum', 'Alpha Council', 'beta Academy', 'Gamma 100% Institute']) {
        await local.http.post('/api/organizations').set(user.auth).send({ name }).expect(201);
      }
      await local.http
        .post('/api/organizations')
        .set(user.auth)
        .send({ name: 'Delta', shortName: 'ACAD' })
        .expect(201);
      const all = await local.http.get('/api/organizations').expect(200);
      expect(all.body.items.map((o: { name: string }) => o.name)).toEqual([
        'Alpha Council',
        'beta Academy',
        'Delta',
        'Gamma 100% Institute',
        'zeta Forum',
      ]);
      expect(all.body.nextCursor).toBeUndefined();

      const search = await local.http.get('/api/organizations?q=ACADEMY').expect(200);
      expect(search.body.items.map((o: { name: string }) => o.name)).toEqual(['beta Academy']);
      const shortName = await local.http.get('/api/organizations?q=acad').expect(200);
      expect(shortName.body.items.map((o: { name: string }) => o.name)).toEqual(['beta Academy', 'Delta']);
      // LIKE wildcards are matched literally.
      const percent = await local.http.get('/api/organizations').query({ q: '0%' }).expect(200);
      expect(percent.body.items.map((o: { name: string }) => o.name)).toEqual(['Gamma 100% Institute']);
      const underscore = await local.http.get('/api/organizations').query({ q: '_' }).expect(200);
      expect(underscore.body.items).toEqual([]);

      const page1 = await local.http.get('/api/organizations?limit=2').expect(200);
      const page2 = await local.http
        .get('/api/organizations')
        .query({ limit: 2, cursor: page1.body.nextCursor })
        .expect(200);
      const page3 = await local.http
        .get('/api/organizations')
        .query({ limit: 2, cursor: page2.body.nextCursor })
        .expect(200);
      expect([...page1.body.items, ...page2.body.items, ...page3.body.items].map((o) => o.name)).toEqual(
        all.body.items.map((o: { name: string }) => o.name),
      );
      expect(page3.body.nextCursor).toBeUndefined();
    } finally {
      await local.close();
    }
  });

  it('should reject invalid bodies, queries and ids with field details', async () => {
    const response = await t.http
      .post('/api/organizations')
      .set(attendee.auth)
      .send({ name: '', shortName: 'x'.repeat(41), url: 'javascript:alert(1)', founded: 1990 })
      .expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(response.body.details.fields).sort()).toEqual(['founded', 'name', 'shortName', 'url']);
    const ftp = await t.http
      .post('/api/organizations')
      .set(attendee.auth)
      .send({ name: 'FTP Org', url: 'ftp://example.org' })
      .expect(400);
    expect(Object.keys(ftp.body.details.fields)).toEqual(['url']);
    const badId = await t.http.get('/api/organizations/not-a-uuid').expect(400);
    expect(Object.keys(badId.body.details.fields)).toEqual(['id']);
    const missing = await t.http.get('/api/organizations/2b1c7b0e-8a55-4c43-9d0b-3b1d2f7c9e10').expect(404);
    expect(missing.body.code).toBe('ORGANIZATION_NOT_FOUND');
    await t.http.get('/api/organizations?limit=0').expect(400);
    await t.http.get('/api/organizations?cursor=%24%24').expect(400);
  });

  it('should let only signed-in organizers edit entries', async () => {
    const created = await createOrganization({
      name: 'Editable Org',
      country: 'Kenya',
      url: 'http://example.org',
    });
    const anonymous = await t.http.post('/api/organizations').send({ name: 'Anonymous Org' }).expect(401);
    expect(anonymous.body.code).toBe('UNAUTHENTICATED');
    await t.http.patch(`/api/organizations/${created.body.id}`).send({ country: 'Chile' }).expect(401);
    const forbidden = await t.http
      .patch(`/api/organizations/${created.body.id}`)
      .set(attendee.auth)
      .send({ country: 'Chile' })
      .expect(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');

    const updated = await t.http
      .patch(`/api/organizations/${created.body.id}`)
      .set(organizer.auth)
      .send({ country: 'Chile', url: null, shortName: 'EO' })
      .expect(200);
    expect(updated.body).toMatchObject({
      name: 'Editable Org',
      country: 'Chile',
      url: null,
      shortName: 'EO',
    });
    const nullName = await t.http
      .patch(`/api/organizations/${created.body.id}`)
      .set(organizer.auth)
      .send({ name: null })
      .expect(400);
    expect(Object.keys(nullName.body.details.fields)).toEqual(['name']);
    await t.http
      .patch('/api/organizations/2b1c7b0e-8a55-4c43-9d0b-3b1d2f7c9e10')
      .set(organizer.auth)
      .send({ country: 'Chile' })
      .expect(404);
  });
});
