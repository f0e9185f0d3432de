import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';

import {
  emptyLog,
  launchBrowser,
  logIn,
  newLoggedContext,
  seriousAxeViolations,
  startServer,
  type PageLog,
  type RunningServer,
} from './browser-harness';
import { buildTestStream, serveStream, TEST_AUDIO, TEST_CAPTION, type StreamOrigin } from './hls-fixture';

interface ApiRoom {
  id: string;
  name: string;
  overlayKey?: string;
}
interface ApiSession {
  id: string;
  title: string;
  room: { id: string } | null;
  kind: string;
  qa: { enabled: boolean; moderated: boolean };
}

const PASSWORD = 'plenary-demo-2020';

describe('the stage (Debian chromium, a real HLS stream from ffmpeg)', () => {
  let server: RunningServer;
  let origin: StreamOrigin;
  let browser: Browser;
  let streamDir: string;
  let organizerToken: string;
  let panelRoom: ApiRoom;
  let mainStage: ApiRoom;
  let sessions: ApiSession[];
  const log: PageLog = emptyLog();
  const sockets: Socket[] = [];

  const api = async <T>(method: string, path: string, body?: unknown, token = organizerToken): Promise<T> => {
    const response = await fetch(`${server.url}/api${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    }
    return (await response.json()) as T;
  };
  const login = async (email: string) =>
    (await api<{ accessToken: string }>('POST', '/auth/login', { email, password: PASSWORD }, ''))
      .accessToken;
  const setRoomStream = (room: ApiRoom, stream: unknown) =>
    api('PATCH', `/events/silks-2020/rooms/${room.id}`, { stream });
  const sessionIn = (room: ApiRoom) =>
    sessions.find((session) => session.room?.id === room.id && session.kind !== 'break')!;
  const stageState = (page: Page) => page.getAttribute('section.stage', 'data-state');

  const openStage = async (room: ApiRoom): Promise<Page> => {
    const context = await newLoggedContext(browser, log);
    const page = await context.newPage();
    await page.goto(`${server.url}/events/silks-2020/sessions/${sessionIn(room).id}`);
    await page.waitForSelector('section.stage');
    return page;
  };

  beforeAll(async () => {
    streamDir = mkdtempSync(join(tmpdir(), 'plenary-hls-'));
    buildTestStream(streamDir);
    origin = await serveStream(streamDir);
    server = await startServer();
    browser = await launchBrowser();
    organizerToken = await login('organizer@silks.example');
    const rooms = await api<{ items: ApiRoom[] }>('GET', '/events/silks-2020/rooms');
    panelRoom = rooms.items.find((room) => room.name === 'Panel Room')!;
    mainStage = rooms.items.find((room) => room.name === 'Main Stage')!;
    sessions = (await api<{ items: ApiSession[] }>('GET', '/events/silks-2020/sessions')).items;
  });

  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await browser?.close();
    await server?.stop();
    await origin?.close();
    rmSync(streamDir, { recursive: true, force: true });
  });

  it('should play the stream, list its languages, switch the interpretation and show captions', async () => {
    await setRoomStream(panelRoom, {
      kind: 'hls',
      url: `${origin.url}/good/master.m3u8`,
      captions: [{ lang: 'ru', label: 'Русский (file)', url: `${origin.url}/good/ru-captions.vtt` }],
    });
    const page = await openStage(panelRoom);
    await waitForState(page, 'playing');
    await page.waitForFunction(
      () => ((globalThis as unknown as PageDom).document.querySelector('video')?.currentTime ?? 0) > 0.2,
    );

    const languages = await page.$$eval('select.stage-audio option', (options) =>
      options.map((o) => o.textContent),
    );
    expect(languages).toEqual(TEST_AUDIO.map((audio) => audio.name));
    expect(await page.isVisible('select.stage-audio')).toBe(true);
    expect(origin.requests).not.toContain('/good/ru/index.m3u8');
    await page.selectOption('select.stage-audio', { label: 'Русский' });
    await waitUntil(() => origin.requests.includes('/good/ru/index.m3u8'));

    const captions = await page.$$eval('select.stage-captions option', (options) =>
      options.map((o) => o.textContent),
    );
    expect(captions).toEqual(['Off', 'English captions', 'Русский (file)']);
    await page.selectOption('select.stage-captions', { label: 'English captions' });
    await waitForShownCaption(page, TEST_CAPTION);
    await page.selectOption('select.stage-captions', { label: 'Русский (file)' });
    await waitForShownCaption(page, 'Субтитры работают');

    // Another visit remembers the interpretation language and the captions.
    await page.reload();
    await waitForState(page, 'playing');
    await waitForChoice(page, 'select.stage-audio', 'Русский');
    expect(await page.textContent('select.stage-captions option:checked')).toBe('Русский (file)');
    expect(log.cspViolations).toEqual([]);
    await page.context().close();
  });

  it("should play the demo's Main Stage clip, starting a first visit in the interface language", async () => {
    const page = await openStage(mainStage);
    await waitForState(page, 'playing');
    const languages = await page.$$eval('select.stage-audio option', (options) =>
      options.map((o) => o.textContent),
    );
    expect(languages).toEqual(['中文（原声）', 'English (interpretation)', 'Русский (перевод)']);
    await waitForChoice(page, 'select.stage-audio', 'English (interpretation)');
    const captions = await page.$$eval('select.stage-captions option', (options) =>
      options.map((o) => o.textContent),
    );
    expect(captions).toEqual(['Off', '中文', 'English', 'Русский']);
    await page.context().close();
  });

  it('should pass axe on the stage with its choices and on the overlay', async () => {
    // axe-core is injected as an inline script: only this context bypasses the page's policy.
    const context = await newLoggedContext(browser, emptyLog(), { bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/events/silks-2020/sessions/${sessionIn(panelRoom).id}`);
    await page.waitForSelector('select.stage-audio', { state: 'visible' });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.goto(`${server.url}/events/silks-2020/rooms/${mainStage.id}/overlay?key=wrong`);
    await page.waitForSelector('.overlay-notice');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await context.close();
  });

  it('should fall over to the backup when the primary answers 404', async () => {
    await setRoomStream(panelRoom, {
      kind: 'hls',
      url: `${origin.url}/missing/master.m3u8`,
      backupUrl: `${origin.url}/good/master.m3u8`,
    });
    const page = await openStage(panelRoom);
    await waitForState(page, 'backup');
    await page.waitForFunction(
      () => ((globalThis as unknown as PageDom).document.querySelector('video')?.currentTime ?? 0) > 0.2,
    );
    expect(origin.requests).toContain('/missing/master.m3u8');
    expect(await page.textContent('.stage-status')).toMatch(/backup/i);
    expect(await page.isVisible('.stage-slate')).toBe(false);
    await page.context().close();
  });

  it('should show the slate while nothing plays, and keep retrying', async () => {
    await setRoomStream(panelRoom, { kind: 'hls', url: `${origin.url}/missing/master.m3u8` });
    const page = await openStage(panelRoom);
    await waitForState(page, 'down');
    expect(await page.isVisible('.stage-slate')).toBe(true);
    expect(await page.textContent('.stage-slate')).toContain('Panel Room');
    const tries = () => origin.requests.filter((path) => path === '/missing/master.m3u8').length;
    const before = tries();
    await waitUntil(() => tries() > before);
    expect(await stageState(page)).not.toBe('playing');
    await page.context().close();
  });

  it('should show the pinned question, the live poll and the endorsement counter on the production overlay, and refuse a wrong key', async () => {
    const session = sessions.find(
      (s) => s.room?.id === mainStage.id && s.qa.enabled && !s.qa.moderated && s.kind !== 'break',
    )!;
    const connect = async (email: string) => {
      const socket = io(`${server.url}/live`, {
        auth: { token: await login(email) },
        transports: ['websocket'],
        reconnection: false,
      });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) =>
        socket.once('connect', () => resolve()).once('connect_error', reject),
      );
      return socket;
    };
    const send = async <T>(socket: Socket, event: string, payload: unknown): Promise<T> => {
      const ack = (await socket.timeout(5000).emitWithAck(event, payload)) as { data?: T; error?: unknown };
      if (!ack.data) {
        throw new Error(`${event}: ${JSON.stringify(ack.error)}`);
      }
      return ack.data;
    };
    const moderator = await connect('moderator@silks.example');
    const attendee = await connect('attendee1@silks.example');
    await send(moderator, 'session:join', { sessionId: session.id });
    await send(attendee, 'session:join', { sessionId: session.id });
    await send(moderator, 'session:set-status', { sessionId: session.id, status: 'live' });

    const context = await newLoggedContext(browser, log);
    const page = await context.newPage();
    const overlayUrl = `${server.url}/events/silks-2020/rooms/${mainStage.id}/overlay?key=${encodeURIComponent(mainStage.overlayKey!)}`;
    await page.goto(overlayUrl);
    await page.waitForFunction(
      () => (globalThis as unknown as PageDom).document.documentElement.dataset['connection'] === 'online',
    );
    expect(await page.$('.overlay-question')).toBeNull();

    const { question } = await send<{ question: { id: string } }>(attendee, 'qa:ask', {
      sessionId: session.id,
      text: 'How can think tanks help stabilise the global supply chain?',
      anonymous: false,
      clientId: crypto.randomUUID(),
    });
    await send(moderator, 'qa:moderate', { questionId: question.id, action: 'pin' });
    await page.waitForSelector('.overlay-question');
    expect(await page.textContent('.overlay-question blockquote')).toBe(
      'How can think tanks help stabilise the global supply chain?',
    );
    expect(await page.textContent('.overlay-question figcaption')).toBe('Aigerim Bekova');
    const background = await page.evaluate(
      () =>
        (globalThis as unknown as PageDom).getComputedStyle((globalThis as unknown as PageDom).document.body)
          .backgroundColor,
    );
    expect(background).toBe('rgba(0, 0, 0, 0)');
    expect(await page.isVisible('.site-header')).toBe(false);
    // The demo's Joint Initiative is open, endorsed by its two launchers.
    expect(await page.textContent('.overlay-declarations')).toContain('SiLKS Joint Initiative (summary)');
    expect(await page.textContent('.overlay-declaration-count')).toBe('2 organisations have endorsed');

    // A poll launched live shows with its results as they come (its results are public while open).
    const poll = await api<{ id: string }>(
      'POST',
      `/events/silks-2020/sessions/${session.id}/polls`,
      {
        question: 'Which region grows fastest?',
        kind: 'single',
        options: ['Asia', 'Africa'],
        showResults: 'live',
      },
      await login('moderator@silks.example'),
    );
    await send(moderator, 'poll:open', { pollId: poll.id });
    await page.waitForSelector(`.overlay-poll[data-poll-id="${poll.id}"] .poll-bars`);
    expect(await page.textContent('.overlay-poll-question')).toBe('Which region grows fastest?');
    await send(attendee, 'poll:vote', { pollId: poll.id, choices: [1], clientId: crypto.randomUUID() });
    await page.locator('.overlay-poll .poll-bar-label', { hasText: /^Africa: 1 \D*\(100%\)$/ }).waitFor();
    await send(moderator, 'poll:close', { pollId: poll.id });
    await page.waitForSelector('.overlay-poll[data-poll-status="closed"]');
    expect(await page.textContent('.overlay-poll-note')).toBe('Final results');
    // Both parts and the question stay on screen together.
    expect(await page.isVisible('.overlay-question')).toBe(true);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: '/tmp/plenary-browser-overlay.png' });

    await page.goto(overlayUrl.replace(/key=.*/, 'key=not-the-key'));
    await page.waitForSelector('.overlay-notice');
    expect(await page.$('.overlay-question')).toBeNull();
    expect(await page.$('.overlay-poll')).toBeNull();
    expect(log.cspViolations).toEqual([]);
    await context.close();
  });

  it("should edit every stream field in the organizer console and test the form's stream before saving", async () => {
    // Saved before: the origin is in the page's policy (a new origin plays only once saved, as the form says).
    await setRoomStream(panelRoom, { kind: 'hls', url: `${origin.url}/missing/master.m3u8` });
    const context = await newLoggedContext(browser, log);
    const page = await context.newPage();
    await logIn(page, server.url, 'organizer@silks.example');
    await page.goto(`${server.url}/events/silks-2020/manage/rooms`);
    await page.click('button[aria-label="Edit: Panel Room"]');
    expect(await page.inputValue('select[name=streamKind]')).toBe('hls');
    await page.fill('input[name=streamMain]', `${origin.url}/missing/master.m3u8`);
    await page.fill('input[name=streamBackup]', `${origin.url}/good/master.m3u8`);
    await page.fill(
      'textarea[name=streamCaptions]',
      `ru | Русский (file) | ${origin.url}/good/ru-captions.vtt`,
    );

    // Not saved yet: the test plays the form as it is, falling over to its backup like the real stage.
    await page.click('.stream-test button');
    await page.waitForSelector('.stage-preview section.stage[data-state="backup"]');
    await page.waitForFunction(
      () =>
        ((globalThis as unknown as PageDom).document.querySelector('.stage-preview video')?.currentTime ??
          0) > 0.2,
    );
    const captions = await page.$$eval('.stage-preview select.stage-captions option', (options) =>
      options.map((o) => o.textContent),
    );
    expect(captions).toContain('Русский (file)');

    await page.click('form.form button[type=submit]');
    await page.locator('.alert', { hasText: 'Saved.' }).waitFor();
    const rooms = await api<{ items: (ApiRoom & { stream: unknown })[] }>('GET', '/events/silks-2020/rooms');
    expect(rooms.items.find((room) => room.id === panelRoom.id)?.stream).toEqual({
      kind: 'hls',
      url: `${origin.url}/missing/master.m3u8`,
      backupUrl: `${origin.url}/good/master.m3u8`,
      captions: [{ lang: 'ru', label: 'Русский (file)', url: `${origin.url}/good/ru-captions.vtt` }],
    });

    // A malformed caption line is refused at its field, naming the line, and nothing is saved.
    await page.click('button[aria-label="Edit: Panel Room"]');
    await page.fill('textarea[name=streamCaptions]', 'ru | no label');
    await page.click('form.form button[type=submit]');
    await page.locator('.form', { hasText: 'Line 1: write language | label | URL' }).waitFor();
    expect(log.cspViolations).toEqual([]);
    await context.close();
  });

  it("should give one session its own stream in the console, test it, and go back to the room's", async () => {
    const session = sessionIn(panelRoom);
    const context = await newLoggedContext(browser, log);
    const page = await context.newPage();
    await logIn(page, server.url, 'organizer@silks.example');
    await page.goto(`${server.url}/events/silks-2020/manage/sessions`);
    await page.click(`button[aria-label="Edit: ${session.title}"]`);
    expect(await page.inputValue('.session-stream select[name=streamKind]')).toBe('');
    await page.selectOption('.session-stream select[name=streamKind]', 'hls');
    await page.fill('.session-stream input[name=streamMain]', `${origin.url}/good/master.m3u8`);
    await page.fill(
      '.session-stream textarea[name=streamCaptions]',
      `en | English (file) | ${origin.url}/good/ru-captions.vtt`,
    );
    await page.click('.session-stream .stream-test button');
    await page.waitForSelector('.session-stream .stage-preview section.stage[data-state="playing"]');

    const own = () => api<{ stream: unknown }>('GET', `/events/silks-2020/sessions/${session.id}`);
    await page.click('form.card > .form-actions button[type=submit]');
    await page.locator('.alert', { hasText: 'Saved.' }).waitFor();
    expect((await own()).stream).toEqual({
      kind: 'hls',
      url: `${origin.url}/good/master.m3u8`,
      captions: [{ lang: 'en', label: 'English (file)', url: `${origin.url}/good/ru-captions.vtt` }],
    });

    await page.click(`button[aria-label="Edit: ${session.title}"]`);
    expect(await page.inputValue('.session-stream input[name=streamMain]')).toBe(
      `${origin.url}/good/master.m3u8`,
    );
    await page.selectOption('.session-stream select[name=streamKind]', '');
    await page.click('form.card > .form-actions button[type=submit]');
    await page.locator('.alert', { hasText: 'Saved.' }).waitFor();
    expect((await own()).stream).toBeNull();
    expect(log.cspViolations).toEqual([]);
    await context.close();
  });
});

