import { Registration } from '../../src/registrations/registration.entity';
import { dataSourceOf, makeRegistration, makeSession } from '../factories/event.factory';
import { registerUser, TestUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { createEdition, nextSlug } from '../utils/editions';

describe('Events (e2e)', () => {
  let t: TestApp;
  let organizer: TestUser;
  let stranger: TestUser;

  const createEvent = (owner: TestUser, overrides: Record<string, unknown> = {}) =>
    createEdition(t, owner, overrides);

  beforeAll(async () => {
    t = await createTestApp();
    organizer = await registerUser(t, { name: 'Olga Organizer' });
    stranger = await registerUser(t, { name: 'Sam Stranger' });
  });
  afterAll(async () => {
    await t.close();
  });

  describe('creating and reading', () => {
    it('should create a draft whose creator is its organizer', async () => {
      const response = await t.http
        .post('/api/events')
        .set(organizer.auth)
        .send({
          slug: 'silks-2030',
          title: '  SiLKS Annual Meeting 2030 ',
          description: 'Green development along the Silk Road',
          timezone: 'asia/shanghai',
          startsOn: '2030-11-20',
          endsOn: '2030-11-21',
          languages: ['en', 'zh'],
          registration: {
            capacity: 300,
            requiresApproval: true,
            fields: [
              { key: 'organisation', label: 'Your organisation', type: 'text', required: true },
              { key: 'track', label: 'Main interest', type: 'choice', options: ['Trade', 'Climate'] },
              { key: 'consent', label: 'I agree to be photographed', type: 'checkbox' },
            ],
          },
        })
        .expect(201);
      expect(response.body).toEqual({
        id: expect.any(String),
        slug: 'silks-2030',
        title: 'SiLKS Annual Meeting 2030',
        description: 'Green development along the Silk Road',
        timezone: 'Asia/Shanghai',
        startsOn: '2030-11-20',
        endsOn: '2030-11-21',
        languages: ['en', 'zh'],
        lang: 'en',
        status: 'draft',
        publishedAt: null,
        registration: {
          capacity: 300,
          requiresApproval: true,
          fields: [
            { key: 'organisation', label: 'Your organisation', type: 'text', required: true, lang: 'en' },
            {
              key: 'track',
              label: 'Main interest',
              type: 'choice',
              options: ['Trade', 'Climate'],
              required: false,
              lang: 'en',
            },
            {
              key: 'consent',
              label: 'I agree to be photographed',
              type: 'checkbox',
              required: false,
              lang: 'en',
            },
          ],
        },
        certificates: null,
        role: 'organizer',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });

      const me = await t.http.get('/api/auth/me').set(organizer.auth).expect(200);
      expect(me.body.roles).toContainEqual({ eventSlug: 'silks-2030', role: 'organizer' });
      const fetched = await t.http.get('/api/events/silks-2030').set(organizer.auth).expect(200);
      expect(fetched.body).toEqual(response.body);
    });

    it('should reject invalid bodies with details per field', async () => {
      const response = await t.http
        .post('/api/events')
        .set(organizer.auth)
        .send({
          slug: 'Not A Slug',
          title: '',
          timezone: 'Mars/Olympus',
          startsOn: '2030-02-30',
          endsOn: 'tomorrow',
          languages: ['english'],
          registration: { capacity: 0, fields: [{ key: '1st', label: 'x'.repeat(201), type: 'essay' }] },
          owner: 'me',
        })
        .expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(response.body.details.fields).sort()).toEqual([
        'endsOn',
        'languages',
        'owner',
        'registration.capacity',
        'registration.fields.0.key',
        'registration.fields.0.label',
        'registration.fields.0.type',
        'slug',
        'startsOn',
        'timezone',
        'title',
      ]);
    });

    it('should check the days and the registration questions across fields', async () => {
      const base = { title: 'Days', timezone: 'UTC' };
      const backwards = await t.http
        .post('/api/events')
        .set(organizer.auth)
        .send({ ...base, slug: nextSlug(), startsOn: '2030-11-21', endsOn: '2030-11-20' })
        .expect(400);
      expect(Object.keys(backwards.body.details.fields)).toEqual(['endsOn']);
      await t.http
        .post('/api/events')
        .set(organizer.auth)
        .send({ ...base, slug: nextSlug(), startsOn: '2030-11-01', endsOn: '2030-12-02' })
        .expect(400);
      const fields = await t.http
        .post('/api/events')
        .set(organizer.auth)
        .send({
          ...base,
          slug: nextSlug(),
          startsOn: '2030-11-20',
          endsOn: '2030-11-20',
          registration: {
            fields: [
              { key: 'diet', label: 'Diet', type: 'choice' },
              { key: 'diet', label: 'Diet again', type: 'text', options: ['a'] },
              { key: 'topics', label: 'Topics', type: 'multi', options: [] },
            ],
          },
        })
        .expect(400);
      expect(Object.keys(fields.body.details.fields).sort()).toEqual(['registration.fields.2.options']);
      const crossField = await t.http
        .post('/api/events')
        .set(organizer.auth)
        .send({
          ...base,
          slug: nextSlug(),
          startsOn: '2030-11-20',
          endsOn: '2030-11-20',
          registration: {
            fields: [
              { key: 'diet', label: 'Diet', type: 'choice' },
              { key: 'diet', label: 'Diet again', type: 'text', options: ['a'] },
            ],
          },
        })
        .expect(400);
      expect(Object.keys(crossField.body.details.fields).sort()).toEqual([
        'registration.fields.0.options',
        'registration.fields.1.key',
        'registration.fields.1.options',
      ]);
      const thirtyOneDays = await t.http
        .post('/api/events')
        .set(organizer.auth)
        .send({ ...base, slug: nextSlug(), startsOn: '2030-12-01', endsOn: '2030-12-31' })
        .expect(201);
      expect(thirtyOneDays.body.endsOn).toBe('2030-12-31');
    });

    it('should answer 409 ALREADY_EXISTS for a slug in use', async () => {
      const { slug } = await createEvent(organizer);
      const response = await t.http
        .post('/api/events')
        .set(stranger.auth)
        .send({ slug, title: 'Copycat', timezone: 'UTC', startsOn: '2030-01-01', endsOn: '2030-01-01' })
        .expect(409);
      expect(response.body.code).toBe('ALREADY_EXISTS');
    });

    it('should refuse anonymous writes with 401', async () => {
      const { slug } = await createEvent(organizer);
      const body = {
        slug: nextSlug(),
        title: 'Anon',
        timezone: 'UTC',
        startsOn: '2030-01-01',
        endsOn: '2030-01-01',
      };
      const responses = await Promise.all([
        t.http.post('/api/events').send(body),
        t.http.patch(`/api/events/${slug}`).send({ title: 'x' }),
        t.http.post(`/api/events/${slug}/publish`),
        t.http
          .post(`/api/events/${slug}/clone`)
          .send({ slug: nextSlug(), title: 'x', startsOn: '2031-01-01' }),
        t.http.put(`/api/events/${slug}/staff/${stranger.id}`).send({ role: 'moderator' }),
        t.http.get(`/api/events/${slug}/audit`),
      ]);
      for (const response of responses) {
        expect(response.status).toBe(401);
        expect(response.body.code).toBe('UNAUTHENTICATED');
      }
    });
  });

  describe('drafts and publishing', () => {
    it('should hide a draft from strangers until it is published', async () => {
      const { slug } = await createEvent(organizer);
      const hidden = await t.http.get(`/api/events/${slug}`).set(stranger.auth).expect(404);
      expect(hidden.body.code).toBe('EVENT_NOT_FOUND');
      await t.http.get(`/api/events/${slug}`).expect(404);
      const strangersList = await t.http.get('/api/events').set(stranger.auth).expect(200);
      expect(strangersList.body.items.map((e: { slug: string }) => e.slug)).not.toContain(slug);
      const organizersList = await t.http.get('/api/events').set(organizer.auth).expect(200);
      expect(organizersList.body.items).toContainEqual(
        expect.objectContaining({ slug, status: 'draft', role: 'organizer' }),
      );

      const published = await t.http.post(`/api/events/${slug}/publish`).set(organizer.auth).expect(200);
      expect(published.body).toMatchObject({ status: 'published', publishedAt: expect.any(String) });

      const seen = await t.http.get(`/api/events/${slug}`).set(stranger.auth).expect(200);
      expect(seen.body).toMatchObject({ slug, status: 'published', role: null });
      await t.http.get(`/api/events/${slug}`).expect(200);
      const anonymousList = await t.http.get('/api/events').expect(200);
      expect(anonymousList.body.items).toContainEqual(expect.objectContaining({ slug, role: null }));

      const again = await t.http.post(`/api/events/${slug}/publish`).set(organizer.auth).expect(200);
      expect(again.body.publishedAt).toBe(published.body.publishedAt);
    });

    it('should let only organizers change or publish an edition', async () => {
      const { id, slug } = await createEvent(organizer);
      const moderator = await registerUser(t);
      await t.http
        .put(`/api/events/${slug}/staff/${moderator.id}`)
        .set(organizer.auth)
        .send({ role: 'moderator' });
      const asModerator = await t.http
        .patch(`/api/events/${slug}`)
        .set(moderator.auth)
        .send({ title: 'Mine now' })
        .expect(403);
      expect(asModerator.body.code).toBe('FORBIDDEN');
      await t.http.post(`/api/events/${slug}/publish`).set(moderator.auth).expect(403);
      const visible = await t.http.get(`/api/events/${slug}`).set(moderator.auth).expect(200);
      expect(visible.body).toMatchObject({ id, role: 'moderator' });
      // A stranger does not even learn that the draft exists.
      await t.http.patch(`/api/events/${slug}`).set(stranger.auth).send({ title: 'x' }).expect(404);
      await t.http.post(`/api/events/${slug}/publish`).set(organizer.auth).expect(200);
      await t.http.patch(`/api/events/${slug}`).set(stranger.auth).send({ title: 'x' }).expect(403);
    });
  });

  describe('updating', () => {
    it('should apply a partial update and keep the rest', async () => {
      const { slug } = await createEvent(organizer, {
        description: 'Old',
        languages: ['en'],
        registration: { capacity: 10, fields: [{ key: 'org', label: 'Organisation', type: 'text' }] },
      });
      const response = await t.http
        .patch(`/api/events/${slug}`)
        .set(organizer.auth)
        .send({
          title: 'Renamed',
          description: null,
          timezone: 'europe/berlin',
          languages: ['en', 'zh-Hans'],
          registration: {
            requiresApproval: true,
            fields: [
              { key: 'org', label: 'Organisation', type: 'text' },
              { key: 'sessions', label: 'Sessions', type: 'multi', options: ['A', 'B'], required: true },
            ],
          },
        })
        .expect(200);
      expect(response.body).toMatchObject({
        slug,
        title: 'Renamed',
        description: null,
        timezone: 'Europe/Berlin',
        startsOn: '2030-11-20',
        languages: ['en', 'zh-Hans'],
        registration: {
          capacity: 10,
          requiresApproval: true,
          fields: [
            { key: 'org', label: 'Organisation', type: 'text', required: false },
            { key: 'sessions', label: 'Sessions', type: 'multi', options: ['A', 'B'], required: true },
          ],
        },
      });
      const cleared = await t.http
        .patch(`/api/events/${slug}`)
        .set(organizer.auth)
        .send({ registration: { capacity: null } })
        .expect(200);
      expect(cleared.body.registration).toMatchObject({ capacity: null, requiresApproval: true });
    });

    it('should add registration questions later without touching existing registrations', async () => {
      const { id, slug } = await createEvent(organizer, {
        registration: { fields: [{ key: 'org', label: 'Organisation', type: 'text', required: true }] },
      });
      const registration = await makeRegistration(t, id, stranger.id);
      const repository = dataSourceOf(t).getRepository(Registration);
      await repository.update({ id: registration.id }, { answers: { org: 'DRC' } });

      await t.http
        .patch(`/api/events/${slug}`)
        .set(organizer.auth)
        .send({
          registration: {
            fields: [
              { key: 'org', label: 'Organisation', type: 'text', required: true },
              { key: 'country', label: 'Country', type: 'text', required: true },
            ],
          },
        })
        .expect(200);
      const stored = await repository.findOneByOrFail({ id: registration.id });
      expect(stored).toMatchObject({ status: 'confirmed', answers: { org: 'DRC' } });
    });

    it('should refuse null for required fields, a new slug and days in the wrong order', async () => {
      const { slug } = await createEvent(organizer);
      const response = await t.http
        .patch(`/api/events/${slug}`)
        .set(organizer.auth)
        .send({ title: null, timezone: null, slug: 'renamed' })
        .expect(400);
      expect(Object.keys(response.body.details.fields).sort()).toEqual(['slug', 'timezone', 'title']);
      const order = await t.http
        .patch(`/api/events/${slug}`)
        .set(organizer.auth)
        .send({ startsOn: '2030-11-22' })
        .expect(400);
      expect(Object.keys(order.body.details.fields)).toEqual(['endsOn']);
    });

    it('should refuse new days or a new time zone that leave a scheduled session outside', async () => {
      const { id, slug } = await createEvent(organizer, {
        timezone: 'Asia/Shanghai',
        startsOn: '2030-11-20',
        endsOn: '2030-11-21',
      });
      // 09:00–10:00 on the 21st in Shanghai (01:00Z).
      const late = await makeSession(t, id, {
        startsAt: '2030-11-21T01:00:00.000Z',
        endsAt: '2030-11-21T02:00:00.000Z',
      });
      // 08:00 on the 20th in Shanghai (00:00Z): the 19th in Los Angeles.
      const early = await makeSession(t, id, {
        startsAt: '2030-11-20T00:00:00.000Z',
        endsAt: '2030-11-20T01:00:00.000Z',
      });
      await makeSession(t, id, {
        status: 'cancelled',
        startsAt: '2030-11-21T05:00:00.000Z',
        endsAt: '2030-11-21T06:00:00.000Z',
      });

      const shorter = await t.http
        .patch(`/api/events/${slug}`)
        .set(organizer.auth)
        .send({ endsOn: '2030-11-20' })
        .expect(409);
      expect(shorter.body).toMatchObject({
        code: 'SCHEDULE_CONFLICT',
        details: { conflicts: [{ kind: 'outside-event', sessionId: late.id }] },
      });

      const moved = await t.http
        .patch(`/api/events/${slug}`)
        .set(organizer.auth)
        .send({ timezone: 'America/Los_Angeles' })
        .expect(409);
      expect(moved.body.details.conflicts).toEqual([{ kind: 'outside-event', sessionId: early.id }]);

      const unchanged = await t.http.get(`/api/events/${slug}`).set(organizer.auth).expect(200);
      expect(unchanged.body).toMatchObject({ timezone: 'Asia/Shanghai', endsOn: '2030-11-21' });

      // Longer days that still hold every session are fine; the cancelled session does not count.
      await t.http
        .patch(`/api/events/${slug}`)
        .set(organizer.auth)
        .send({ startsOn: '2030-11-19', endsOn: '2030-11-21' })
        .expect(200);
    });
  });
});
