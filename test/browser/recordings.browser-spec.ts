import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';

import {
  emptyLog,
  launchBrowser,
  newLoggedContext,
  seriousAxeViolations,
  startServer,
  type PageLog,
  type RunningServer,
} from './browser-harness';
import { buildTestStream, serveStream, type StreamOrigin } from './hls-fixture';

const PASSWORD = 'plenary-demo-2020';
const FFMPEG = process.env.FFMPEG_PATH ?? '/usr/bin/ffmpeg';

// Functions that run in the page are serialised (no closures) and reach it through this narrow view.
interface PageVideo {
  currentTime: number;
  muted: boolean;
  dataset: Record<string, string | undefined>;
  play(): Promise<void>;
}
interface PageDom {
  document: { querySelector(selector: string): PageVideo | null };
}

/** Starts the recording's player (muted: no click on the page) and waits until its picture moves. */
async function playsFor(page: Page, kind: 'hls' | 'file'): Promise<void> {
  await page.waitForFunction(
    (wanted) =>
      (globalThis as unknown as PageDom).document.querySelector('video.recording-player')?.dataset.kind ===
      wanted,
    kind,
  );
  await page.waitForFunction(() => {
    const video = (globalThis as unknown as PageDom).document.querySelector('video.recording-player');
    if (!video) {
      return false;
    }
    video.muted = true;
    void video.play().catch(() => undefined);
    return video.currentTime > 0.3;
  });
}

describe('recordings on the session page (Debian chromium, HLS from ffmpeg and an MP4 file)', () => {
  let server: RunningServer;
  let origin: StreamOrigin;
  let browser: Browser;
  let dir: string;
  let sessionPath: string;
  const log: PageLog = emptyLog();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'plenary-recordings-'));
    buildTestStream(dir);
    execFileSync(FFMPEG, [
      '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=10:duration=6',
      '-f', 'lavfi', '-i', 'sine=frequency=660:duration=6',
      '-c:v', 'libx264', '-profile:v', 'baseline', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest',
      '-movflags', '+faststart', join(dir, 'ru.mp4'),
    ]); // prettier-ignore
    origin = await serveStream(dir);
    server = await startServer();
    browser = await launchBrowser();
    const api = async <T>(method: string, path: string, body: unknown, token?: string): Promise<T> => {
      const response = await fetch(`${server.url}/api${path}`, {
        method,
        headers: {
          'Content-Type': 'application/json',
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
        body: method === 'GET' ? undefined : JSON.stringify(body),
      });
      if (!response.ok) {
        throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
      }
      return (await response.json()) as T;
    };
    const { accessToken } = await api<{ accessToken: string }>('POST', '/auth/login', {
      email: 'organizer@silks.example',
      password: PASSWORD,
    });
    // The demo edition took place in 2020: every session has ended, so its recordings show.
    const { items } = await api<{ items: Array<{ id: string; kind: string }> }>(
      'GET',
      '/events/silks-2020/sessions',
      undefined,
    );
    const session = items.find((item) => item.kind !== 'break')!;
    await api(
      'PATCH',
      `/events/silks-2020/sessions/${session.id}`,
      {
        recordings: [
          { url: `${origin.url}/good/master.m3u8` },
          { lang: 'ru', url: `${origin.url}/good/ru.mp4` },
        ],
      },
      accessToken,
    );
    sessionPath = `/events/silks-2020/sessions/${session.id}`;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await origin?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("should play the HLS recording in the stage's player, then the Russian MP4 in a <video> when chosen", async () => {
    const context = await newLoggedContext(browser, log);
    const page = await context.newPage();
    await page.goto(`${server.url}${sessionPath}`);
    await page.waitForSelector('section.recordings');
    // No English recording: the floor (HLS) comes first, through hls.js (a MediaSource blob: URL).
    expect(await page.textContent('#recording-language option:checked')).toBe(
      'Recording (original language)',
    );
    await playsFor(page, 'hls');
    expect(await page.getAttribute('video.recording-player', 'src')).toMatch(/^blob:/);
    expect(origin.requests).toContain('/good/master.m3u8');

    await page.selectOption('#recording-language', { label: 'Recording in Russian' });
    await playsFor(page, 'file');
    expect(await page.getAttribute('video.recording-player', 'src')).toBe(`${origin.url}/good/ru.mp4`);
    expect(origin.requests).toContain('/good/ru.mp4');
    expect(log.cspViolations).toEqual([]);
    expect(log.errors).toEqual([]);
    await context.close();
  });

  it('should start with the recording in the interface language, and pass axe', async () => {
    // axe-core is injected as an inline script: only this context bypasses the page's policy.
    const context = await newLoggedContext(browser, emptyLog(), { bypassCSP: true, locale: 'ru-RU' });
    const page = await context.newPage();
    await page.goto(`${server.url}${sessionPath}`);
    await page.waitForSelector('section.recordings');
    await playsFor(page, 'file');
    expect(await page.textContent('label[for="recording-language"]')).toBe('Язык записи');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await context.close();
  });
});
