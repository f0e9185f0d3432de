import { AgendaSession } from '../../src/agenda/agenda-session.entity';
import { ParticipantRole, SessionParticipant } from '../../src/agenda/session-participant.entity';
import { newId } from '../../src/common/ids';
import { Event } from '../../src/events/event.entity';
import { Organization } from '../../src/organizations/organization.entity';
import { Room } from '../../src/programme/room.entity';
import { Speaker } from '../../src/programme/speaker.entity';
import { Track } from '../../src/programme/track.entity';
import { dataSourceOf, grantStaff, makeEvent, makeRoom, makeSession } from '../factories/event.factory';
import { registerUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { c3vocErrors, frabXmlErrors } from '../utils/schedule-formats';

const NOW = '2030-10-01T00:00:00.000Z';
const TRICKY_TITLE = `Trade & "supply" <chains> isn't over: 供应链稳定`;

interface Fixture {
  event: Event;
  main: Room;
  panelRoom: Room;
  opening: AgendaSession;
  panel: AgendaSession;
  parallel: AgendaSession;
  chinese: AgendaSession;
  cancelled: AgendaSession;
  lunch: AgendaSession;
  moderator: Speaker;
}

async function makeTrack(t: TestApp, eventId: string, name: string, color: string): Promise<Track> {
  const track: Track = { id: newId(), eventId, name, color, createdAt: NOW };
  await dataSourceOf(t).getRepository(Track).insert(track);
  return track;
}

async function makeSpeaker(t: TestApp, eventId: string, overrides: Partial<Speaker>): Promise<Speaker> {
  const speaker: Speaker = {
    id: newId(),
    eventId,
    name: 'Speaker',
    position: null,
    organizationId: null,
    bio: null,
    photoUrl: null,
    email: null,
    userId: null,
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
  await dataSourceOf(t).getRepository(Speaker).insert(speaker);
  return speaker;
}

async function addParticipants(
  t: TestApp,
  sessionId: string,
  people: [Speaker, ParticipantRole][],
): Promise<void> {
  await dataSourceOf(t)
    .getRepository(SessionParticipant)
    .insert(
      people.map(([speaker, role], position) => ({ sessionId, speakerId: speaker.id, role, position })),
    );
}

/** Two rooms, tracks, parallel sessions, a moderated panel, Chinese and XML-special text. */
async function buildProgramme(t: TestApp, overrides: Partial<Event> = {}): Promise<Fixture> {
  const event = await makeEvent(t, {
    title: 'Think tanks <&> "partners" — 年会',
    description: 'Annual meeting & more',
    timezone: 'Asia/Shanghai',
    startsOn: '2030-11-20',
    endsOn: '2030-11-21',
    ...overrides,
  });
  const main = await makeRoom(t, event.id, {
    name: 'Main Stage',
    position: 0,
    capacity: 500,
    streamUrl: 'https://stream.example.org/main',
  });
  const panelRoom = await makeRoom(t, event.id, { name: 'Panel Room <B>', position: 1 });
  const cooperation = await makeTrack(t, event.id, 'Multilateral Cooperation', '#1F77B4');
  const recovery = await makeTrack(t, event.id, '经济复苏', '#2ca02c');

  const org: Organization = {
    id: newId(),
    name: `Research & Policy Institute ${newId().slice(0, 6)}`,
    nameKey: `research & policy institute ${newId()}`,
    shortName: 'RPI',
    country: 'China',
    url: null,
    createdAt: NOW,
    updatedAt: NOW,
  };
  await dataSourceOf(t).getRepository(Organization).insert(org);
  const moderator = await makeSpeaker(t, event.id, { name: 'Mod Erator', position: 'Moderator' });
  const panelistA = await makeSpeaker(t, event.id, {
    name: '王小明',
    position: 'Senior Fellow',
    organizationId: org.id,
    bio: 'Works on "trade" & <growth>',
  });
  const panelistB = await makeSpeaker(t, event.id, { name: "Anne O'Neil", position: 'Economist' });
  const keynote = await makeSpeaker(t, event.id, { name: 'Key Note', position: 'Director' });

  const opening = await makeSession(t, event.id, {
    title: 'Opening ceremony',
    kind: 'ceremony',
    roomId: main.id,
    trackId: cooperation.id,
    startsAt: '2030-11-20T01:00:00.000Z',
    endsAt: '2030-11-20T01:30:00.000Z',
    abstract: 'Welcome; launch of the initiative, with partners.',
    updatedAt: NOW,
  });
  await addParticipants(t, opening.id, [[keynote, 'host']]);
  const panel = await makeSession(t, event.id, {
    title: TRICKY_TITLE,
    kind: 'panel',
    roomId: main.id,
    trackId: recovery.id,
    startsAt: '2030-11-20T02:00:00.000Z',
    endsAt: '2030-11-20T03:30:00.000Z',
    abstract: 'Panelists discuss <supply> & "demand".',
    language: 'en',
    updatedAt: NOW,
  });
  await addParticipants(t, panel.id, [
    [moderator, 'moderator'],
    [panelistA, 'panelist'],
    [panelistB, 'panelist'],
  ]);
  const parallel = await makeSession(t, event.id, {
    title: 'Parallel workshop',
    kind: 'workshop',
    roomId: panelRoom.id,
    startsAt: '2030-11-20T02:00:00.000Z',
    endsAt: '2030-11-20T03:00:00.000Z',
    updatedAt: NOW,
  });
  await addParticipants(t, parallel.id, [[keynote, 'speaker']]);
  const lunch = await makeSession(t, event.id, {
    title: 'Lunch break',
    kind: 'break',
    roomId: null,
    startsAt: '2030-11-20T04:00:00.000Z',
    endsAt: '2030-11-20T05:00:00.000Z',
    updatedAt: NOW,
  });
  const chinese = await makeSession(t, event.id, {
    title: '数字经济与绿色发展：推动高质量增长',
    kind: 'talk',
    roomId: panelRoom.id,
    language: 'zh',
    startsAt: '2030-11-21T01:00:00.000Z',
    endsAt: '2030-11-21T01:45:00.000Z',
    abstract: '医疗卫生、数字经济和环境保护是高质量增长的动力。',
    updatedAt: NOW,
  });
  await addParticipants(t, chinese.id, [[panelistA, 'speaker']]);
  const cancelled = await makeSession(t, event.id, {
    title: 'Cancelled talk',
    kind: 'talk',
    roomId: main.id,
    startsAt: '2030-11-21T02:00:00.000Z',
    endsAt: '2030-11-21T03:00:00.000Z',
    status: 'cancelled',
    sequence: 2,
    updatedAt: NOW,
  });
  return { event, main, panelRoom, opening, panel, parallel, chinese, cancelled, lunch, moderator };
}

interface IcsEvent {
  [property: string]: string;
}

function parseIcsEvents(text: string): IcsEvent[] {
  const lines = text.replace(/\r\n /g, '').split('\r\n');
  const events: IcsEvent[] = [];
  let current: IcsEvent | null = null;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') {
      current = {};
    } else if (line === 'END:VEVENT') {
      events.push(current!);
      current = null;
    } else if (current) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon);
      current[name.split(';')[0]] = line.slice(colon + 1);
      current[`${name.split(';')[0]}#raw`] = line;
    }
  }
  return events;
}

