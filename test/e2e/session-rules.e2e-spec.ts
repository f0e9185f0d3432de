import { AgendaSession } from '../../src/agenda/agenda-session.entity';
import { dataSourceOf, grantStaff, makeSession } from '../factories/event.factory';
import { registerUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { makeTrack, Stage, stage, talk } from '../factories/programme.factory';

describe('Sessions: validation, access and scheduling rules (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  describe('validation', () => {
    let s: Stage;
    beforeAll(async () => {
      s = await stage(t);
    });

    const rejects = async (body: Record<string, unknown>): Promise<Record<string, string[]>> => {
      const response = await t.http
        .post(`/api/events/${s.event.slug}/sessions`)
        .set(s.organizer.auth)
        .send(body)
        .expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      return response.body.details.fields;
    };

    it('should refuse endsAt not after startsAt', async () => {
      await expect(
        rejects(talk(s.roomA.id, { endsAt: '2030-11-20T09:00:00+08:00' })),
      ).resolves.toHaveProperty('endsAt');
      // Same instant written with another offset is not later either.
      await expect(rejects(talk(s.roomA.id, { endsAt: '2030-11-20T01:00:00Z' }))).resolves.toHaveProperty(
        'endsAt',
      );
    });

    it('should refuse an unknown kind', async () => {
      await expect(rejects(talk(s.roomA.id, { kind: 'party' }))).resolves.toHaveProperty('kind');
    });

    it('should refuse times without an offset', async () => {
      const fields = await rejects(talk(s.roomA.id, { startsAt: '2030-11-20T09:00:00' }));
      expect(fields).toHaveProperty('startsAt');
    });

    it('should refuse unknown properties, including nested ones', async () => {
      await expect(rejects(talk(s.roomA.id, { sponsor: 'ACME' }))).resolves.toHaveProperty('sponsor');
      await expect(
        rejects(talk(s.roomA.id, { qa: { enabled: true, anonymous: true } })),
      ).resolves.toHaveProperty(['qa.anonymous']);
    });

    it('should require a room unless the session is a break', async () => {
      await expect(rejects(talk(s.roomA.id, { roomId: undefined }))).resolves.toHaveProperty('roomId');
      await expect(rejects(talk(s.roomA.id, { roomId: null }))).resolves.toHaveProperty('roomId');
    });

    it('should refuse a speaker listed twice and a bad role', async () => {
      const fields = await rejects(
        talk(s.roomA.id, {
          participants: [
            { speakerId: s.ana.id, role: 'speaker' },
            { speakerId: s.ana.id, role: 'moderator' },
          ],
        }),
      );
      expect(fields).toHaveProperty('participants');
      await expect(
        rejects(talk(s.roomA.id, { participants: [{ speakerId: s.ana.id, role: 'singer' }] })),
      ).resolves.toHaveProperty(['participants.0.role']);
    });

    it('should check endsAt against the stored start on PATCH and refuse clearing the room of a talk', async () => {
      const created = await t.http
        .post(`/api/events/${s.event.slug}/sessions`)
        .set(s.organizer.auth)
        .send(
          talk(s.roomA.id, { startsAt: '2030-11-21T09:00:00+08:00', endsAt: '2030-11-21T10:00:00+08:00' }),
        )
        .expect(201);
      const url = `/api/events/${s.event.slug}/sessions/${created.body.id}`;
      const early = await t.http
        .patch(url)
        .set(s.organizer.auth)
        .send({ endsAt: '2030-11-21T08:00:00+08:00' })
        .expect(400);
      expect(early.body.details.fields).toHaveProperty('endsAt');
      const roomless = await t.http.patch(url).set(s.organizer.auth).send({ roomId: null }).expect(400);
      expect(roomless.body.details.fields).toHaveProperty('roomId');
      const nullTitle = await t.http.patch(url).set(s.organizer.auth).send({ title: null }).expect(400);
      expect(nullTitle.body.details.fields).toHaveProperty('title');
    });

    it('should answer 400 for a session id that is not an id and for a bad tz', async () => {
      const badId = await t.http.get(`/api/events/${s.event.slug}/sessions/not-an-id`).expect(400);
      expect(badId.body.details.fields).toHaveProperty('id');
      const badTz = await t.http.get(`/api/events/${s.event.slug}/sessions?tz=Mars/Olympus`).expect(400);
      expect(badTz.body.details.fields).toHaveProperty('tz');
    });
  });

  describe('access', () => {
    it('should answer 401 to anonymous writers and 403 to signed-in non-organizers', async () => {
      const s = await stage(t);
      await t.http.post(`/api/events/${s.event.slug}/sessions`).send(talk(s.roomA.id)).expect(401);
      const stranger = await registerUser(t);
      const forbidden = await t.http
        .post(`/api/events/${s.event.slug}/sessions`)
        .set(stranger.auth)
        .send(talk(s.roomA.id))
        .expect(403);
      expect(forbidden.body.code).toBe('FORBIDDEN');
      const moderator = await registerUser(t);
      await grantStaff(t, s.event.id, moderator.id, 'moderator');
      await t.http
        .post(`/api/events/${s.event.slug}/sessions`)
        .set(moderator.auth)
        .send(talk(s.roomA.id))
        .expect(403);

      const session = await makeSession(t, s.event.id, { roomId: s.roomA.id });
      const url = `/api/events/${s.event.slug}/sessions/${session.id}`;
      await t.http.patch(url).send({ title: 'x' }).expect(401);
      await t.http.patch(url).set(stranger.auth).send({ title: 'x' }).expect(403);
      await t.http.delete(url).set(stranger.auth).expect(403);
    });

    it('should hide the sessions of a draft event from strangers but not from its staff', async () => {
      const s = await stage(t, { status: 'draft', publishedAt: null });
      const session = await makeSession(t, s.event.id, { roomId: s.roomA.id });
      const stranger = await registerUser(t);
      for (const path of ['sessions', `sessions/${session.id}`]) {
        const anonymous = await t.http.get(`/api/events/${s.event.slug}/${path}`).expect(404);
        expect(anonymous.body.code).toBe('EVENT_NOT_FOUND');
        await t.http.get(`/api/events/${s.event.slug}/${path}`).set(stranger.auth).expect(404);
        await t.http.get(`/api/events/${s.event.slug}/${path}`).set(s.organizer.auth).expect(200);
      }
      // A stranger cannot learn about the draft by writing to it either.
      await t.http
        .post(`/api/events/${s.event.slug}/sessions`)
        .set(stranger.auth)
        .send(talk(s.roomA.id))
        .expect(404);
    });

    it('should not reach another event’s session, room, track or speaker through this event', async () => {
      const s = await stage(t);
      const other = await stage(t);
      const foreignSession = await makeSession(t, other.event.id, { roomId: other.roomA.id });
      const foreignTrack = await makeTrack(t, other.event.id);
      const base = `/api/events/${s.event.slug}/sessions`;

      for (const request of [
        t.http.get(`${base}/${foreignSession.id}`),
        t.http.patch(`${base}/${foreignSession.id}`).set(s.organizer.auth).send({ title: 'Hijacked' }),
        t.http.delete(`${base}/${foreignSession.id}`).set(s.organizer.auth),
      ]) {
        const response = await request.expect(404);
        expect(response.body.code).toBe('SESSION_NOT_FOUND');
      }
      const untouched = await dataSourceOf(t)
        .getRepository(AgendaSession)
        .findOneByOrFail({ id: foreignSession.id });
      expect(untouched).toMatchObject({ title: 'Test session', status: 'scheduled' });

      const room = await t.http.post(base).set(s.organizer.auth).send(talk(other.roomA.id)).expect(404);
      expect(room.body.code).toBe('ROOM_NOT_FOUND');
      const track = await t.http
        .post(base)
        .set(s.organizer.auth)
        .send(talk(s.roomA.id, { trackId: foreignTrack.id }))
        .expect(404);
      expect(track.body.code).toBe('TRACK_NOT_FOUND');
      const speaker = await t.http
        .post(base)
        .set(s.organizer.auth)
        .send(talk(s.roomA.id, { participants: [{ speakerId: other.ana.id, role: 'speaker' }] }))
        .expect(404);
      expect(speaker.body).toMatchObject({
        code: 'SPEAKER_NOT_FOUND',
        details: { speakerIds: [other.ana.id] },
      });
    });
  });

  describe('scheduling rules', () => {
    it('should answer 409 for a room overlap and accept sessions that only touch', async () => {
      const s = await stage(t);
      const base = `/api/events/${s.event.slug}/sessions`;
      const first = await t.http.post(base).set(s.organizer.auth).send(talk(s.roomA.id)).expect(201);
      const conflict = await t.http
        .post(base)
        .set(s.organizer.auth)
        .send(
          talk(s.roomA.id, { startsAt: '2030-11-20T09:30:00+08:00', endsAt: '2030-11-20T10:30:00+08:00' }),
        )
        .expect(409);
      expect(conflict.body).toMatchObject({
        statusCode: 409,
        code: 'SCHEDULE_CONFLICT',
        details: { conflicts: [{ kind: 'room', sessionId: first.body.id }] },
      });
      await t.http
        .post(base)
        .set(s.organizer.auth)
        .send(
          talk(s.roomA.id, { startsAt: '2030-11-20T10:00:00+08:00', endsAt: '2030-11-20T11:00:00+08:00' }),
        )
        .expect(201);
      await t.http.post(base).set(s.organizer.auth).send(talk(s.roomB.id)).expect(201);
    });

    it('should answer 409 when a speaker would be in two overlapping sessions', async () => {
      const s = await stage(t);
      const base = `/api/events/${s.event.slug}/sessions`;
      const first = await t.http
        .post(base)
        .set(s.organizer.auth)
        .send(talk(s.roomA.id, { participants: [{ speakerId: s.ana.id, role: 'speaker' }] }))
        .expect(201);
      const conflict = await t.http
        .post(base)
        .set(s.organizer.auth)
        .send(talk(s.roomB.id, { participants: [{ speakerId: s.ana.id, role: 'panelist' }] }))
        .expect(409);
      expect(conflict.body.details.conflicts).toEqual([
        { kind: 'speaker', sessionId: first.body.id, speakerId: s.ana.id },
      ]);
    });

    it('should answer 409 outside the event days in the event time zone', async () => {
      const s = await stage(t);
      const base = `/api/events/${s.event.slug}/sessions`;
      // 23:30 on 2030-11-19 in Shanghai, although already 2030-11-20 in Tokyo.
      const early = await t.http
        .post(base)
        .set(s.organizer.auth)
        .send(
          talk(s.roomA.id, { startsAt: '2030-11-20T00:30:00+09:00', endsAt: '2030-11-20T01:30:00+09:00' }),
        )
        .expect(409);
      expect(early.body.details.conflicts).toEqual([{ kind: 'outside-event' }]);
      const late = await t.http
        .post(base)
        .set(s.organizer.auth)
        .send(
          talk(s.roomA.id, { startsAt: '2030-11-21T23:30:00+08:00', endsAt: '2030-11-22T00:30:00+08:00' }),
        )
        .expect(409);
      expect(late.body.details.conflicts).toEqual([{ kind: 'outside-event' }]);
      await t.http
        .post(base)
        .set(s.organizer.auth)
        .send(
          talk(s.roomA.id, { startsAt: '2030-11-21T23:00:00+08:00', endsAt: '2030-11-22T00:00:00+08:00' }),
        )
        .expect(201);
    });

    it('should list every conflict at once', async () => {
      const s = await stage(t);
      const base = `/api/events/${s.event.slug}/sessions`;
      const inRoom = await t.http
        .post(base)
        .set(s.organizer.auth)
        .send(
          talk(s.roomA.id, { startsAt: '2030-11-20T00:00:00+08:00', endsAt: '2030-11-20T01:00:00+08:00' }),
        )
        .expect(201);
      const withSpeakers = await t.http
        .post(base)
        .set(s.organizer.auth)
        .send(
          talk(s.roomB.id, {
            startsAt: '2030-11-20T00:30:00+08:00',
            endsAt: '2030-11-20T01:30:00+08:00',
            participants: [
              { speakerId: s.ana.id, role: 'speaker' },
              { speakerId: s.bo.id, role: 'speaker' },
            ],
          }),
        )
        .expect(201);
      const response = await t.http
        .post(base)
        .set(s.organizer.auth)
        .send(
          talk(s.roomA.id, {
            startsAt: '2030-11-19T23:00:00+08:00',
            endsAt: '2030-11-20T02:00:00+08:00',
            participants: [
              { speakerId: s.bo.id, role: 'moderator' },
              { speakerId: s.ana.id, role: 'panelist' },
            ],
          }),
        )
        .expect(409);
      expect(response.body.details.conflicts).toEqual([
        { kind: 'outside-event' },
        { kind: 'room', sessionId: inRoom.body.id },
        { kind: 'speaker', sessionId: withSpeakers.body.id, speakerId: s.bo.id },
        { kind: 'speaker', sessionId: withSpeakers.body.id, speakerId: s.ana.id },
      ]);
      const stored = await dataSourceOf(t).getRepository(AgendaSession).countBy({ eventId: s.event.id });
      expect(stored).toBe(2);
    });

    it('should apply the rules to a PATCH against the merged session and leave it unchanged on 409', async () => {
      const s = await stage(t);
      const base = `/api/events/${s.event.slug}/sessions`;
      const first = await t.http.post(base).set(s.organizer.auth).send(talk(s.roomA.id)).expect(201);
      const second = await t.http.post(base).set(s.organizer.auth).send(talk(s.roomB.id)).expect(201);
      const conflict = await t.http
        .patch(`${base}/${second.body.id}`)
        .set(s.organizer.auth)
        .send({ roomId: s.roomA.id })
        .expect(409);
      expect(conflict.body.details.conflicts).toEqual([{ kind: 'room', sessionId: first.body.id }]);
      const unchanged = await t.http.get(`${base}/${second.body.id}`).expect(200);
      expect(unchanged.body).toMatchObject({ room: { id: s.roomB.id }, sequence: 0 });
      // Editing a session does not conflict with itself.
      await t.http
        .patch(`${base}/${first.body.id}`)
        .set(s.organizer.auth)
        .send({ endsAt: '2030-11-20T10:30:00+08:00' })
        .expect(200);
    });

    it('should let only one of two concurrent overlapping writes in', async () => {
      const s = await stage(t);
      const base = `/api/events/${s.event.slug}/sessions`;
      const responses = await Promise.all(
        [0, 1, 2, 3].map((n) =>
          t.http
            .post(base)
            .set(s.organizer.auth)
            .send(talk(s.roomA.id, { title: `Race ${n}` })),
        ),
      );
      expect(responses.map((response) => response.status).sort()).toEqual([201, 409, 409, 409]);
    });
  });
});
