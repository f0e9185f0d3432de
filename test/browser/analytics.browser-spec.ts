import type { Browser, Page } from 'playwright-core';

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

interface ApiSession {
  id: string;
  kind: string;
  qa: { enabled: boolean; moderated: boolean };
}

/** The organizer's analytics: charts drawn by uPlot (loaded on that page only), tables, keyboard, print. */
describe('browser client: analytics and the event report', () => {
  let server: RunningServer;
  let browser: Browser;
  let watched: ApiSession;
  const log: PageLog = emptyLog();

  const organizerToken = async (): Promise<string> => {
    const response = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'organizer@silks.example', password: 'plenary-demo-2020' }),
    });
    return ((await response.json()) as { accessToken: string }).accessToken;
  };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const answer = (await (await fetch(`${server.url}/api/events/silks-2020/sessions`)).json()) as {
      items: ApiSession[];
    };
    watched = answer.items.find((session) => session.kind !== 'break' && session.qa.enabled)!;
    // An attendee watches a session in the browser; the node writes the visit within a few seconds.
    const context = await newLoggedContext(browser, log);
    const page = await context.newPage();
    await logIn(page, server.url, 'attendee1@silks.example');
    await page.goto(`${server.url}/events/silks-2020/sessions/${watched.id}`);
    await page.waitForSelector('.conn-connected');
    await context.close();
    const token = await organizerToken();
    for (let attempt = 0; attempt < 60; attempt += 1) {
      const figures = (await (
        await fetch(`${server.url}/api/events/silks-2020/sessions/${watched.id}/analytics`, {
          headers: { Authorization: `Bearer ${token}` },
        })
      ).json()) as { uniqueViewers: number };
      if (figures.uniqueViewers === 1) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('should draw the charts with data tables, load uPlot only there, and pass axe', async () => {
    const context = await newLoggedContext(browser, emptyLog(), { bypassCSP: true });
    const page: Page = await context.newPage();
    await logIn(page, server.url, 'organizer@silks.example');
    await page.goto(`${server.url}/events/silks-2020/manage/sessions`);
    await page.waitForSelector('table');
    await expect(page.locator('link[data-uplot]').count()).resolves.toBe(0);

    await page.goto(`${server.url}/events/silks-2020/manage/analytics`);
    await page.waitForSelector('#chart-concurrency-caption');
    await page.waitForSelector('.chart-figure .uplot canvas');
    await expect(page.locator('link[data-uplot]').count()).resolves.toBe(1);
    await expect(page.locator('figcaption').allTextContents()).resolves.toEqual(
      expect.arrayContaining([
        'Unique viewers per session',
        'Registrations by country',
        'Engagement per session',
        expect.stringMatching(/^Viewers over time: /),
      ]),
    );
    // The text alternative: the viewers table names the watched session's single viewer.
    const viewersTable = page.locator('#chart-viewers-caption ~ details table');
    await expect(viewersTable.locator('tbody tr').count()).resolves.toBeGreaterThan(1);
    await expect(page.locator('.key-figures').textContent()).resolves.toContain('Session viewers (sum)1');
    await page.screenshot({ path: '/tmp/plenary-browser-analytics.png', fullPage: true });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await context.close();
  });

  it('should be usable by keyboard: choose a session and open a data table', async () => {
    const context = await newLoggedContext(browser, log);
    const page = await context.newPage();
    await logIn(page, server.url, 'organizer@silks.example');
    await page.goto(`${server.url}/events/silks-2020/manage/analytics`);
    await page.waitForSelector('#chart-concurrency-caption');
    await page.focus('select[name=session]');
    await page.keyboard.press('Home');
    const first = await page.locator('select[name=session] option').first().textContent();
    await page.locator('#chart-concurrency-caption', { hasText: first ?? '' }).waitFor();
    const summary = page.locator('#chart-viewers-caption ~ details summary');
    await summary.focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('#chart-viewers-caption ~ details').getAttribute('open')).resolves.toBe('');
    await context.close();
  });

  it('should give the Analytics tab in Chinese', async () => {
    const context = await newLoggedContext(browser, log, { locale: 'zh-CN' });
    const page = await context.newPage();
    await logIn(page, server.url, 'organizer@silks.example');
    await page.goto(`${server.url}/events/silks-2020/manage/analytics`);
    await page.locator('#analytics-heading', { hasText: '出席与互动' }).waitFor();
    await expect(page.locator('figcaption').allTextContents()).resolves.toContain('各环节独立观众');
    await context.close();
  });

  it('should print the event report without the site chrome, and pass axe', async () => {
    const context = await newLoggedContext(browser, emptyLog(), { bypassCSP: true });
    const page = await context.newPage();
    await logIn(page, server.url, 'organizer@silks.example');
    await page.goto(`${server.url}/events/silks-2020/report`);
    await page.waitForSelector('.report-page .chart-figure');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.site-header').isVisible()).resolves.toBe(false);
    await expect(page.locator('.report-page table').first().isVisible()).resolves.toBe(true);
    await page.pdf({ path: '/tmp/plenary-browser-report.pdf' });
    await context.close();
  });

  it('should log no Content-Security-Policy violation and no script error', () => {
    expect(log.cspViolations).toEqual([]);
    expect(log.errors).toEqual([]);
  });
});
