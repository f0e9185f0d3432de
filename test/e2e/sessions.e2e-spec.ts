import { AgendaSession } from '../../src/agenda/agenda-session.entity';
import { SessionsService } from '../../src/agenda/sessions.service';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { DomainEventMap, DomainEvents } from '../../src/common/domain-events/domain-events';
import { newId } from '../../src/common/ids';
import { Speaker } from '../../src/programme/speaker.entity';
import { dataSourceOf, makeSession } from '../factories/event.factory';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { makeOrganization, makeTrack, stage, talk } from '../factories/programme.factory';

describe('Sessions (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  describe('happy paths', () => {
    it('should create a session with room, track, participants in order, and read it back', async () => {
      const s = await stage(t);
      const track = await makeTrack(t, s.event.id);
      const drc = await makeOrganization(t, 'Development Research Center', 'DRC');
      await dataSourceOf(t).getRepository(Speaker).update({ id: s.bo.id }, { organizationId: drc.id });

      const created = await t.http
        .post(`/api/events/${s.event.slug}/sessions`)
        .set(s.organizer.auth)
        .send(
          talk(s.roomA.id, {
            title: '  Panel on green finance  ',
            abstract: 'Who pays for the transition?',
            kind: 'panel',
            trackId: track.id,
            language: 'zh',
            capacity: 120,
            qa: { enabled: true, moderated: true },
            chatEnabled: false,
            participants: [
              { speakerId: s.bo.id, role: 'moderator' },
              { speakerId: s.ana.id, role: 'panelist' },
            ],
          }),
        )
        .expect(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        eventId: s.event.id,
        title: 'Panel on green finance',
        abstract: 'Who pays for the transition?',
        lang: 'en',
        kind: 'panel',
        startsAt: '2030-11-20T01:00:00Z',
        endsAt: '2030-11-20T02:00:00Z',
        room: {
          id: s.roomA.id,
          name: 'Main Stage',
          lang: 'en',
          streamUrl: 'https://stream.example.org/a',
          stream: { kind: 'embed', url: 'https://stream.example.org/a' },
        },
        track: { id: track.id, name: 'Green development', lang: 'en', color: '#2E7D32' },
        language: 'zh',
        interpretation: [],
        capacity: 120,
        stream: null,
        qa: { enabled: true, moderated: true, open: true },
        chatEnabled: false,
        recordings: [],
        status: 'scheduled',
        liveStatus: 'upcoming',
        sequence: 0,
        participants: [
          {
            speakerId: s.bo.id,
            name: 'Bo Chen',
            position: null,
            lang: 'en',
            organization: { id: drc.id, name: 'Development Research Center', shortName: 'DRC', lang: null },
            role: 'moderator',
          },
          {
            speakerId: s.ana.id,
            name: 'Ana Lima',
            position: 'Director',
            lang: 'en',
            organization: null,
            role: 'panelist',
          },
        ],
      });

      const stored = await dataSourceOf(t)
        .getRepository(AgendaSession)
        .findOneByOrFail({ id: created.body.id });
      expect(stored.startsAt).toBe('2030-11-20T01:00:00.000Z');

      const anonymous = await t.http
        .get(`/api/events/${s.event.slug}/sessions/${created.body.id}`)
        .expect(200);
      expect(anonymous.body).toEqual(created.body);

      const zoned = await t.http
        .get(`/api/events/${s.event.slug}/sessions/${created.body.id}?tz=Asia/Shanghai`)
        .expect(200);
      expect(zoned.body.startsAt).toBe('2030-11-20T09:00:00+08:00');
      expect(zoned.body.endsAt).toBe('2030-11-20T10:00:00+08:00');
    });

    it('should default Q&A on, unmoderated, chat on and no track when those are left out', async () => {
      const s = await stage(t);
      const created = await t.http
        .post(`/api/events/${s.event.slug}/sessions`)
        .set(s.organizer.auth)
        .send(talk(s.roomA.id))
        .expect(201);
      expect(created.body).toMatchObject({
        abstract: null,
        track: null,
        language: null,
        capacity: null,
        qa: { enabled: true, moderated: false, open: true },
        chatEnabled: true,
        participants: [],
      });
    });

    it('should list sessions ordered by start and filter by day, room, track, language and kind', async () => {
      const s = await stage(t);
      const track = await makeTrack(t, s.event.id);
      const post = (body: Record<string, unknown>) =>
        t.http.post(`/api/events/${s.event.slug}/sessions`).set(s.organizer.auth).send(body).expect(201);
      const second = await post(
        talk(s.roomA.id, {
          title: 'Day 2',
          startsAt: '2030-11-21T09:00:00+08:00',
          endsAt: '2030-11-21T10:00:00+08:00',
          language: 'en',
        }),
      );
      const first = await post(talk(s.roomB.id, { title: 'Day 1 B', trackId: track.id, language: 'zh' }));
      const lunch = await post({
        title: 'Lunch',
        kind: 'break',
        startsAt: '2030-11-20T12:00:00+08:00',
        endsAt: '2030-11-20T13:00:00+08:00',
      });

      const all = await t.http.get(`/api/events/${s.event.slug}/sessions`).expect(200);
      expect(all.body.items.map((item: { id: string }) => item.id)).toEqual([
        first.body.id,
        lunch.body.id,
        second.body.id,
      ]);

      const ids = async (query: string): Promise<string[]> => {
        const response = await t.http.get(`/api/events/${s.event.slug}/sessions?${query}`).expect(200);
        return response.body.items.map((item: { id: string }) => item.id);
      };
      await expect(ids('day=2030-11-21')).resolves.toEqual([second.body.id]);
      // 2030-11-20 in Los Angeles runs from 2030-11-20T16:00+08:00: only the second-day talk starts in it.
      await expect(ids('day=2030-11-20&tz=America/Los_Angeles')).resolves.toEqual([second.body.id]);
      await expect(ids(`roomId=${s.roomB.id}`)).resolves.toEqual([first.body.id, lunch.body.id]);
      await expect(ids(`trackId=${track.id}`)).resolves.toEqual([first.body.id]);
      await expect(ids('language=en')).resolves.toEqual([second.body.id]);
      await expect(ids('kind=break')).resolves.toEqual([lunch.body.id]);

      const zoned = await t.http.get(`/api/events/${s.event.slug}/sessions?tz=Europe/Moscow`).expect(200);
      expect(zoned.body.items[0].startsAt).toBe('2030-11-20T04:00:00+03:00');
    });

    it('should update a session, replacing its participants, and raise the sequence only for calendar fields', async () => {
      const s = await stage(t);
      const created = await t.http
        .post(`/api/events/${s.event.slug}/sessions`)
        .set(s.organizer.auth)
        .send(talk(s.roomA.id, { participants: [{ speakerId: s.ana.id, role: 'speaker' }] }))
        .expect(201);
      const url = `/api/events/${s.event.slug}/sessions/${created.body.id}`;

      const language = await t.http.patch(url).set(s.organizer.auth).send({ language: 'en' }).expect(200);
      expect(language.body).toMatchObject({ language: 'en', sequence: 0 });

      const moved = await t.http
        .patch(url)
        .set(s.organizer.auth)
        .send({
          startsAt: '2030-11-20T10:00:00+08:00',
          endsAt: '2030-11-20T11:30:00+08:00',
          roomId: s.roomB.id,
          participants: [
            { speakerId: s.bo.id, role: 'host' },
            { speakerId: s.ana.id, role: 'speaker' },
          ],
        })
        .expect(200);
      expect(moved.body).toMatchObject({
        startsAt: '2030-11-20T02:00:00Z',
        endsAt: '2030-11-20T03:30:00Z',
        room: { id: s.roomB.id },
        sequence: 1,
      });
      expect(
        moved.body.participants.map((p: { speakerId: string; role: string }) => [p.speakerId, p.role]),
      ).toEqual([
        [s.bo.id, 'host'],
        [s.ana.id, 'speaker'],
      ]);

      const cleared = await t.http
        .patch(url)
        .set(s.organizer.auth)
        .send({ abstract: 'Now with an abstract', capacity: null, participants: [] })
        .expect(200);
      expect(cleared.body).toMatchObject({
        abstract: 'Now with an abstract',
        capacity: null,
        participants: [],
        sequence: 2,
      });

      const unchanged = await t.http.patch(url).set(s.organizer.auth).send({ language: 'en' }).expect(200);
      expect(unchanged.body.sequence).toBe(2);
    });

    it('should delete a session of a draft event outright', async () => {
      const s = await stage(t, { status: 'draft', publishedAt: null });
      const created = await t.http
        .post(`/api/events/${s.event.slug}/sessions`)
        .set(s.organizer.auth)
        .send(talk(s.roomA.id, { participants: [{ speakerId: s.ana.id, role: 'speaker' }] }))
        .expect(201);
      const url = `/api/events/${s.event.slug}/sessions/${created.body.id}`;
      await t.http.delete(url).set(s.organizer.auth).expect(204);
      const response = await t.http.get(url).set(s.organizer.auth).expect(404);
      expect(response.body.code).toBe('SESSION_NOT_FOUND');
    });

    it('should cancel instead of deleting on a published event, once', async () => {
      const s = await stage(t);
      const created = await t.http
        .post(`/api/events/${s.event.slug}/sessions`)
        .set(s.organizer.auth)
        .send(talk(s.roomA.id))
        .expect(201);
      const url = `/api/events/${s.event.slug}/sessions/${created.body.id}`;
      await t.http.delete(url).set(s.organizer.auth).expect(204);
      const cancelled = await t.http.get(url).expect(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', sequence: 1 });
      await t.http.delete(url).set(s.organizer.auth).expect(204);
      const again = await t.http.get(url).expect(200);
      expect(again.body.sequence).toBe(1);

      // The cancelled session no longer blocks its slot.
      await t.http
        .post(`/api/events/${s.event.slug}/sessions`)
        .set(s.organizer.auth)
        .send(talk(s.roomA.id, { title: 'Replacement' }))
        .expect(201);
    });

    it('should accept a break without a room alongside sessions in every room', async () => {
      const s = await stage(t);
      await t.http
        .post(`/api/events/${s.event.slug}/sessions`)
        .set(s.organizer.auth)
        .send(talk(s.roomA.id))
        .expect(201);
      const pause = await t.http
        .post(`/api/events/${s.event.slug}/sessions`)
        .set(s.organizer.auth)
        .send({
          title: 'Tea break',
          kind: 'break',
          startsAt: '2030-11-20T09:30:00+08:00',
          endsAt: '2030-11-20T09:45:00+08:00',
          roomId: null,
        })
        .expect(201);
      expect(pause.body).toMatchObject({ kind: 'break', room: null });
      // And a talk may be placed over the break in any room.
      await t.http
        .post(`/api/events/${s.event.slug}/sessions`)
        .set(s.organizer.auth)
        .send(talk(s.roomB.id, { startsAt: '2030-11-20T09:30:00+08:00' }))
        .expect(201);
    });
  });

  describe('OpenAPI', () => {
    it('should document every sessions, agenda and changes route with its DTOs and errors', async () => {
      const doc = await t.http.get('/api/docs-json').expect(200);
      const paths = doc.body.paths;
      const operations = [
        ['/api/events/{slug}/sessions', 'get'],
        ['/api/events/{slug}/sessions', 'post'],
        ['/api/events/{slug}/sessions/{id}', 'get'],
        ['/api/events/{slug}/sessions/{id}', 'patch'],
        ['/api/events/{slug}/sessions/{id}', 'delete'],
        ['/api/events/{slug}/agenda', 'get'],
        ['/api/events/{slug}/changes', 'get'],
      ];
      for (const [path, method] of operations) {
        const operation = paths[path]?.[method];
        expect({ path, method, tags: operation?.tags, summary: typeof operation?.summary }).toEqual({
          path,
          method,
          tags: ['programme'],
          summary: 'string',
        });
        expect(Object.keys(operation.responses)).toEqual(
          expect.arrayContaining([
            method === 'post' ? '201' : method === 'delete' ? '204' : '200',
            '400',
            '404',
          ]),
        );
      }
      expect(Object.keys(paths['/api/events/{slug}/sessions'].post.responses)).toEqual(
        expect.arrayContaining(['201', '401', '403', '409']),
      );
      const schemas = doc.body.components.schemas;
      expect(schemas.CreateSessionDto.required).toEqual(
        expect.arrayContaining(['title', 'kind', 'startsAt', 'endsAt']),
      );
      expect(Object.keys(schemas.SessionResponseDto.properties)).toEqual(
        expect.arrayContaining(['room', 'track', 'qa', 'participants', 'sequence', 'liveStatus']),
      );
      expect(Object.keys(schemas.EventAgendaResponseDto.properties)).toEqual(['timezone', 'lang', 'days']);
      expect(Object.keys(schemas.ProgrammeChangeListDto.properties)).toEqual(
        expect.arrayContaining(['items', 'limit', 'nextCursor']),
      );
    });
  });

  describe('for other features', () => {
    it('should announce programme changes after commit with the published flag', async () => {
      const s = await stage(t);
      const seen: DomainEventMap['programme.session-changed'][] = [];
      const off = t.app.get(DomainEvents).on('programme.session-changed', (payload) => {
        seen.push(payload);
      });
      try {
        const created = await t.http
          .post(`/api/events/${s.event.slug}/sessions`)
          .set(s.organizer.auth)
          .send(talk(s.roomA.id))
          .expect(201);
        await t.http
          .patch(`/api/events/${s.event.slug}/sessions/${created.body.id}`)
          .set(s.organizer.auth)
          .send({ roomId: s.roomB.id })
          .expect(200);
        expect(seen).toEqual([
          {
            eventId: s.event.id,
            sessionId: created.body.id,
            kind: 'added',
            summary: expect.stringContaining('Opening keynote'),
            published: true,
          },
          {
            eventId: s.event.id,
            sessionId: created.body.id,
            kind: 'room-changed',
            summary: '"Opening keynote" moved from Main Stage to Room B',
            published: true,
          },
        ]);
      } finally {
        off();
      }
    });

    it('should set the live status through SessionsService.setLiveStatus, audit it and announce it', async () => {
      const s = await stage(t);
      const session = await makeSession(t, s.event.id, { roomId: s.roomA.id });
      const seen: DomainEventMap['programme.session-changed'][] = [];
      const off = t.app.get(DomainEvents).on('programme.session-changed', (payload) => {
        seen.push(payload);
      });
      const sessions = t.app.get(SessionsService);
      try {
        const live = await sessions.setLiveStatus(s.event.id, session.id, { status: 'live' }, s.organizer.id);
        expect(live).toMatchObject({ id: session.id, liveStatus: 'live', qa: { open: true } });
        const ended = await sessions.setLiveStatus(
          s.event.id,
          session.id,
          { status: 'ended' },
          s.organizer.id,
        );
        expect(ended).toMatchObject({ liveStatus: 'ended', qa: { open: false } });
        expect(seen.map((payload) => payload.kind)).toEqual(['live-status', 'live-status']);
        const audit = await dataSourceOf(t)
          .getRepository(AuditEntry)
          .findBy({ eventId: s.event.id, action: 'session.live-status' });
        expect(audit).toHaveLength(2);
        const view = await t.http.get(`/api/events/${s.event.slug}/sessions/${session.id}`).expect(200);
        expect(view.body).toMatchObject({ liveStatus: 'ended', sequence: 0 });
        await expect(
          sessions.setLiveStatus(s.event.id, newId(), { status: 'live' }, s.organizer.id),
        ).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
      } finally {
        off();
      }
    });

    it('should give the same payload from SessionsService.getView as from the REST read', async () => {
      const s = await stage(t);
      const created = await t.http
        .post(`/api/events/${s.event.slug}/sessions`)
        .set(s.organizer.auth)
        .send(talk(s.roomA.id, { participants: [{ speakerId: s.ana.id, role: 'host' }] }))
        .expect(201);
      await expect(t.app.get(SessionsService).getView(s.event.id, created.body.id)).resolves.toEqual(
        created.body,
      );
      await expect(t.app.get(SessionsService).getView(newId(), created.body.id)).rejects.toMatchObject({
        code: 'SESSION_NOT_FOUND',
      });
    });
  });
});
