import { randomUUID } from 'node:crypto';

import type { Event } from '../../src/events/event.entity';
import type { Poll, PollVote, Question } from '../../src/realtime/realtime.contract';
import { grantStaff, makeEvent, makeRegistration, makeRoom, makeSession } from '../factories/event.factory';
import { registerUser, TestUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { connectLive, LiveClient, ok } from '../utils/socket-client';

const HLS = {
  kind: 'hls',
  url: 'https://live.example.org/main/master.m3u8',
  backupUrl: 'https://backup.example.net:8443/main/master.m3u8',
  captions: [{ lang: 'en', label: 'English', url: 'https://captions.example.com/main/en.vtt' }],
};

describe('The stage: streams, page policy and the production overlay (e2e)', () => {
  let t: TestApp;
  let organizer: TestUser;
  let moderator: TestUser;
  let attendee: TestUser;
  let event: Event;
  const sockets: LiveClient[] = [];

  const roomsUrl = () => `/api/events/${event.slug}/rooms`;
  const createRoom = (body: Record<string, unknown>) =>
    t.http.post(roomsUrl()).set(organizer.auth).send(body);
  const overlay = (roomId: string, key: string) =>
    t.http.get(`/api/events/${event.slug}/rooms/${roomId}/overlay`).query({ key });

  beforeAll(async () => {
    t = await createTestApp();
    organizer = await registerUser(t);
    moderator = await registerUser(t);
    attendee = await registerUser(t);
    event = await makeEvent(t);
    await grantStaff(t, event.id, organizer.id, 'organizer');
    await grantStaff(t, event.id, moderator.id, 'moderator');
    await makeRegistration(t, event.id, attendee.id);
  });
  afterEach(() => {
    sockets.splice(0).forEach((socket) => socket.close());
  });
  afterAll(async () => {
    await t.close();
  });

  it('should store a room stream and show it to everyone, with the overlay key to organizers only', async () => {
    const created = await createRoom({ name: 'Main Stage', stream: HLS }).expect(201);
    expect(created.body).toMatchObject({ stream: HLS, streamUrl: null });
    expect(created.body.overlayKey).toMatch(/^[A-Za-z0-9_-]{22}$/);

    const asOrganizer = await t.http.get(`${roomsUrl()}/${created.body.id}`).set(organizer.auth).expect(200);
    expect(asOrganizer.body).toMatchObject({ stream: HLS, overlayKey: created.body.overlayKey });
    for (const viewer of [moderator.auth, attendee.auth, {}]) {
      const one = await t.http.get(`${roomsUrl()}/${created.body.id}`).set(viewer).expect(200);
      expect(one.body.stream).toEqual(HLS);
      expect(one.body).not.toHaveProperty('overlayKey');
      const list = await t.http.get(roomsUrl()).set(viewer).expect(200);
      expect(list.body.items.every((room: object) => !('overlayKey' in room))).toBe(true);
    }
    const listed = await t.http.get(roomsUrl()).set(organizer.auth).expect(200);
    expect(listed.body.items.find((room: { id: string }) => room.id === created.body.id).overlayKey).toBe(
      created.body.overlayKey,
    );
  });

  it('should read a streamUrl alone as an embed, and clear a stream with null', async () => {
    const room = await createRoom({ name: 'Panel Room', streamUrl: 'https://meet.example.org/panel' }).expect(
      201,
    );
    expect(room.body.stream).toEqual({ kind: 'embed', url: 'https://meet.example.org/panel' });
    const linked = await t.http
      .patch(`${roomsUrl()}/${room.body.id}`)
      .set(organizer.auth)
      .send({ stream: { kind: 'link', url: 'https://meet.example.org/j/123' } })
      .expect(200);
    expect(linked.body.stream).toEqual({ kind: 'link', url: 'https://meet.example.org/j/123' });
    const cleared = await t.http
      .patch(`${roomsUrl()}/${room.body.id}`)
      .set(organizer.auth)
      .send({ stream: null })
      .expect(200);
    expect(cleared.body.stream).toEqual({ kind: 'embed', url: 'https://meet.example.org/panel' });
  });

  it.each([
    ['a javascript: URL', { kind: 'hls', url: 'javascript:alert(1)' }, 'stream.url'],
    ['an unknown kind', { kind: 'rtmp', url: 'https://live.example.org/x' }, 'stream.kind'],
    ['a data: backup', { ...HLS, backupUrl: 'data:text/html,hi' }, 'stream.backupUrl'],
    ['an over-long URL', { kind: 'hls', url: `https://live.example.org/${'a'.repeat(500)}` }, 'stream.url'],
    ['a caption without a language', { ...HLS, captions: [{ label: 'x', url: HLS.url }] }, 'stream.captions'],
    ['an unknown field', { ...HLS, autoplay: true }, 'stream.autoplay'],
    ['a string instead of an object', 'https://live.example.org/x', 'stream'],
    ['a protocol-relative URL', { kind: 'hls', url: '//evil.example/x.m3u8' }, 'stream.url'],
    ['an rtmp URL', { kind: 'hls', url: 'rtmp://live.example.org/live' }, 'stream.url'],
  ])('should refuse %s with 400 and write nothing', async (_label, stream, field) => {
    const before = await t.http.get(roomsUrl()).set(organizer.auth).expect(200);
    const refused = await createRoom({ name: `Refused ${randomUUID()}`, stream }).expect(400);
    expect(refused.body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(refused.body.details)).toContain(field);
    const after = await t.http.get(roomsUrl()).set(organizer.auth).expect(200);
    expect(after.body.items).toHaveLength(before.body.items.length);
  });

  it("should accept a path on Plenary's own origin, like the demo clip", async () => {
    const created = await createRoom({
      name: `Own origin ${randomUUID()}`,
      stream: { kind: 'hls', url: '/demo-stage/master.m3u8' },
    }).expect(201);
    expect(created.body.stream).toEqual({ kind: 'hls', url: '/demo-stage/master.m3u8' });
  });

  it('should let a session override its room stream, and clone both', async () => {
    const room = await makeRoom(t, event.id, { name: 'Hall B', stream: { kind: 'hls', url: HLS.url } });
    const session = await makeSession(t, event.id, { roomId: room.id });
    const override = { kind: 'embed', url: 'https://video.example.org/embed/opening' };
    const patched = await t.http
      .patch(`/api/events/${event.slug}/sessions/${session.id}`)
      .set(organizer.auth)
      .send({ stream: override })
      .expect(200);
    expect(patched.body).toMatchObject({ stream: override, room: { stream: { kind: 'hls', url: HLS.url } } });
    const read = await t.http.get(`/api/events/${event.slug}/sessions/${session.id}`).expect(200);
    expect(read.body.stream).toEqual(override);

    const clone = await t.http
      .post(`/api/events/${event.slug}/clone`)
      .set(organizer.auth)
      .send({ slug: `clone-${randomUUID().slice(0, 8)}`, title: 'Next year', startsOn: '2031-11-20' })
      .expect(201);
    const clonedRooms = await t.http
      .get(`/api/events/${clone.body.slug}/rooms`)
      .set(organizer.auth)
      .expect(200);
    const clonedHall = clonedRooms.body.items.find((r: { name: string }) => r.name === 'Hall B');
    expect(clonedHall.stream).toEqual({ kind: 'hls', url: HLS.url });
    const clonedSessions = await t.http.get(`/api/events/${clone.body.slug}/sessions`).set(organizer.auth);
    expect(clonedSessions.body.items.map((s: { stream: unknown }) => s.stream)).toContainEqual(override);
  });

  it('should allow exactly the configured stream origins in the page policy', async () => {
    await createRoom({ name: `Policy ${randomUUID()}`, stream: HLS }).expect(201);
    const page = await t.http.get(`/events/${event.slug}`);
    const policy = String(page.headers['content-security-policy']);
    const directive = (name: string) =>
      policy
        .split(';')
        .map((part) => part.trim().split(/\s+/))
        .find(([key]) => key === name)
        ?.slice(1) ?? [];
    expect(directive('media-src')).toEqual(
      expect.arrayContaining([
        "'self'",
        'blob:',
        'https://live.example.org',
        'https://backup.example.net:8443',
        'https://captions.example.com',
      ]),
    );
    expect(directive('media-src')).not.toContain('https:');
    expect(directive('connect-src')).toContain('https://backup.example.net:8443');
    expect(directive('worker-src')).toEqual(["'self'", 'blob:']);
    expect(directive('frame-src')).toContain('https://meet.example.org');
    expect(directive('frame-src')).not.toContain('https:');
  });

  it('should show the pinned question of the live session to a right key, and nothing to a wrong or old key', async () => {
    const created = await createRoom({ name: `Overlay ${randomUUID()}` }).expect(201);
    const roomId: string = created.body.id;
    const startsAt = new Date(Date.now() - 10 * 60_000).toISOString();
    const endsAt = new Date(Date.now() + 50 * 60_000).toISOString();
    const session = await makeSession(t, event.id, { roomId, startsAt, endsAt, title: 'Opening' });

    const empty = await overlay(roomId, created.body.overlayKey).expect(200);
    expect(empty.body).toEqual({
      roomId,
      roomName: created.body.name,
      session: { id: session.id, title: 'Opening' },
      pinnedQuestion: null,
      poll: null,
      declarations: [],
    });

    const askerSocket = await connectLive(t, attendee.token);
    const moderatorSocket = await connectLive(t, moderator.token);
    sockets.push(askerSocket, moderatorSocket);
    await ok(askerSocket, 'session:join', { sessionId: session.id });
    await ok(moderatorSocket, 'session:join', { sessionId: session.id });
    const ask = (text: string, anonymous: boolean) =>
      ok<{ question: Question }>(askerSocket, 'qa:ask', {
        sessionId: session.id,
        text,
        anonymous,
        clientId: randomUUID(),
      });
    const named = await ask('How will the network welcome new members?', false);
    await ok(moderatorSocket, 'qa:moderate', { questionId: named.question.id, action: 'pin' });
    const shown = await overlay(roomId, created.body.overlayKey).expect(200);
    expect(shown.body.pinnedQuestion).toEqual({
      id: named.question.id,
      text: 'How will the network welcome new members?',
      authorName: attendee.name,
    });

    await ok(moderatorSocket, 'qa:moderate', { questionId: named.question.id, action: 'unpin' });
    const anonymous = await ask('Where will next year’s meeting be held?', true);
    await ok(moderatorSocket, 'qa:moderate', { questionId: anonymous.question.id, action: 'pin' });
    const anonymousShown = await overlay(roomId, created.body.overlayKey).expect(200);
    expect(anonymousShown.body.pinnedQuestion).toMatchObject({ id: anonymous.question.id, authorName: null });

    const rotated = await t.http.post(`${roomsUrl()}/${roomId}/overlay-key`).set(organizer.auth).expect(200);
    expect(rotated.body.overlayKey).not.toBe(created.body.overlayKey);
    const old = await overlay(roomId, created.body.overlayKey).expect(403);
    expect(old.body).toMatchObject({ code: 'FORBIDDEN' });
    expect(JSON.stringify(old.body)).not.toContain('Opening');
    await overlay(roomId, rotated.body.overlayKey).expect(200);
    await overlay(roomId, 'x').expect(403);
    await t.http.get(`/api/events/${event.slug}/rooms/${roomId}/overlay`).expect(400);
    await t.http.get(`/api/events/no-such-event/rooms/${roomId}/overlay`).query({ key: 'x' }).expect(403);
  });

  it('should let only organizers rotate the overlay key', async () => {
    const created = await createRoom({ name: `Rotate ${randomUUID()}` }).expect(201);
    const url = `${roomsUrl()}/${created.body.id}/overlay-key`;
    await t.http.post(url).expect(401);
    for (const other of [moderator, attendee]) {
      expect((await t.http.post(url).set(other.auth).expect(403)).body.code).toBe('FORBIDDEN');
    }
    const missing = await t.http.post(`${roomsUrl()}/${randomUUID()}/overlay-key`).set(organizer.auth);
    expect(missing.body.code).toBe('ROOM_NOT_FOUND');
    // Refused rotations leave the key working.
    await overlay(created.body.id, created.body.overlayKey).expect(200);
  });

  /** A new room with a session live in it now, and the sockets of a moderator and an attendee joined to it. */
  const liveRoom = async () => {
    const room = await createRoom({ name: `Polls ${randomUUID()}` }).expect(201);
    const session = await makeSession(t, event.id, {
      roomId: room.body.id,
      startsAt: new Date(Date.now() - 5 * 60_000).toISOString(),
      endsAt: new Date(Date.now() + 55 * 60_000).toISOString(),
    });
    const moderatorSocket = await connectLive(t, moderator.token);
    const attendeeSocket = await connectLive(t, attendee.token);
    sockets.push(moderatorSocket, attendeeSocket);
    await ok(moderatorSocket, 'session:join', { sessionId: session.id });
    await ok(attendeeSocket, 'session:join', { sessionId: session.id });
    const show = async () =>
      (await overlay(room.body.id, room.body.overlayKey).expect(200)).body as {
        poll: (Omit<Poll, 'anonymous'> & { results: Record<string, unknown> | null }) | null;
        declarations: { id: string; title: string; endorsements: number }[];
      };
    const poll = async (showResults: string, body: Record<string, unknown> = {}) =>
      (
        await t.http
          .post(`/api/events/${event.slug}/sessions/${session.id}/polls`)
          .set(moderator.auth)
          .send({
            question: `Which region? (${showResults})`,
            kind: 'single',
            options: ['Asia', 'Africa'],
            showResults,
            ...body,
          })
          .expect(201)
      ).body as Poll;
    const open = (pollId: string) => ok(moderatorSocket, 'poll:open', { pollId });
    const close = (pollId: string) => ok(moderatorSocket, 'poll:close', { pollId });
    const vote = (pollId: string, ballot: Record<string, unknown>) =>
      ok<{ vote: PollVote }>(attendeeSocket, 'poll:vote', { pollId, clientId: randomUUID(), ...ballot });
    return { show, poll, open, close, vote };
  };

  it('should show the open poll with results only as the whole audience may see them', async () => {
    const room = await liveRoom();
    const live = await room.poll('live');
    expect((await room.show()).poll).toBeNull(); // a draft is never shown

    await room.open(live.id);
    expect((await room.show()).poll).toEqual({
      id: live.id,
      question: live.question,
      kind: 'single',
      status: 'open',
      showResults: 'live',
      options: ['Asia', 'Africa'],
      results: {
        voters: 0,
        options: [
          { index: 0, text: 'Asia', votes: 0 },
          { index: 1, text: 'Africa', votes: 0 },
        ],
      },
    });
    await room.vote(live.id, { choices: [1] });
    expect((await room.show()).poll?.results).toMatchObject({
      voters: 1,
      options: [{ votes: 0 }, { votes: 1 }],
    });

    // after-vote: the overlay never voted, and most of those watching it have not either.
    for (const showResults of ['after-vote', 'after-close']) {
      const hidden = await room.poll(showResults);
      await room.open(hidden.id); // closes the poll open before
      await room.vote(hidden.id, { choices: [0] });
      const whileOpen = await room.show();
      expect(whileOpen.poll).toMatchObject({ id: hidden.id, status: 'open', showResults, results: null });
      expect(JSON.stringify(whileOpen)).not.toContain('"votes"');
      await room.close(hidden.id);
      expect((await room.show()).poll).toMatchObject({
        id: hidden.id,
        status: 'closed',
        results: { voters: 1, options: [{ votes: 1 }, { votes: 0 }] },
      });
    }

    const secret = await room.poll('moderators');
    await room.open(secret.id);
    await room.vote(secret.id, { choices: [0] });
    expect((await room.show()).poll).toMatchObject({ id: secret.id, status: 'open', results: null });
    await room.close(secret.id);
    // Closed, a moderators-only poll has nothing to show: the last public results come back.
    const afterSecret = await room.show();
    expect(afterSecret.poll).toMatchObject({
      status: 'closed',
      showResults: 'after-close',
      results: { voters: 1 },
    });
    expect(afterSecret.poll?.id).not.toBe(secret.id);
  });

  it('should show a text poll as a word cloud, never the answers or who gave them', async () => {
    const room = await liveRoom();
    const text = await room.poll('live', { kind: 'text', options: undefined, anonymous: false });
    await room.open(text.id);
    await room.vote(text.id, { text: 'Supply chains, supply chains' });
    const shown = await room.show();
    expect(shown.poll).toMatchObject({ kind: 'text', results: { voters: 1 } });
    expect(shown.poll?.results?.['words']).toEqual(expect.arrayContaining([{ word: 'supply', count: 1 }]));
    expect(shown.poll?.results).not.toHaveProperty('answers');
    expect(JSON.stringify(shown)).not.toContain(attendee.name);
  });

  it("should count the verified endorsements of the event's open declarations", async () => {
    const room = await liveRoom();
    const declarationsUrl = `/api/events/${event.slug}/declarations`;
    const draft = async (title: string) =>
      (
        await t.http
          .post(declarationsUrl)
          .set(organizer.auth)
          .send({ title, texts: { en: `${title}: we agree.` } })
          .expect(201)
      ).body.id as string;
    const publish = (id: string) =>
      t.http.post(`${declarationsUrl}/${id}/publish`).set(organizer.auth).expect(200);
    const hidden = await draft('Still a draft');
    const closed = await draft('An earlier text');
    await publish(closed);
    await t.http.post(`${declarationsUrl}/${closed}/close`).set(organizer.auth).expect(200);
    const initiative = await draft('Joint Initiative');
    await publish(initiative);
    expect((await room.show()).declarations).toEqual([
      { id: initiative, title: 'Joint Initiative', endorsements: 0 },
    ]);

    const organizationId = (
      await t.http
        .post('/api/organizations')
        .set(attendee.auth)
        .send({ name: `Think tank ${randomUUID()}` })
        .expect(201)
    ).body.id as string;
    const endorsement = await t.http
      .post(`${declarationsUrl}/${initiative}/endorsements`)
      .set(attendee.auth)
      .send({ organizationId, representative: { name: 'Li Wei', position: 'President' } })
      .expect(201);
    expect((await room.show()).declarations[0]?.endorsements).toBe(0); // pending counts for nothing yet
    await t.http
      .post(`${declarationsUrl}/${initiative}/endorsements/${endorsement.body.id}/verify`)
      .set(organizer.auth)
      .expect(200);
    const shown = await room.show();
    expect(shown.declarations).toEqual([{ id: initiative, title: 'Joint Initiative', endorsements: 1 }]);
    expect(JSON.stringify(shown)).not.toContain(hidden);
  });
});