/** Polls a condition of the test process (not the page) until it holds, for up to 20 s. */
async function waitUntil(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error('The condition did not hold within 20 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// The root tsconfig has no DOM lib (and the page's policy forbids evaluating strings): functions that run
// in the page (serialised, so no closures) reach it through this narrow view of its globals.
interface PageElement {
  getAttribute(name: string): string | null;
  textContent: string | null;
  currentTime: number;
  textTracks: ArrayLike<{ mode: string; cues: ArrayLike<{ text: string }> | null }>;
}
interface PageDom {
  document: {
    querySelector(selector: string): PageElement | null;
    documentElement: { dataset: Record<string, string | undefined> };
    body: unknown;
  };
  getComputedStyle(element: unknown): { backgroundColor: string };
}

function waitForState(page: Page, state: string) {
  return page.waitForFunction(
    (wanted) =>
      (globalThis as unknown as PageDom).document
        .querySelector('section.stage')
        ?.getAttribute('data-state') === wanted,
    state,
  );
}

function waitForChoice(page: Page, select: string, label: string) {
  return page.waitForFunction(
    ([selector, wanted]) =>
      (globalThis as unknown as PageDom).document.querySelector(`${selector} option:checked`)?.textContent ===
      wanted,
    [select, label],
  );
}

/** A caption track of the video is showing and holds a cue with this text. */
function waitForShownCaption(page: Page, text: string) {
  return page.waitForFunction((wanted) => {
    const tracks = (globalThis as unknown as PageDom).document.querySelector('video')?.textTracks ?? [];
    return Array.from(tracks).some(
      (track) => track.mode === 'showing' && Array.from(track.cues ?? []).some((cue) => cue.text === wanted),
    );
  }, text);
}
