import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DataSource } from 'typeorm';

import { AgendaSession } from '../../src/agenda/agenda-session.entity';
import { SessionParticipant } from '../../src/agenda/session-participant.entity';
import { User } from '../../src/auth/user.entity';
import { localDateOf } from '../../src/common/time/zoned-time';
import {
  DEMO_ACCOUNTS,
  DEMO_ATTENDEES,
  DEMO_EVENT_SLUG,
  DEMO_MODERATOR,
  DEMO_ORGANIZER,
  DEMO_PASSWORD,
} from '../../src/demo/demo-accounts';
import { DemoSeeder } from '../../src/demo/demo-seeder';
import { EventStaff } from '../../src/events/event-staff.entity';
import { Event } from '../../src/events/event.entity';
import { Organization } from '../../src/organizations/organization.entity';
import { Room } from '../../src/programme/room.entity';
import { Speaker } from '../../src/programme/speaker.entity';
import { Track } from '../../src/programme/track.entity';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { c3vocErrors, frabXmlErrors } from '../utils/schedule-formats';

const ENTITIES = [
  Event,
  EventStaff,
  User,
  Organization,
  Room,
  Track,
  Speaker,
  AgendaSession,
  SessionParticipant,
];

async function counts(t: TestApp): Promise<Record<string, number>> {
  const dataSource = t.app.get(DataSource);
  const result: Record<string, number> = {};
  for (const entity of ENTITIES) {
    result[entity.name] = await dataSource.getRepository(entity).count();
  }
  return result;
}

function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    rmSync(`${file}${suffix}`, { force: true });
  }
}

