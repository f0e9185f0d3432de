import { AgendaSession } from '../../src/agenda/agenda-session.entity';
import { SessionParticipant } from '../../src/agenda/session-participant.entity';
import { AuditService } from '../../src/audit/audit.service';
import { DomainEvents } from '../../src/common/domain-events/domain-events';
import { Room } from '../../src/programme/room.entity';
import { Registration } from '../../src/registrations/registration.entity';
import { dataSourceOf, makeRegistration, makeSession } from '../factories/event.factory';
import { registerUser, TestUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';

describe('Events (e2e)', () => {
  let t: TestApp;
  let organizer: TestUser;
  let stranger: TestUser;
  let counter = 0;

  const nextSlug = (): string => `edition-${++counter}`;

  /** Creates an edition through the API as `owner` (a draft unless published afterwards). */
  async function createEvent(
    owner: TestUser,
    overrides: Record<string, unknown> = {},
  ): Promise<{ id: string; slug: string }> {
    const response = await t.http
      .post('/api/events')
      .set(owner.auth)
      .send({
        slug: nextSlug(),
        title: 'Annual Meeting',
        timezone: 'Asia/Shanghai',
        startsOn: '2030-11-20',
        endsOn: '2030-11-21',
        ...overrides,
      })
      .expect(201);
    return { id: response.body.id, slug: response.body.slug };
  }

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

  describe('staff', () => {
    it('should grant, change, list and revoke roles, reflected in /auth/me', async () => {
      const { slug } = await createEvent(organizer);
      const helper = await registerUser(t, { name: 'Mia Moderator' });
      const announced: unknown[] = [];
      const stopListening = t.app.get(DomainEvents).on('staff.changed', (change) => {
        announced.push(change);
      });

      const granted = await t.http
        .put(`/api/events/${slug}/staff/${helper.id}`)
        .set(organizer.auth)
        .send({ role: 'moderator' })
        .expect(200);
      expect(granted.body).toEqual({
        userId: helper.id,
        name: 'Mia Moderator',
        email: helper.email,
        role: 'moderator',
      });
      let me = await t.http.get('/api/auth/me').set(helper.auth).expect(200);
      expect(me.body.roles).toEqual([{ eventSlug: slug, role: 'moderator' }]);
      // The draft is now visible to the new moderator.
      await t.http.get(`/api/events/${slug}`).set(helper.auth).expect(200);
      // Granting the role they already hold changes nothing (no audit entry, no domain event).
      await t.http
        .put(`/api/events/${slug}/staff/${helper.id}`)
        .set(organizer.auth)
        .send({ role: 'moderator' })
        .expect(200);

      await t.http
        .put(`/api/events/${slug}/staff/${helper.id}`)
        .set(organizer.auth)
        .send({ role: 'organizer' })
        .expect(200);
      const staff = await t.http.get(`/api/events/${slug}/staff`).set(organizer.auth).expect(200);
      expect(staff.body.items).toEqual(
        expect.arrayContaining([
          { userId: organizer.id, name: 'Olga Organizer', email: organizer.email, role: 'organizer' },
          { userId: helper.id, name: 'Mia Moderator', email: helper.email, role: 'organizer' },
        ]),
      );
      expect(staff.body.items).toHaveLength(2);

      await t.http.delete(`/api/events/${slug}/staff/${helper.id}`).set(organizer.auth).expect(204);
      me = await t.http.get('/api/auth/me').set(helper.auth).expect(200);
      expect(me.body.roles).toEqual([]);
      await t.http.get(`/api/events/${slug}`).set(helper.auth).expect(404);
      // Revoking again is a no-op.
      await t.http.delete(`/api/events/${slug}/staff/${helper.id}`).set(organizer.auth).expect(204);
      stopListening();
      const eventId = (await t.http.get(`/api/events/${slug}`).set(organizer.auth)).body.id;
      expect(announced).toEqual([
        { eventId, userId: helper.id, role: 'moderator' },
        { eventId, userId: helper.id, role: 'organizer' },
        { eventId, userId: helper.id, role: null },
      ]);

      const audit = await t.http.get(`/api/events/${slug}/audit`).set(organizer.auth).expect(200);
      expect(audit.body.items.map((entry: { action: string }) => entry.action)).toEqual([
        'staff.revoked',
        'staff.granted',
        'staff.granted',
        'event.created',
      ]);
      expect(audit.body.items[0]).toMatchObject({
        actor: { id: organizer.id, name: 'Olga Organizer' },
        targetType: 'user',
        targetId: helper.id,
        details: { previousRole: 'organizer' },
      });
    });

    it('should refuse to demote or remove the last organizer', async () => {
      const { slug } = await createEvent(organizer);
      const demote = await t.http
        .put(`/api/events/${slug}/staff/${organizer.id}`)
        .set(organizer.auth)
        .send({ role: 'moderator' })
        .expect(409);
      expect(demote.body.code).toBe('INVALID_STATE');
      const remove = await t.http
        .delete(`/api/events/${slug}/staff/${organizer.id}`)
        .set(organizer.auth)
        .expect(409);
      expect(remove.body.code).toBe('INVALID_STATE');

      const second = await registerUser(t);
      await t.http
        .put(`/api/events/${slug}/staff/${second.id}`)
        .set(organizer.auth)
        .send({ role: 'organizer' })
        .expect(200);
      await t.http.delete(`/api/events/${slug}/staff/${organizer.id}`).set(organizer.auth).expect(204);
      const me = await t.http.get('/api/auth/me').set(second.auth).expect(200);
      expect(me.body.roles).toEqual([{ eventSlug: slug, role: 'organizer' }]);
      await t.http.delete(`/api/events/${slug}/staff/${second.id}`).set(second.auth).expect(409);
    });

    it('should answer 404 USER_NOT_FOUND, 400 for bad ids and roles, and 403 for moderators', async () => {
      const { slug } = await createEvent(organizer);
      const unknown = await t.http
        .put(`/api/events/${slug}/staff/8d0f8f3e-4b7a-4f51-9a57-3c8f0e0b7a11`)
        .set(organizer.auth)
        .send({ role: 'moderator' })
        .expect(404);
      expect(unknown.body.code).toBe('USER_NOT_FOUND');
      const badId = await t.http
        .put(`/api/events/${slug}/staff/not-a-uuid`)
        .set(organizer.auth)
        .send({ role: 'moderator' })
        .expect(400);
      expect(Object.keys(badId.body.details.fields)).toEqual(['userId']);
      const badRole = await t.http
        .put(`/api/events/${slug}/staff/${stranger.id}`)
        .set(organizer.auth)
        .send({ role: 'owner' })
        .expect(400);
      expect(Object.keys(badRole.body.details.fields)).toEqual(['role']);

      const moderator = await registerUser(t);
      await t.http
        .put(`/api/events/${slug}/staff/${moderator.id}`)
        .set(organizer.auth)
        .send({ role: 'moderator' })
        .expect(200);
      const promoted = await t.http
        .put(`/api/events/${slug}/staff/${moderator.id}`)
        .set(moderator.auth)
        .send({ role: 'organizer' })
        .expect(403);
      expect(promoted.body.code).toBe('FORBIDDEN');
      await t.http.get(`/api/events/${slug}/staff`).set(moderator.auth).expect(403);
      await t.http.get(`/api/events/${slug}/audit`).set(moderator.auth).expect(403);
      await t.http.get(`/api/events/${slug}/staff`).set(stranger.auth).expect(404);
    });
  });

  describe('cloning', () => {
    it('should copy a Europe/Berlin edition across the March DST change keeping local times', async () => {
      const cloner = await registerUser(t, { name: 'Carl Cloner' });
      const moderator = await registerUser(t);
      const { id, slug } = await createEvent(organizer, {
        timezone: 'Europe/Berlin',
        startsOn: '2030-03-14',
        endsOn: '2030-03-15',
        description: 'Spring meeting',
        languages: ['en', 'de'],
        registration: {
          capacity: 50,
          requiresApproval: true,
          fields: [{ key: 'role', label: 'Role', type: 'choice', options: ['Member', 'Guest'] }],
        },
      });
      for (const [user, role] of [
        [cloner, 'organizer'],
        [moderator, 'moderator'],
      ] as const) {
        await t.http
          .put(`/api/events/${slug}/staff/${user.id}`)
          .set(organizer.auth)
          .send({ role })
          .expect(200);
      }
      const org = await t.http
        .post('/api/organizations')
        .set(organizer.auth)
        .send({ name: `Clone Institute ${counter}` })
        .expect(201);
      const room = await t.http
        .post(`/api/events/${slug}/rooms`)
        .set(organizer.auth)
        .send({ name: 'Main Stage', capacity: 500, streamUrl: 'https://live.example.org/main' })
        .expect(201);
      const track = await t.http
        .post(`/api/events/${slug}/tracks`)
        .set(organizer.auth)
        .send({ name: 'Climate', color: '#2E7D32' })
        .expect(201);
      const speaker = await t.http
        .post(`/api/events/${slug}/speakers`)
        .set(organizer.auth)
        .send({
          name: 'Dana Speaker',
          organizationId: org.body.id,
          userId: stranger.id,
          email: 'dana@example.org',
        })
        .expect(201);
      // 10:00 in Berlin on 14 March 2030 is 09:00Z (CET, +01:00).
      const talk = await makeSession(t, id, {
        title: 'Opening',
        startsAt: '2030-03-14T09:00:00.000Z',
        endsAt: '2030-03-14T10:30:00.000Z',
        roomId: room.body.id,
        trackId: track.body.id,
        liveStatus: 'ended',
        qaOpen: false,
        sequence: 4,
      });
      await dataSourceOf(t)
        .getRepository(SessionParticipant)
        .insert({ sessionId: talk.id, speakerId: speaker.body.id, role: 'speaker', position: 0 });
      await makeSession(t, id, {
        title: 'Dropped',
        status: 'cancelled',
        startsAt: '2030-03-15T09:00:00.000Z',
        endsAt: '2030-03-15T10:00:00.000Z',
        roomId: room.body.id,
      });

      // Three weeks later: 4 April 2030 is after the change to summer time (CEST, +02:00).
      const response = await t.http
        .post(`/api/events/${slug}/clone`)
        .set(cloner.auth)
        .send({ slug: 'spring-next', title: 'Spring meeting, next edition', startsOn: '2030-04-04' })
        .expect(201);
      expect(response.body).toMatchObject({
        slug: 'spring-next',
        title: 'Spring meeting, next edition',
        description: 'Spring meeting',
        timezone: 'Europe/Berlin',
        startsOn: '2030-04-04',
        endsOn: '2030-04-05',
        languages: ['en', 'de'],
        status: 'draft',
        publishedAt: null,
        role: 'organizer',
        registration: {
          capacity: 50,
          requiresApproval: true,
          fields: [
            { key: 'role', label: 'Role', type: 'choice', options: ['Member', 'Guest'], required: false },
          ],
        },
      });
      const editionId: string = response.body.id;
      expect(editionId).not.toBe(id);

      const sessions = await dataSourceOf(t).getRepository(AgendaSession).findBy({ eventId: editionId });
      expect(sessions).toHaveLength(1);
      const [copy] = sessions;
      expect(copy.id).not.toBe(talk.id);
      // Still 10:00–11:30 local, now 08:00Z: the UTC hour moved by the DST change.
      expect(copy).toMatchObject({
        title: 'Opening',
        startsAt: '2030-04-04T08:00:00.000Z',
        endsAt: '2030-04-04T09:30:00.000Z',
        status: 'scheduled',
        liveStatus: 'upcoming',
        qaOpen: true,
        sequence: 0,
      });

      const rooms = await t.http.get('/api/events/spring-next/rooms').set(cloner.auth).expect(200);
      expect(rooms.body.items).toEqual([
        {
          id: copy.roomId,
          name: 'Main Stage',
          lang: 'en',
          capacity: 500,
          streamUrl: 'https://live.example.org/main',
          position: 0,
        },
      ]);
      expect(copy.roomId).not.toBe(room.body.id);
      const tracks = await t.http.get('/api/events/spring-next/tracks').set(cloner.auth).expect(200);
      expect(tracks.body.items).toEqual([
        { id: copy.trackId, name: 'Climate', lang: 'en', color: '#2E7D32' },
      ]);
      const speakers = await t.http.get('/api/events/spring-next/speakers').set(cloner.auth).expect(200);
      expect(speakers.body.items).toEqual([
        expect.objectContaining({
          name: 'Dana Speaker',
          userId: stranger.id,
          email: 'dana@example.org',
          organization: expect.objectContaining({ id: org.body.id }),
        }),
      ]);
      const participants = await dataSourceOf(t)
        .getRepository(SessionParticipant)
        .findBy({ sessionId: copy.id });
      expect(participants).toEqual([
        { sessionId: copy.id, speakerId: speakers.body.items[0].id, role: 'speaker', position: 0 },
      ]);

      const staff = await t.http.get('/api/events/spring-next/staff').set(cloner.auth).expect(200);
      expect(
        staff.body.items
          .map((member: { userId: string; role: string }) => [member.userId, member.role])
          .sort(),
      ).toEqual(
        [
          [organizer.id, 'organizer'],
          [cloner.id, 'organizer'],
          [moderator.id, 'moderator'],
        ].sort(),
      );
      // The source edition is untouched.
      const source = await dataSourceOf(t).getRepository(AgendaSession).findBy({ eventId: id });
      expect(source).toHaveLength(2);
      await t.http.get('/api/events/spring-next').set(stranger.auth).expect(404);
    });

    it('should refuse clones by non-organizers, to a taken slug, and with invalid bodies', async () => {
      const { slug } = await createEvent(organizer);
      const moderator = await registerUser(t);
      await t.http
        .put(`/api/events/${slug}/staff/${moderator.id}`)
        .set(organizer.auth)
        .send({ role: 'moderator' })
        .expect(200);
      const body = { slug: nextSlug(), title: 'Next', startsOn: '2031-11-20' };
      await t.http.post(`/api/events/${slug}/clone`).set(moderator.auth).send(body).expect(403);
      await t.http.post(`/api/events/${slug}/clone`).set(stranger.auth).send(body).expect(404);
      const taken = await t.http
        .post(`/api/events/${slug}/clone`)
        .set(organizer.auth)
        .send({ ...body, slug })
        .expect(409);
      expect(taken.body.code).toBe('ALREADY_EXISTS');
      const invalid = await t.http
        .post(`/api/events/${slug}/clone`)
        .set(organizer.auth)
        .send({ slug: 'BAD SLUG', startsOn: '2031-13-01' })
        .expect(400);
      expect(Object.keys(invalid.body.details.fields).sort()).toEqual(['slug', 'startsOn', 'title']);
    });

    it('should leave nothing behind when a clone fails half way', async () => {
      const { id, slug } = await createEvent(organizer);
      await t.http.post(`/api/events/${slug}/rooms`).set(organizer.auth).send({ name: 'Hall' }).expect(201);
      await makeSession(t, id, { startsAt: '2030-11-20T02:00:00.000Z', endsAt: '2030-11-20T03:00:00.000Z' });
      const rooms = dataSourceOf(t).getRepository(Room);
      const roomsBefore = await rooms.count();
      const sessionsBefore = await dataSourceOf(t).getRepository(AgendaSession).count();

      const audit = t.app.get(AuditService);
      const record = audit.record.bind(audit);
      const spy = jest.spyOn(audit, 'record').mockImplementation((entry, manager) => {
        if (entry.action === 'event.cloned') {
          return Promise.reject(new Error('disk full'));
        }
        return record(entry, manager);
      });
      try {
        const response = await t.http
          .post(`/api/events/${slug}/clone`)
          .set(organizer.auth)
          .send({ slug: 'doomed-clone', title: 'Doomed', startsOn: '2031-11-20' })
          .expect(500);
        expect(response.body).toMatchObject({
          code: 'INTERNAL',
          message: expect.not.stringContaining('disk'),
        });
      } finally {
        spy.mockRestore();
      }
      await t.http.get('/api/events/doomed-clone').set(organizer.auth).expect(404);
      expect(await rooms.count()).toBe(roomsBefore);
      expect(await dataSourceOf(t).getRepository(AgendaSession).count()).toBe(sessionsBefore);
      const me = await t.http.get('/api/auth/me').set(organizer.auth).expect(200);
      expect(me.body.roles.map((role: { eventSlug: string }) => role.eventSlug)).not.toContain(
        'doomed-clone',
      );
    });
  });

  describe('audit log', () => {
    it('should page through entries newest first', async () => {
      const { slug } = await createEvent(organizer);
      for (const title of ['One', 'Two', 'Three']) {
        await t.http.patch(`/api/events/${slug}`).set(organizer.auth).send({ title }).expect(200);
      }
      await t.http.post(`/api/events/${slug}/publish`).set(organizer.auth).expect(200);

      const first = await t.http.get(`/api/events/${slug}/audit?limit=2`).set(organizer.auth).expect(200);
      expect(first.body.items.map((entry: { action: string }) => entry.action)).toEqual([
        'event.published',
        'event.updated',
      ]);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await t.http
        .get(`/api/events/${slug}/audit`)
        .query({ limit: 2, cursor: first.body.nextCursor })
        .set(organizer.auth)
        .expect(200);
      expect(second.body.items.map((entry: { action: string }) => entry.action)).toEqual([
        'event.updated',
        'event.updated',
      ]);
      const third = await t.http
        .get(`/api/events/${slug}/audit`)
        .query({ limit: 2, cursor: second.body.nextCursor })
        .set(organizer.auth)
        .expect(200);
      expect(third.body.items.map((entry: { action: string }) => entry.action)).toEqual(['event.created']);
      expect(third.body.nextCursor).toBeUndefined();
      const ids = [...first.body.items, ...second.body.items, ...third.body.items].map(
        (entry: { id: string }) => entry.id,
      );
      expect(new Set(ids).size).toBe(5);

      const tooMany = await t.http.get(`/api/events/${slug}/audit?limit=201`).set(organizer.auth).expect(400);
      expect(Object.keys(tooMany.body.details.fields)).toEqual(['limit']);
      await t.http.get(`/api/events/${slug}/audit?cursor=garbage`).set(organizer.auth).expect(400);
    });
  });
});
