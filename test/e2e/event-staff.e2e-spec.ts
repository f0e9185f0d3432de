import { DomainEvents } from '../../src/common/domain-events/domain-events';
import { registerUser, TestUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { createEdition } from '../utils/editions';

describe('Events: staff and audit log (e2e)', () => {
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