describe('Demo (e2e)', () => {
  const file = join(tmpdir(), `plenary-demo-${randomUUID()}.sqlite`);
  let t: TestApp;
  let event: Event;

  beforeAll(async () => {
    t = await createTestApp({ DATABASE_URL: `sqlite:${file}`, SEED_DEMO: 'true' });
    event = await t.app.get(DataSource).getRepository(Event).findOneByOrFail({ slug: DEMO_EVENT_SLUG });
  });

  afterAll(async () => {
    await t?.close();
    removeDatabase(file);
  });

  it('should load the SiLKS meeting as a published two-day event in Asia/Shanghai', () => {
    expect(event).toMatchObject({
      slug: 'silks-2020',
      status: 'published',
      timezone: 'Asia/Shanghai',
      startsOn: '2020-09-29',
      endsOn: '2020-09-30',
      languages: ['en', 'zh', 'ru'],
      registrationCapacity: 500,
    });
    expect(event.title).toContain('SiLKS');
    expect(event.publishedAt).not.toBeNull();
    expect(event.registrationFields.map(({ translations: _translations, ...field }) => field)).toEqual([
      { key: 'country', label: 'Country', type: 'text', required: true },
      { key: 'organisation', label: 'Organisation', type: 'text', required: true },
      { key: 'position', label: 'Position', type: 'text', required: false },
    ]);
  });

  it('should serve the programme in Chinese and Russian, with spoken and interpretation languages', async () => {
    const zh = await t.http.get(`/api/events/${DEMO_EVENT_SLUG}/agenda?lang=zh`).expect(200);
    const sessions = zh.body.days.flatMap((day: { sessions: unknown[] }) => day.sessions) as {
      title: string;
      lang: string;
      language: string;
      interpretation: string[];
      room: { name: string } | null;
      participants: { name: string; organization: { name: string } | null }[];
    }[];
    const opening = sessions.find((session) => session.title === '开幕式暨联合倡议发布');
    expect(opening).toMatchObject({ lang: 'zh', language: 'zh', interpretation: ['en', 'ru'] });
    expect(opening?.room?.name).toBe('主会场');
    const people = sessions.flatMap((session) => session.participants);
    expect(people).toContainEqual(
      expect.objectContaining({
        name: '陶平生',
        organization: expect.objectContaining({ name: '国务院发展研究中心' }),
      }),
    );
    expect(sessions.every((session) => session.lang === 'zh')).toBe(true);
    const organizations = await t.http.get('/api/organizations?lang=zh&q=silk').expect(200);
    expect(organizations.body.items[0]).toMatchObject({ name: '丝路国际智库网络', lang: 'zh' });
    const ru = await t.http.get(`/api/events/${DEMO_EVENT_SLUG}`).set('Accept-Language', 'ru').expect(200);
    expect(ru.body).toMatchObject({ lang: 'ru', title: expect.stringContaining('Шёлкового пути') });
  });

  it('should have two or more rooms, coloured tracks, parallel sessions and a roomless break', async () => {
    const dataSource = t.app.get(DataSource);
    const rooms = await dataSource.getRepository(Room).findBy({ eventId: event.id });
    expect(rooms.map((r) => r.name).sort()).toEqual(['Main Stage', 'Panel Room']);
    // The Main Stage plays the clip in the repository (the file exists); the Panel Room shows its slate.
    const main = rooms.find((r) => r.name === 'Main Stage')!;
    expect(main.stream).toEqual({ kind: 'hls', url: '/demo-stage/master.m3u8' });
    const master = readFileSync(
      join(__dirname, '..', '..', 'client', 'public', 'demo-stage', 'master.m3u8'),
      'utf8',
    );
    expect(master.match(/TYPE=AUDIO,GROUP-ID="audio",LANGUAGE="(\w+)"/g)).toHaveLength(3);
    expect(rooms.find((r) => r.name === 'Panel Room')!.stream).toBeNull();
    expect(rooms.every((r) => r.overlayKey)).toBe(true);
    const tracks = await dataSource.getRepository(Track).findBy({ eventId: event.id });
    expect(tracks.length).toBeGreaterThanOrEqual(3);
    expect(tracks.every((track) => /^#[0-9A-Fa-f]{6}$/.test(track.color))).toBe(true);

    const sessions = await dataSource.getRepository(AgendaSession).findBy({ eventId: event.id });
    const parallel = sessions.filter((a) =>
      sessions.some(
        (b) =>
          a.roomId && b.roomId && a.roomId !== b.roomId && a.startsAt < b.endsAt && b.startsAt < a.endsAt,
      ),
    );
    expect(parallel.length).toBeGreaterThanOrEqual(2);
    const breaks = sessions.filter((s) => s.kind === 'break');
    expect(breaks.length).toBeGreaterThan(0);
    expect(breaks.every((s) => s.roomId === null)).toBe(true);
    expect(sessions.filter((s) => s.qaModerated).map((s) => s.kind)).toEqual(['panel']);
    expect(new Set(sessions.map((s) => localDateOf(s.startsAt, 'Asia/Shanghai')))).toEqual(
      new Set(['2020-09-29', '2020-09-30']),
    );
    expect(sessions.map((s) => s.kind)).toEqual(expect.arrayContaining(['ceremony', 'keynote', 'panel']));
  });

  it('should have no room overlap and no double-booked speaker in the stored programme', async () => {
    const dataSource = t.app.get(DataSource);
    const sessions = await dataSource.getRepository(AgendaSession).findBy({ eventId: event.id });
    const participants = await dataSource.getRepository(SessionParticipant).find();
    const speakersOf = (id: string): string[] =>
      participants.filter((p) => p.sessionId === id).map((p) => p.speakerId);
    const conflicts: string[] = [];
    for (const [i, a] of sessions.entries()) {
      for (const b of sessions.slice(i + 1)) {
        if (!(a.startsAt < b.endsAt && b.startsAt < a.endsAt)) {
          continue;
        }
        if (a.roomId !== null && a.roomId === b.roomId) {
          conflicts.push(`room: ${a.title} / ${b.title}`);
        }
        if (speakersOf(a.id).some((speaker) => speakersOf(b.id).includes(speaker))) {
          conflicts.push(`speaker: ${a.title} / ${b.title}`);
        }
      }
    }
    expect(sessions.length).toBeGreaterThanOrEqual(8);
    expect(conflicts).toEqual([]);
  });

  it('should have the named speakers with their exact titles and organisations', async () => {
    const dataSource = t.app.get(DataSource);
    const speakers = await dataSource.getRepository(Speaker).findBy({ eventId: event.id });
    const organizations = await dataSource.getRepository(Organization).find();
    const orgName = (id: string | null): string | undefined => organizations.find((o) => o.id === id)?.name;
    const byName = new Map(speakers.map((s) => [s.name, s]));

    const tao = byName.get('Tao Pingsheng')!;
    expect(tao.position).toBe('Director General, Department of International Cooperation');
    expect(orgName(tao.organizationId)).toBe('Development Research Center of the State Council');
    expect(tao.userId).toBeNull();
    const horvath = byName.get('Balazs Horvath')!;
    expect(horvath.position).toBe('RBAP Senior Economic and Strategic Advisor on Belt & Road Initiative');
    expect(orgName(horvath.organizationId)).toBe('United Nations Development Programme');
    const saltybayev = byName.get('Yerzhan Saltybayev')!;
    expect(saltybayev.position).toBe('Director');
    expect(orgName(saltybayev.organizationId)).toBe('Institute of World Economics and Politics');
    expect(organizations.map((o) => o.shortName)).toEqual(
      expect.arrayContaining(['SiLKS', 'DRC', 'UNDP', 'IWEP']),
    );
  });

  it('should run panels with a moderator participant linked to the demo moderator account', async () => {
    const dataSource = t.app.get(DataSource);
    const moderatorUser = await dataSource
      .getRepository(User)
      .findOneByOrFail({ email: DEMO_MODERATOR.email });
    const moderatorProfile = await dataSource
      .getRepository(Speaker)
      .findOneByOrFail({ eventId: event.id, userId: moderatorUser.id });
    const panels = await dataSource.getRepository(AgendaSession).findBy({ eventId: event.id, kind: 'panel' });
    expect(panels.length).toBeGreaterThanOrEqual(3);
    const moderators = await dataSource.getRepository(SessionParticipant).findBy({ role: 'moderator' });
    for (const panel of panels) {
      expect(moderators.filter((m) => m.sessionId === panel.id)).toHaveLength(1);
    }
    expect(moderators.some((m) => m.speakerId === moderatorProfile.id)).toBe(true);
    expect(await dataSource.getRepository(SessionParticipant).countBy({ role: 'panelist' })).toBeGreaterThan(
      4,
    );
  });

  it('should let every demo account sign in with the documented password and hold its staff role', async () => {
    for (const account of DEMO_ACCOUNTS) {
      const response = await t.http
        .post('/api/auth/login')
        .send({ email: account.email, password: DEMO_PASSWORD })
        .expect(200);
      expect(response.body.user).toMatchObject({ email: account.email, name: account.name });
    }
    const login = async (email: string): Promise<string> =>
      (await t.http.post('/api/auth/login').send({ email, password: DEMO_PASSWORD }).expect(200)).body
        .accessToken;
    const roles = async (email: string): Promise<unknown> =>
      (
        await t.http
          .get('/api/auth/me')
          .set('Authorization', `Bearer ${await login(email)}`)
          .expect(200)
      ).body.roles;
    await expect(roles(DEMO_ORGANIZER.email)).resolves.toEqual([
      { eventSlug: 'silks-2020', role: 'organizer' },
    ]);
    await expect(roles(DEMO_MODERATOR.email)).resolves.toEqual([
      { eventSlug: 'silks-2020', role: 'moderator' },
    ]);
    await expect(roles(DEMO_ATTENDEES[0].email)).resolves.toEqual([]);
    await t.http
      .post('/api/auth/login')
      .send({ email: DEMO_ORGANIZER.email, password: 'wrong-password' })
      .expect(401);
  });

  it('should export a schedule.json and schedule.xml that validate against the schemas', async () => {
    const json = await t.http.get(`/api/events/${DEMO_EVENT_SLUG}/schedule.json`).expect(200);
    expect(c3vocErrors(json.body)).toEqual([]);
    const day1 = json.body.schedule.conference.days[0];
    expect(day1.rooms['Main Stage'].length).toBeGreaterThan(0);
    expect(day1.rooms['Panel Room'].length).toBeGreaterThan(0);
    const xml = await t.http.get(`/api/events/${DEMO_EVENT_SLUG}/schedule.xml`).expect(200);
    await expect(frabXmlErrors(xml.text)).resolves.toEqual([]);
    const ics = await t.http.get(`/api/events/${DEMO_EVENT_SLUG}/schedule.ics`).expect(200);
    expect(ics.text).toContain('DTSTART;TZID=Asia/Shanghai:20200929T140000');
  });

  it('should not load the demo twice, neither on a second call nor after a restart on the same file', async () => {
    const before = await counts(t);
    await expect(t.app.get(DemoSeeder).seed()).resolves.toEqual({
      loaded: false,
      reason: 'the database already has events',
    });
    await t.close();
    t = await createTestApp({ DATABASE_URL: `sqlite:${file}`, SEED_DEMO: 'true' });
    expect(await counts(t)).toEqual(before);
    expect(before.Event).toBe(1);
    expect(before.User).toBe(DEMO_ACCOUNTS.length);
  });
});

describe('Demo disabled (e2e)', () => {
  const file = join(tmpdir(), `plenary-empty-${randomUUID()}.sqlite`);
  let t: TestApp;

  afterAll(async () => {
    await t?.close();
    removeDatabase(file);
  });

  it('should start with an empty database when SEED_DEMO=false', async () => {
    t = await createTestApp({ DATABASE_URL: `sqlite:${file}`, SEED_DEMO: 'false' });
    const all = await counts(t);
    expect(all.Event).toBe(0);
    expect(all.User).toBe(0);
    await t.http.get(`/api/events/${DEMO_EVENT_SLUG}/schedule.json`).expect(404);
  });
});
