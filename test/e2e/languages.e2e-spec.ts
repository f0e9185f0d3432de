import { io } from 'socket.io-client';

import type { JoinSessionResult } from '../../src/realtime/realtime.contract';
import { registerUser, TestUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { c3vocErrors, frabXmlErrors } from '../utils/schedule-formats';
import { LiveClient, ok } from '../utils/socket-client';

/** The title in Chinese is long enough that its SUMMARY line must be folded inside UTF-8 characters' bounds. */
const ZH_TITLE = '开幕式：丝路国际智库网络年会暨绿色发展与数字经济合作高级别对话会议，欢迎各位嘉宾莅临指导';
const RU_TITLE =
  'Церемония открытия ежегодного собрания Сети международных аналитических центров Шёлкового пути';

function unfold(ics: string): string {
  return ics.replace(/\r\n /g, '');
}

describe('Content in several languages (e2e)', () => {
  let t: TestApp;
  let organizer: TestUser;
  let reader: TestUser;
  const slug = 'lang-2030';
  let roomId: string;
  let trackId: string;
  let speakerId: string;
  let organizationId: string;
  let openingId: string;
  let panelId: string;

  beforeAll(async () => {
    t = await createTestApp();
    organizer = await registerUser(t);
    reader = await registerUser(t);
    await t.http
      .post('/api/events')
      .set(organizer.auth)
      .send({
        slug,
        title: 'SiLKS Annual Meeting 2030',
        description: 'Green development along the Silk Road',
        timezone: 'Asia/Shanghai',
        startsOn: '2030-11-20',
        endsOn: '2030-11-21',
        languages: ['en', 'zh', 'ru'],
        translations: {
          zh: { title: '丝路国际智库网络2030年会' },
          ru: { title: 'Ежегодное собрание SiLKS 2030' },
        },
        registration: {
          fields: [
            {
              key: 'track',
              label: 'Main interest',
              type: 'choice',
              options: ['Trade', 'Climate'],
              translations: { zh: { label: '主要兴趣', options: ['贸易', '气候'] } },
            },
          ],
        },
      })
      .expect(201);
    organizationId = (
      await t.http
        .post('/api/organizations')
        .set(organizer.auth)
        .send({
          name: 'Development Research Center of the State Council',
          shortName: 'DRC',
          translations: { 'zh-Hans': { name: '国务院发展研究中心' } },
        })
        .expect(201)
    ).body.id;
    roomId = (
      await t.http
        .post(`/api/events/${slug}/rooms`)
        .set(organizer.auth)
        .send({ name: 'Main Hall', translations: { zh: { name: '主会场' }, ru: { name: 'Главный зал' } } })
        .expect(201)
    ).body.id;
    trackId = (
      await t.http
        .post(`/api/events/${slug}/tracks`)
        .set(organizer.auth)
        .send({ name: 'Green development', color: '#2E7D32', translations: { zh: { name: '绿色发展' } } })
        .expect(201)
    ).body.id;
    speakerId = (
      await t.http
        .post(`/api/events/${slug}/speakers`)
        .set(organizer.auth)
        .send({
          name: 'Tao Pingsheng',
          position: 'Researcher',
          organizationId,
          translations: { zh: { name: '陶平生', position: '研究员' } },
        })
        .expect(201)
    ).body.id;
    openingId = (
      await t.http
        .post(`/api/events/${slug}/sessions`)
        .set(organizer.auth)
        .send({
          title: 'Opening ceremony',
          abstract: 'Welcome and keynote addresses',
          kind: 'ceremony',
          startsAt: '2030-11-20T09:00:00+08:00',
          endsAt: '2030-11-20T10:00:00+08:00',
          roomId,
          trackId,
          language: 'zh',
          interpretation: ['en', 'ru'],
          participants: [{ speakerId, role: 'speaker' }],
          translations: { zh: { title: ZH_TITLE }, ru: { title: RU_TITLE } },
        })
        .expect(201)
    ).body.id;
    panelId = (
      await t.http
        .post(`/api/events/${slug}/sessions`)
        .set(organizer.auth)
        .send({
          title: 'Panel on trade',
          kind: 'panel',
          startsAt: '2030-11-20T10:30:00+08:00',
          endsAt: '2030-11-20T11:30:00+08:00',
          roomId,
          language: 'en',
        })
        .expect(201)
    ).body.id;
    await t.http.post(`/api/events/${slug}/publish`).set(organizer.auth).expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('reads', () => {
    it('should serve ?lang=zh where translated and the original elsewhere, saying which in lang', async () => {
      const response = await t.http.get(`/api/events/${slug}/sessions/${openingId}?lang=zh`).expect(200);
      expect(response.body).toMatchObject({
        title: ZH_TITLE,
        abstract: 'Welcome and keynote addresses',
        lang: 'zh',
        language: 'zh',
        interpretation: ['en', 'ru'],
        room: { name: '主会场', lang: 'zh' },
        track: { name: '绿色发展', lang: 'zh' },
        participants: [
          {
            name: '陶平生',
            position: '研究员',
            lang: 'zh',
            organization: { name: '国务院发展研究中心', shortName: 'DRC', lang: 'zh-Hans' },
          },
        ],
      });
      expect(response.body.translations).toBeUndefined();
      const untranslated = await t.http.get(`/api/events/${slug}/sessions/${panelId}?lang=zh`).expect(200);
      expect(untranslated.body).toMatchObject({ title: 'Panel on trade', lang: 'en' });
    });

    it('should negotiate Accept-Language with q-values, match zh-CN to zh and say Vary', async () => {
      const zh = await t.http
        .get(`/api/events/${slug}`)
        .set('Accept-Language', 'de;q=1, zh-CN;q=0.9, en;q=0.5')
        .expect(200);
      expect(zh.body).toMatchObject({ title: '丝路国际智库网络2030年会', lang: 'zh' });
      expect(zh.body.registration.fields[0]).toMatchObject({
        label: '主要兴趣',
        options: ['贸易', '气候'],
        lang: 'zh',
      });
      expect(zh.headers.vary).toMatch(/Accept-Language/i);
      const ru = await t.http
        .get(`/api/events/${slug}`)
        .set('Accept-Language', 'ru-RU, en;q=0.8')
        .expect(200);
      expect(ru.body).toMatchObject({ title: 'Ежегодное собрание SiLKS 2030', lang: 'ru' });
      expect(ru.body.registration.fields[0]).toMatchObject({ label: 'Main interest', lang: 'en' });
      const explicit = await t.http
        .get(`/api/events/${slug}?lang=en`)
        .set('Accept-Language', 'zh')
        .expect(200);
      expect(explicit.body).toMatchObject({ title: 'SiLKS Annual Meeting 2030', lang: 'en' });
      const unknown = await t.http.get(`/api/events/${slug}?lang=fr`).expect(200);
      expect(unknown.body.lang).toBe('en');
      const malformed = await t.http.get(`/api/events/${slug}?lang=not_a_tag`).expect(400);
      expect(malformed.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { fields: { lang: expect.any(Array) } },
      });
    });

    it('should give staff every translation with ?translations=all, and nobody else', async () => {
      const staff = await t.http
        .get(`/api/events/${slug}/speakers/${speakerId}?translations=all`)
        .set(organizer.auth)
        .expect(200);
      expect(staff.body.translations).toEqual({ zh: { name: '陶平生', position: '研究员' } });
      const rooms = await t.http
        .get(`/api/events/${slug}/rooms?translations=all`)
        .set(organizer.auth)
        .expect(200);
      expect(rooms.body.items[0].translations).toEqual({
        zh: { name: '主会场' },
        ru: { name: 'Главный зал' },
      });
      const anonymous = await t.http
        .get(`/api/events/${slug}/speakers/${speakerId}?translations=all`)
        .expect(200);
      expect(anonymous.body.translations).toBeUndefined();
      const readerView = await t.http
        .get(`/api/events/${slug}?translations=all`)
        .set(reader.auth)
        .expect(200);
      expect(readerView.body.translations).toBeUndefined();
    });

    it('should keep the organisations inside a resource in the original when the original is asked for', async () => {
      const path = `/api/events/${slug}/speakers/${speakerId}`;
      const original = await t.http.get(`${path}?lang=en`).set('Accept-Language', 'zh').expect(200);
      expect(original.body.organization).toMatchObject({
        name: 'Development Research Center of the State Council',
      });
      const zh = await t.http.get(path).set('Accept-Language', 'zh').expect(200);
      expect(zh.body.organization).toMatchObject({ name: '国务院发展研究中心', lang: 'zh-Hans' });
    });

    it('should serve the directory in any tag it holds', async () => {
      const zh = await t.http
        .get(`/api/organizations/${organizationId}`)
        .set('Accept-Language', 'zh-CN')
        .expect(200);
      expect(zh.body).toMatchObject({ name: '国务院发展研究中心', shortName: 'DRC', lang: 'zh-Hans' });
      const en = await t.http.get(`/api/organizations/${organizationId}?lang=en`).expect(200);
      expect(en.body).toMatchObject({ name: 'Development Research Center of the State Council', lang: null });
    });
  });

  describe('writes', () => {
    it('should refuse a translation into a language the event is not written in, or its original', async () => {
      const foreign = await t.http
        .patch(`/api/events/${slug}/rooms/${roomId}`)
        .set(organizer.auth)
        .send({ translations: { fr: { name: 'Salle principale' } } })
        .expect(400);
      expect(foreign.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { fields: { 'translations.fr': [expect.stringContaining('en, zh, ru')] } },
      });
      const original = await t.http
        .post(`/api/events/${slug}/tracks`)
        .set(organizer.auth)
        .send({ name: 'Trade', color: '#1565C0', translations: { en: { name: 'Trade' } } })
        .expect(400);
      expect(Object.keys(original.body.details.fields)).toEqual(['translations.en']);
      const field = await t.http
        .patch(`/api/events/${slug}/sessions/${panelId}`)
        .set(organizer.auth)
        .send({ translations: { zh: { kind: '小组讨论' } } })
        .expect(400);
      expect(field.body.code).toBe('VALIDATION_FAILED');
      const options = await t.http
        .patch(`/api/events/${slug}`)
        .set(organizer.auth)
        .send({
          registration: {
            fields: [
              {
                key: 'track',
                label: 'Main interest',
                type: 'choice',
                options: ['Trade', 'Climate'],
                translations: { zh: { options: ['贸易'] } },
              },
            ],
          },
        })
        .expect(400);
      expect(Object.keys(options.body.details.fields)).toEqual([
        'registration.fields.0.translations.zh.options',
      ]);
      const tracks = await t.http.get(`/api/events/${slug}/tracks`).expect(200);
      expect(tracks.body.items).toHaveLength(1);
    });

    it('should merge a PATCH per language and field, null removing one', async () => {
      const added = await t.http
        .patch(`/api/events/${slug}/sessions/${panelId}`)
        .set(organizer.auth)
        .send({
          translations: {
            zh: { title: '贸易专题讨论', abstract: '摘要' },
            ru: { title: 'Панель о торговле' },
          },
        })
        .expect(200);
      expect(added.body.translations).toEqual({
        zh: { title: '贸易专题讨论', abstract: '摘要' },
        ru: { title: 'Панель о торговле' },
      });
      const merged = await t.http
        .patch(`/api/events/${slug}/sessions/${panelId}`)
        .set(organizer.auth)
        .send({ translations: { zh: { abstract: null }, ru: null } })
        .expect(200);
      expect(merged.body.translations).toEqual({ zh: { title: '贸易专题讨论' } });
      const read = await t.http.get(`/api/events/${slug}/sessions/${panelId}?lang=ru`).expect(200);
      expect(read.body).toMatchObject({ title: 'Panel on trade', lang: 'en' });
    });
  });

  describe('agenda', () => {
    it('should serve each language from its own cache entry, fast path included', async () => {
      // Twice each: the second anonymous read of a URL and header comes from the fast path.
      for (let round = 0; round < 2; round += 1) {
        const en = await t.http.get(`/api/events/${slug}/agenda`).expect(200);
        const zh = await t.http.get(`/api/events/${slug}/agenda`).set('Accept-Language', 'zh-CN').expect(200);
        const ru = await t.http.get(`/api/events/${slug}/agenda?lang=ru`).expect(200);
        expect(en.body.lang).toBe('en');
        expect(en.body.days[0].sessions[0]).toMatchObject({ title: 'Opening ceremony', lang: 'en' });
        expect(zh.body.lang).toBe('zh');
        expect(zh.body.days[0].sessions[0]).toMatchObject({ title: ZH_TITLE, lang: 'zh' });
        expect(ru.body.days[0].sessions[0]).toMatchObject({ title: RU_TITLE, lang: 'ru' });
        expect(zh.headers.vary).toMatch(/Accept-Language/i);
      }
    });

    it('should filter by spoken or interpreted language', async () => {
      const ru = await t.http.get(`/api/events/${slug}/agenda?language=ru`).expect(200);
      expect(
        ru.body.days.flatMap((day: { sessions: { id: string }[] }) => day.sessions.map((s) => s.id)),
      ).toEqual([openingId]);
      const en = await t.http.get(`/api/events/${slug}/sessions?language=en`).expect(200);
      expect(en.body.items.map((s: { id: string }) => s.id)).toEqual([openingId, panelId]);
      const zh = await t.http.get(`/api/events/${slug}/sessions?language=zh`).expect(200);
      expect(zh.body.items.map((s: { id: string }) => s.id)).toEqual([openingId]);
    });
  });

  describe('exports', () => {
    it.each(['zh', 'ru'])('should export c3voc JSON and frab XML in %s that still validate', async (lang) => {
      const json = await t.http.get(`/api/events/${slug}/schedule.json?lang=${lang}`).expect(200);
      expect(c3vocErrors(json.body)).toEqual([]);
      const rooms = json.body.schedule.conference.days[0].rooms;
      const opening = Object.values(rooms as Record<string, { title: string; slug: string }[]>).flat()[0];
      expect(opening.title).toBe(lang === 'zh' ? ZH_TITLE : RU_TITLE);
      // The slug comes from the original title in every language.
      expect(opening.slug).toMatch(/-opening-ceremony$/);
      const xml = await t.http
        .get(`/api/events/${slug}/schedule.xml`)
        .set('Accept-Language', lang)
        .expect(200);
      expect(await frabXmlErrors(xml.text)).toEqual([]);
      expect(xml.text).toContain(lang === 'zh' ? ZH_TITLE : RU_TITLE);
    });

    it.each(['zh', 'ru'])(
      'should fold iCalendar lines in %s at 75 octets without splitting a character',
      async (lang) => {
        const ics = await t.http.get(`/api/events/${slug}/schedule.ics?lang=${lang}`).expect(200);
        for (const line of ics.text.split('\r\n')) {
          expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
          expect(line).not.toContain('\uFFFD');
        }
        expect(unfold(ics.text)).toContain(
          `SUMMARY:${(lang === 'zh' ? ZH_TITLE : RU_TITLE).replace(/[,;]/g, '\\$&')}`,
        );
      },
    );

    it('should serve the personal feed in ?lang=', async () => {
      await t.http
        .post(`/api/events/${slug}/registrations`)
        .set(reader.auth)
        .send({ answers: { track: 'Trade' } })
        .expect(201);
      await t.http.put(`/api/events/${slug}/sessions/${openingId}/bookmark`).set(reader.auth).expect(204);
      const { url } = (await t.http.get('/api/me/calendar').set(reader.auth).expect(200)).body as {
        url: string;
      };
      const path = new URL(url).pathname;
      const zh = await t.http.get(`${path}?lang=zh`).expect(200);
      expect(unfold(zh.text)).toContain(`SUMMARY:${ZH_TITLE.replace(/[,;]/g, '\\$&')}`);
      expect(unfold(zh.text)).toContain('LOCATION:主会场');
      const original = await t.http.get(path).expect(200);
      expect(unfold(original.text)).toContain('SUMMARY:Opening ceremony');
      await t.http.get(`${path}?lang=%3Cx%3E`).expect(400);
    });
  });

  it('should send the live join snapshot in the handshake language', async () => {
    const connect = (lang: string): Promise<LiveClient> =>
      new Promise((resolve, reject) => {
        const socket: LiveClient = io(`${t.url}/live`, {
          auth: { token: reader.token, lang },
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
        });
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', reject);
      });
    const zh = await connect('zh-CN');
    const ru = await connect('ru');
    try {
      const zhJoin = await ok<JoinSessionResult>(zh, 'session:join', { sessionId: openingId });
      const ruJoin = await ok<JoinSessionResult>(ru, 'session:join', { sessionId: openingId });
      expect(zhJoin.session).toMatchObject({ title: ZH_TITLE, lang: 'zh' });
      expect(ruJoin.session).toMatchObject({ title: RU_TITLE, lang: 'ru' });
    } finally {
      zh.close();
      ru.close();
    }
  });

  it('should keep every translation in a clone, except the old edition titles', async () => {
    const clone = await t.http
      .post(`/api/events/${slug}/clone`)
      .set(organizer.auth)
      .send({ slug: 'lang-2031', title: 'SiLKS Annual Meeting 2031', startsOn: '2031-11-19' })
      .expect(201);
    expect(clone.body.translations).toBeUndefined();
    const sessions = await t.http
      .get('/api/events/lang-2031/sessions?lang=zh&translations=all')
      .set(organizer.auth)
      .expect(200);
    const opening = sessions.body.items.find((s: { title: string }) => s.title === ZH_TITLE);
    expect(opening).toMatchObject({ interpretation: ['en', 'ru'], participants: [{ name: '陶平生' }] });
    expect(opening.translations.ru.title).toBe(RU_TITLE);
    const event = await t.http.get('/api/events/lang-2031?lang=zh').set(organizer.auth).expect(200);
    expect(event.body).toMatchObject({ title: 'SiLKS Annual Meeting 2031', lang: 'en' });
    expect(event.body.registration.fields[0].label).toBe('主要兴趣');
  });
});
