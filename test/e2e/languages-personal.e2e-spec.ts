import { io } from 'socket.io-client';

import type { JoinSessionResult, SessionUpdatedPayload } from '../../src/realtime/realtime.contract';
import { registerUser, TestUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { LiveClient, ok, waitFor } from '../utils/socket-client';

/**
 * The reader's own language beyond `?lang=`: the saved locale (`PATCH /me`) as a fallback on REST and at the
 * live handshake, `session:updated` in every language, and the personal agenda and feed.
 */
describe('Content in the reader language: profile locale, live updates, personal agenda (e2e)', () => {
  let t: TestApp;
  let organizer: TestUser;
  const slug = 'lang-personal-2030';
  let sessionId: string;

  const connect = (user: TestUser, lang?: string, acceptLanguage?: string): Promise<LiveClient> =>
    new Promise((resolve, reject) => {
      const socket: LiveClient = io(`${t.url}/live`, {
        auth: lang === undefined ? { token: user.token } : { token: user.token, lang },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        extraHeaders: acceptLanguage ? { 'Accept-Language': acceptLanguage } : undefined,
      });
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });

  /** A registered attendee, with a saved locale when given. */
  async function attendee(locale?: 'en' | 'zh-CN' | 'ru'): Promise<TestUser> {
    const user = await registerUser(t);
    await t.http.post(`/api/events/${slug}/registrations`).set(user.auth).send({}).expect(201);
    if (locale) {
      await t.http.patch('/api/me').set(user.auth).send({ locale }).expect(200);
    }
    return user;
  }

  async function joinedTitle(socket: LiveClient): Promise<{ title: string; lang: unknown }> {
    const { session } = await ok<JoinSessionResult>(socket, 'session:join', { sessionId });
    return { title: session.title, lang: session.lang };
  }

  beforeAll(async () => {
    t = await createTestApp();
    organizer = await registerUser(t);
    await t.http
      .post('/api/events')
      .set(organizer.auth)
      .send({
        slug,
        title: 'SiLKS Annual Meeting 2030',
        timezone: 'Asia/Shanghai',
        startsOn: '2030-11-20',
        endsOn: '2030-11-21',
        languages: ['en', 'zh', 'ru'],
        translations: { zh: { title: '丝路国际智库网络2030年会' }, ru: { title: 'Собрание SiLKS 2030' } },
      })
      .expect(201);
    const roomId = (
      await t.http
        .post(`/api/events/${slug}/rooms`)
        .set(organizer.auth)
        .send({ name: 'Main Hall', translations: { zh: { name: '主会场' }, ru: { name: 'Главный зал' } } })
        .expect(201)
    ).body.id as string;
    const speakerId = (
      await t.http
        .post(`/api/events/${slug}/speakers`)
        .set(organizer.auth)
        .send({ name: 'Tao Pingsheng', translations: { zh: { name: '陶平生' } } })
        .expect(201)
    ).body.id as string;
    sessionId = (
      await t.http
        .post(`/api/events/${slug}/sessions`)
        .set(organizer.auth)
        .send({
          title: 'Opening ceremony',
          kind: 'ceremony',
          startsAt: '2030-11-20T09:00:00+08:00',
          endsAt: '2030-11-20T10:00:00+08:00',
          roomId,
          participants: [{ speakerId, role: 'speaker' }],
          translations: { zh: { title: '开幕式' }, ru: { title: 'Церемония открытия' } },
        })
        .expect(201)
    ).body.id as string;
    await t.http.post(`/api/events/${slug}/publish`).set(organizer.auth).expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('the saved locale as a fallback', () => {
    it('should choose the live snapshot by auth.lang, then the saved locale, then Accept-Language', async () => {
      const chinese = await attendee('zh-CN');
      const unsaved = await attendee();
      const sockets = await Promise.all([
        connect(chinese, 'ru'),
        connect(chinese),
        connect(chinese, undefined, 'ru'),
        connect(chinese, 'fr'),
        connect(unsaved, undefined, 'ru-RU,ru;q=0.9'),
        connect(unsaved),
      ]);
      try {
        const titles = await Promise.all(sockets.map(joinedTitle));
        expect(titles).toEqual([
          { title: 'Церемония открытия', lang: 'ru' },
          { title: '开幕式', lang: 'zh' },
          // The browser's own header loses to the language the user chose in Plenary.
          { title: '开幕式', lang: 'zh' },
          // A language the event is not written in falls through to the next wish.
          { title: '开幕式', lang: 'zh' },
          { title: 'Церемония открытия', lang: 'ru' },
          { title: 'Opening ceremony', lang: 'en' },
        ]);
      } finally {
        sockets.forEach((socket) => socket.close());
      }
    });

    it('should use a newly saved locale at the next handshake and request', async () => {
      const reader = await attendee('zh-CN');
      await t.http.patch('/api/me').set(reader.auth).send({ locale: 'ru' }).expect(200);
      const socket = await connect(reader);
      try {
        await expect(joinedTitle(socket)).resolves.toEqual({ title: 'Церемония открытия', lang: 'ru' });
      } finally {
        socket.close();
      }
      const read = await t.http.get(`/api/events/${slug}/sessions/${sessionId}`).set(reader.auth).expect(200);
      expect(read.body).toMatchObject({ title: 'Церемония открытия', lang: 'ru' });
    });

    it('should fall back to the saved locale on REST only after ?lang= and Accept-Language', async () => {
      const reader = await attendee('zh-CN');
      const path = `/api/events/${slug}/sessions/${sessionId}`;
      const saved = await t.http.get(path).set(reader.auth).expect(200);
      expect(saved.body).toMatchObject({ title: '开幕式', lang: 'zh' });
      const header = await t.http.get(path).set(reader.auth).set('Accept-Language', 'ru').expect(200);
      expect(header.body).toMatchObject({ title: 'Церемония открытия', lang: 'ru' });
      const query = await t.http.get(`${path}?lang=en`).set(reader.auth).expect(200);
      expect(query.body).toMatchObject({ title: 'Opening ceremony', lang: 'en' });
      // A header naming no event language falls through to the saved locale.
      const other = await t.http.get(path).set(reader.auth).set('Accept-Language', 'de').expect(200);
      expect(other.body).toMatchObject({ title: '开幕式', lang: 'zh' });
      const anonymous = await t.http.get(path).expect(200);
      expect(anonymous.body).toMatchObject({ title: 'Opening ceremony', lang: 'en' });
      const agenda = await t.http.get(`/api/events/${slug}/agenda`).set(reader.auth).expect(200);
      expect(agenda.body.days[0].sessions[0]).toMatchObject({ title: '开幕式', lang: 'zh' });
    });
  });

  it('should send session:updated with every translation, so each reader keeps its language', async () => {
    const chinese = await attendee('zh-CN');
    const socket = await connect(chinese);
    try {
      await ok(socket, 'session:join', { sessionId });
      const updated = waitFor<SessionUpdatedPayload>(
        socket,
        'session:updated',
        ({ session }) => session.title === 'Opening ceremony and keynote',
      );
      await t.http
        .patch(`/api/events/${slug}/sessions/${sessionId}`)
        .set(organizer.auth)
        .send({ title: 'Opening ceremony and keynote', translations: { zh: { title: '开幕式暨主旨演讲' } } })
        .expect(200);
      const { session } = await updated;
      expect(session).toMatchObject({
        title: 'Opening ceremony and keynote',
        lang: 'en',
        translations: { zh: { title: '开幕式暨主旨演讲' }, ru: { title: 'Церемония открытия' } },
        room: { name: 'Main Hall', translations: { zh: { name: '主会场' }, ru: { name: 'Главный зал' } } },
        participants: [{ name: 'Tao Pingsheng', translations: { zh: { name: '陶平生' } } }],
      });
      // The join snapshot stays in the reader's language; only the broadcast carries every translation.
      const again = await ok<JoinSessionResult>(socket, 'session:join', { sessionId });
      expect(again.session).toMatchObject({ title: '开幕式暨主旨演讲', lang: 'zh' });
      expect(again.session.translations).toBeUndefined();
    } finally {
      socket.close();
    }
  });

  it('should serve the personal agenda and feed in ?lang=, Accept-Language or the saved locale', async () => {
    const reader = await attendee('zh-CN');
    await t.http.put(`/api/events/${slug}/sessions/${sessionId}/bookmark`).set(reader.auth).expect(204);
    const item = async (query: string, header?: string): Promise<Record<string, unknown>> => {
      const request = t.http.get(`/api/me/agenda${query}`).set(reader.auth);
      const response = await (header ? request.set('Accept-Language', header) : request).expect(200);
      return response.body.items[0] as Record<string, unknown>;
    };
    await expect(item('?lang=ru')).resolves.toMatchObject({
      title: 'Церемония открытия',
      lang: 'ru',
      event: { title: 'Собрание SiLKS 2030' },
      room: { name: 'Главный зал' },
    });
    await expect(item('', 'ru')).resolves.toMatchObject({ title: 'Церемония открытия', lang: 'ru' });
    await expect(item('')).resolves.toMatchObject({
      lang: 'zh',
      event: { title: '丝路国际智库网络2030年会' },
      room: { name: '主会场' },
    });
    await expect(item('?lang=en')).resolves.toMatchObject({ room: { name: 'Main Hall' }, lang: 'en' });
    await t.http.get('/api/me/agenda?lang=%3Cx%3E').set(reader.auth).expect(400);

    const { url } = (await t.http.get('/api/me/calendar').set(reader.auth).expect(200)).body as {
      url: string;
    };
    const feed = await t.http.get(new URL(url).pathname).expect(200);
    // No ?lang=: the owner's saved locale.
    expect(feed.text.replace(/\r\n /g, '')).toContain('LOCATION:主会场');
  });
});
