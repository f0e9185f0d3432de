import type { Event } from '../../src/events/event.entity';
import { grantStaff, makeEvent, makeRoom } from '../factories/event.factory';
import { registerUser, TestUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { c3vocErrors, frabXmlErrors } from '../utils/schedule-formats';

describe('Session recordings (e2e)', () => {
  let t: TestApp;
  let event: Event;
  let organizer: TestUser;
  let sessionId: string;
  const auth = () => ({ Authorization: `Bearer ${organizer.token}` });
  const recordings = [
    { url: 'https://media.example.org/opening/floor.m3u8' },
    { lang: 'zh', url: 'https://media.example.org/opening/zh.mp4' },
  ];

  beforeAll(async () => {
    t = await createTestApp();
    organizer = await registerUser(t);
    event = await makeEvent(t);
    await grantStaff(t, event.id, organizer.id, 'organizer');
    const room = await makeRoom(t, event.id);
    const created = await t.http
      .post(`/api/events/${event.slug}/sessions`)
      .set(auth())
      .send({
        title: 'Opening',
        kind: 'keynote',
        startsAt: '2030-11-20T09:00:00+08:00',
        endsAt: '2030-11-20T10:00:00+08:00',
        roomId: room.id,
        recordings: [recordings[0]],
      });
    if (created.status !== 201) {
      throw new Error(`session not created: ${JSON.stringify(created.body)}`);
    }
    sessionId = created.body.id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('should take recordings when a session is created', async () => {
    const read = await t.http.get(`/api/events/${event.slug}/sessions/${sessionId}`);
    expect(read.body.recordings).toEqual([recordings[0]]);
  });

  it('should replace the list on update and show it on the session', async () => {
    const patched = await t.http
      .patch(`/api/events/${event.slug}/sessions/${sessionId}`)
      .set(auth())
      .send({ recordings });
    expect(patched.status).toBe(200);
    expect(patched.body.recordings).toEqual(recordings);
    const read = await t.http.get(`/api/events/${event.slug}/sessions/${sessionId}`);
    expect(read.body.recordings).toEqual(recordings);
  });

  it('should refuse URLs that are not http or https and unknown keys', async () => {
    const response = await t.http
      .patch(`/api/events/${event.slug}/sessions/${sessionId}`)
      .set(auth())
      .send({
        recordings: [{ url: 'javascript:alert(1)' }, { url: 'https://x.example/a.mp4', kind: 'hls' }],
      });
    expect(response.status).toBe(400);
    expect(Object.keys(response.body.details.fields)).toEqual(
      expect.arrayContaining(['recordings.0.url', 'recordings.1.kind']),
    );
    const read = await t.http.get(`/api/events/${event.slug}/sessions/${sessionId}`);
    expect(read.body.recordings).toEqual(recordings);
  });

  it('should carry recordings into the c3voc, frab and iCalendar exports, which still validate', async () => {
    const json = await t.http.get(`/api/events/${event.slug}/schedule.json`).expect(200);
    expect(c3vocErrors(json.body)).toEqual([]);
    const [entry] = Object.values(
      json.body.schedule.conference.days[0].rooms as Record<string, unknown[]>,
    )[0] as Array<{
      links: unknown[];
    }>;
    expect(entry.links).toEqual([
      { type: 'media', url: recordings[0].url, title: 'Recording' },
      { type: 'media', url: recordings[1].url, title: 'Recording (zh)' },
    ]);

    const xml = await t.http.get(`/api/events/${event.slug}/schedule.xml`).expect(200);
    await expect(frabXmlErrors(xml.text)).resolves.toEqual([]);
    expect(xml.text).toContain(`<link href="${recordings[1].url}" type="media">Recording (zh)</link>`);

    const ics = await t.http.get(`/api/events/${event.slug}/schedule.ics`).expect(200);
    const unfolded = ics.text.replace(/\r\n /g, '');
    expect(unfolded).toContain(`ATTACH:${recordings[0].url}\r\n`);
    expect(unfolded).toContain(`ATTACH:${recordings[1].url}\r\n`);
    expect(unfolded).toContain('Recording (zh): https://media.example.org/opening/zh.mp4');
  });
});