describe('Exports (e2e)', () => {
  let t: TestApp;
  let fixture: Fixture;

  beforeAll(async () => {
    t = await createTestApp();
    fixture = await buildProgramme(t);
  });

  afterAll(async () => {
    await t.close();
  });

  describe('GET /api/events/:slug/schedule.json', () => {
    it('should validate against the c3voc schema', async () => {
      const response = await t.http.get(`/api/events/${fixture.event.slug}/schedule.json`).expect(200);
      expect(response.headers['content-type']).toMatch(/^application\/json; charset=utf-8/);
      expect(c3vocErrors(response.body)).toEqual([]);
    });

    it('should describe the conference, its rooms, tracks and days in the event time zone', async () => {
      const { body } = await t.http.get(`/api/events/${fixture.event.slug}/schedule.json`).expect(200);
      const conference = body.schedule.conference;
      expect(body.schedule.version).toEqual(expect.any(String));
      expect(body.schedule.base_url).toBe(`${t.url}/`);
      expect(conference.acronym).toBe(fixture.event.slug.replace(/-/g, '_'));
      expect(conference.title).toBe(fixture.event.title);
      expect(conference.start).toBe('2030-11-20');
      expect(conference.end).toBe('2030-11-21');
      expect(conference.daysCount).toBe(2);
      expect(conference.time_zone_name).toBe('Asia/Shanghai');
      expect(conference.timeslot_duration).toBe('00:15');
      expect(conference.rooms.map((r: { name: string; guid: string }) => [r.name, r.guid])).toEqual([
        ['Main Stage', fixture.main.id],
        ['Panel Room <B>', fixture.panelRoom.id],
      ]);
      expect(conference.tracks).toEqual(
        expect.arrayContaining([
          { name: 'Multilateral Cooperation', slug: 'multilateral-cooperation', color: '#1f77b4' },
          { name: '经济复苏', color: '#2ca02c' },
        ]),
      );
      expect(conference.days.map((d: { date: string; day_start: string }) => [d.date, d.day_start])).toEqual([
        ['2030-11-20', '2030-11-20T00:00:00+08:00'],
        ['2030-11-21', '2030-11-21T00:00:00+08:00'],
      ]);
    });

    it('should list parallel sessions in their rooms with local times, persons and unescaped text', async () => {
      const { body } = await t.http.get(`/api/events/${fixture.event.slug}/schedule.json`).expect(200);
      const [day1, day2] = body.schedule.conference.days;
      const main = day1.rooms['Main Stage'];
      const side = day1.rooms['Panel Room <B>'];
      expect(main.map((e: { guid: string }) => e.guid)).toEqual([fixture.opening.id, fixture.panel.id]);
      expect(side.map((e: { guid: string }) => e.guid)).toEqual([fixture.parallel.id]);

      const panel = main[1];
      expect(panel).toMatchObject({
        guid: fixture.panel.id,
        title: TRICKY_TITLE,
        date: '2030-11-20T10:00:00+08:00',
        start: '10:00',
        duration: '01:30',
        end: '2030-11-20T11:30:00+08:00',
        room: 'Main Stage',
        track: '经济复苏',
        type: 'panel',
        language: 'en',
        abstract: 'Panelists discuss <supply> & "demand".',
        url: `${t.url}/api/events/${fixture.event.slug}/sessions/${fixture.panel.id}`,
        links: [{ type: 'media', url: 'https://stream.example.org/main', title: 'Live stream' }],
      });
      expect(
        panel.persons.map((p: { public_name: string; role: string }) => [p.public_name, p.role]),
      ).toEqual([
        ['Mod Erator', 'moderator'],
        ['王小明', 'panelist'],
        ["Anne O'Neil", 'panelist'],
      ]);
      expect(panel.persons[0].guid).toBe(fixture.moderator.id);
      // Parallel: the same start in two rooms.
      expect(side[0].date).toBe(panel.date);

      const chinese = day2.rooms['Panel Room <B>'][0];
      expect(chinese.title).toBe('数字经济与绿色发展：推动高质量增长');
      expect(chinese.language).toBe('zh');
      // A speaker keeps one person id across sessions.
      expect(chinese.persons[0].id).toBe(panel.persons[1].id);
    });

    it('should leave out cancelled sessions and breaks without a room', async () => {
      const { body } = await t.http.get(`/api/events/${fixture.event.slug}/schedule.json`).expect(200);
      const guids = body.schedule.conference.days.flatMap(
        (day: { rooms: Record<string, { guid: string }[]> }) =>
          Object.values(day.rooms).flatMap((events) => events.map((e) => e.guid)),
      );
      expect(guids).toHaveLength(4);
      expect(guids).not.toContain(fixture.cancelled.id);
      expect(guids).not.toContain(fixture.lunch.id);
    });

    it('should be checked by a validator that rejects a broken document', async () => {
      const { body } = await t.http.get(`/api/events/${fixture.event.slug}/schedule.json`).expect(200);
      const broken = structuredClone(body);
      delete broken.schedule.conference.days[0].rooms['Main Stage'][0].guid;
      broken.schedule.conference.acronym = 'Not An Acronym';
      expect(c3vocErrors(broken).length).toBeGreaterThanOrEqual(2);
    });
  });

  describe('GET /api/events/:slug/schedule.xml', () => {
    it('should validate against the frab XSD', async () => {
      const response = await t.http.get(`/api/events/${fixture.event.slug}/schedule.xml`).expect(200);
      expect(response.headers['content-type']).toBe('application/xml; charset=utf-8');
      await expect(frabXmlErrors(response.text)).resolves.toEqual([]);
    });

    it('should escape markup characters and keep Chinese text', async () => {
      const { text } = await t.http.get(`/api/events/${fixture.event.slug}/schedule.xml`).expect(200);
      expect(text).toContain(
        '<title>Trade &amp; &quot;supply&quot; &lt;chains&gt; isn&apos;t over: 供应链稳定</title>',
      );
      expect(text).toContain('<room name="Panel Room &lt;B&gt;"');
      expect(text).toContain(`<event id="`);
      expect(text).toContain(`guid="${fixture.panel.id}"`);
      expect(text).toContain(`<person id="`);
      expect(text).toContain('>Mod Erator</person>');
      expect(text).toContain('<title>数字经济与绿色发展：推动高质量增长</title>');
      expect(text).not.toContain('Cancelled talk');
      expect(text).not.toContain(TRICKY_TITLE);
    });

    it('should be checked by a validator that rejects a broken document', async () => {
      const { text } = await t.http.get(`/api/events/${fixture.event.slug}/schedule.xml`).expect(200);
      const broken = text.replace(`guid="${fixture.panel.id}"`, '');
      const errors = await frabXmlErrors(broken);
      expect(errors.join('\n')).toContain('guid');
    });
  });

  describe('GET /api/events/:slug/schedule.ics', () => {
    it('should serve the programme with a VTIMEZONE and TZID times in the event zone', async () => {
      const response = await t.http.get(`/api/events/${fixture.event.slug}/schedule.ics`).expect(200);
      expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
      const text = response.text;
      expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
      expect(text).toContain('BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\n');
      expect(text).toContain('TZOFFSETTO:+0800');
      const panel = parseIcsEvents(text).find((e) => e.UID === `${fixture.panel.id}@plenary`)!;
      expect(panel['DTSTART#raw']).toBe('DTSTART;TZID=Asia/Shanghai:20301120T100000');
      expect(panel['DTEND#raw']).toBe('DTEND;TZID=Asia/Shanghai:20301120T113000');
      expect(panel.SUMMARY).toBe('Trade & "supply" <chains> isn\'t over: 供应链稳定');
      expect(panel.LOCATION).toBe('Main Stage');
      expect(panel.STATUS).toBe('CONFIRMED');
      expect(panel.DESCRIPTION).toContain('Moderator: Mod Erator');
    });

    it('should keep UIDs stable across fetches and include every session', async () => {
      const first = await t.http.get(`/api/events/${fixture.event.slug}/schedule.ics`).expect(200);
      const second = await t.http.get(`/api/events/${fixture.event.slug}/schedule.ics`).expect(200);
      const uids = (text: string): string[] => parseIcsEvents(text).map((e) => e.UID);
      expect(uids(first.text)).toHaveLength(6);
      expect(uids(second.text)).toEqual(uids(first.text));
      expect(uids(first.text)).toContain(`${fixture.lunch.id}@plenary`);
    });

    it('should mark cancelled sessions as CANCELLED with their sequence', async () => {
      const { text } = await t.http.get(`/api/events/${fixture.event.slug}/schedule.ics`).expect(200);
      const cancelled = parseIcsEvents(text).find((e) => e.UID === `${fixture.cancelled.id}@plenary`)!;
      expect(cancelled.STATUS).toBe('CANCELLED');
      expect(cancelled.SEQUENCE).toBe('2');
    });

    it('should raise SEQUENCE after the session sequence increases', async () => {
      const uid = `${fixture.parallel.id}@plenary`;
      const before = await t.http.get(`/api/events/${fixture.event.slug}/schedule.ics`).expect(200);
      expect(parseIcsEvents(before.text).find((e) => e.UID === uid)!.SEQUENCE).toBe('0');

      await dataSourceOf(t).getRepository(AgendaSession).update(
        { id: fixture.parallel.id },
        {
          sequence: 1,
          startsAt: '2030-11-20T02:30:00.000Z',
          endsAt: '2030-11-20T03:30:00.000Z',
          updatedAt: '2030-10-02T00:00:00.000Z',
        },
      );
      const after = await t.http.get(`/api/events/${fixture.event.slug}/schedule.ics`).expect(200);
      const moved = parseIcsEvents(after.text).find((e) => e.UID === uid)!;
      expect(moved.SEQUENCE).toBe('1');
      expect(moved['DTSTART#raw']).toBe('DTSTART;TZID=Asia/Shanghai:20301120T103000');
      expect(moved.DTSTAMP).toBe('20301002T000000Z');
    });
  });

  describe('drafts', () => {
    let draft: Fixture;

    beforeAll(async () => {
      draft = await buildProgramme(t, { status: 'draft', publishedAt: null });
    });

    it.each(['schedule.json', 'schedule.xml', 'schedule.ics'])(
      'should answer 404 EVENT_NOT_FOUND for %s of a draft to strangers and anonymous callers',
      async (file) => {
        const stranger = await registerUser(t);
        const anonymous = await t.http.get(`/api/events/${draft.event.slug}/${file}`).expect(404);
        expect(anonymous.body.code).toBe('EVENT_NOT_FOUND');
        const signedIn = await t.http
          .get(`/api/events/${draft.event.slug}/${file}`)
          .set(stranger.auth)
          .expect(404);
        expect(signedIn.body.code).toBe('EVENT_NOT_FOUND');
      },
    );

    it('should serve a draft to its staff', async () => {
      const organizer = await registerUser(t);
      await grantStaff(t, draft.event.id, organizer.id, 'organizer');
      const { body } = await t.http
        .get(`/api/events/${draft.event.slug}/schedule.json`)
        .set(organizer.auth)
        .expect(200);
      expect(c3vocErrors(body)).toEqual([]);
    });

    it('should answer 404 for an unknown event', async () => {
      const response = await t.http.get('/api/events/no-such-event/schedule.ics').expect(404);
      expect(response.body.code).toBe('EVENT_NOT_FOUND');
    });
  });

  describe('OpenAPI', () => {
    it('should document the three exports with their media types', async () => {
      const { body } = await t.http.get('/api/docs-json').expect(200);
      const paths = body.paths;
      expect(Object.keys(paths['/api/events/{slug}/schedule.json'].get.responses['200'].content)).toEqual([
        'application/json',
      ]);
      expect(Object.keys(paths['/api/events/{slug}/schedule.xml'].get.responses['200'].content)).toEqual([
        'application/xml',
      ]);
      expect(Object.keys(paths['/api/events/{slug}/schedule.ics'].get.responses['200'].content)).toEqual([
        'text/calendar',
      ]);
      expect(paths['/api/events/{slug}/schedule.ics'].get.responses['404']).toBeDefined();
    });
  });
});
