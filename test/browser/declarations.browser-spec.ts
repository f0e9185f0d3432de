import type { Browser, Page } from 'playwright-core';

import {
  emptyLog,
  launchBrowser,
  logIn,
  newLoggedContext,
  seriousAxeViolations,
  startServer,
  type RunningServer,
} from './browser-harness';

interface ApiDeclaration {
  id: string;
  title: string;
  endorsements: number;
}

/** Endorse → verify → public list, in the browser, on the demo's Joint Initiative. */
describe('declarations in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let declaration: ApiDeclaration;
  const log = emptyLog();

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const answer = (await (await fetch(`${server.url}/api/events/silks-2020/declarations`)).json()) as {
      items: ApiDeclaration[];
    };
    declaration = answer.items[0];
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const pageUrl = () => `${server.url}/events/silks-2020/declarations/${declaration.id}`;

  it('should let an attendee endorse, an organizer verify, and list the organisation publicly, axe clean', async () => {
    // addScriptTag injects inline script, which the page's CSP rightly refuses: only this context bypasses it.
    const context = await newLoggedContext(browser, log, { bypassCSP: true });
    const page: Page = await context.newPage();
    const axe: Record<string, unknown> = {};

    await page.goto(pageUrl());
    await page.waitForSelector('[role=tablist]');
    expect(await page.textContent('.endorser-groups')).toContain(
      'Development Research Center of the State Council',
    );
    // The language tabs work by keyboard: the arrow key selects and focuses the Chinese text.
    await page.focus('[role=tab][aria-selected=true]');
    await page.keyboard.press('ArrowRight');
    const selected = page.locator('[role=tab][aria-selected=true]');
    expect(await selected.getAttribute('lang')).toBe('zh');
    expect(
      await page.evaluate(() =>
        (
          globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string } } }
        ).document.activeElement.getAttribute('role'),
      ),
    ).toBe('tab');
    expect(await page.locator('[role=tabpanel]:not([hidden])').textContent()).toContain('联合倡议');
    expect(await page.textContent('.digest')).toMatch(/^[0-9a-f]{64}$/);
    axe['public'] = await seriousAxeViolations(page);

    await logIn(page, server.url, 'attendee1@silks.example');
    await page.goto(pageUrl());
    await page.waitForSelector('.endorse-form');
    await page.fill('input[name=organizationSearch]', 'World Economics');
    await page.waitForSelector(
      'select[name=organizationId] option:has-text("Institute of World Economics and Politics")',
      { state: 'attached' },
    );
    await page.selectOption('select[name=organizationId]', {
      label: 'Institute of World Economics and Politics (Kazakhstan)',
    });
    await page.fill('input[name=representativeName]', 'Aigerim Demo');
    await page.fill('input[name=representativePosition]', 'Deputy Director');
    await page.fill('textarea[name=statement]', 'We support the aims of the Initiative.');
    axe['endorse-form'] = await seriousAxeViolations(page);
    await page.click('.endorse-form button[type=submit]');
    await page.waitForSelector('.endorse-form .alert-success');
    await page.waitForSelector('.my-endorsement:has-text("Institute of World Economics and Politics")');
    expect(await page.textContent('.my-endorsement')).toContain('Pending');

    // Another attendee watches the opening ceremony: the counter shows the verified count live.
    const viewerContext = await newLoggedContext(browser, log);
    const viewer = await viewerContext.newPage();
    await logIn(viewer, server.url, 'attendee2@silks.example');
    const sessions = (await (await fetch(`${server.url}/api/events/silks-2020/sessions`)).json()) as {
      items: { id: string; kind: string }[];
    };
    const ceremony = sessions.items.find((session) => session.kind === 'ceremony')!;
    await viewer.goto(`${server.url}/events/silks-2020/sessions/${ceremony.id}`);
    await viewer.waitForSelector('.conn-connected');
    await viewer.waitForSelector('.declaration-counter .counter-value:text-is("2")');

    await page.click('.account button');
    await logIn(page, server.url, 'organizer@silks.example');
    await page.goto(`${server.url}/events/silks-2020/manage/declarations`);
    await page.waitForSelector('.queue-item:has-text("Institute of World Economics and Politics")');
    axe['queue'] = await seriousAxeViolations(page);
    await page.click(
      '.queue-item:has-text("Institute of World Economics and Politics") button:has-text("Verify")',
    );
    await page.waitForSelector('.queue-rows:has-text("No endorsements match")');
    await viewer.waitForSelector('.declaration-counter .counter-value:text-is("3")');
    expect(await viewer.textContent('.declaration-counter [role=status]')).toContain(
      'Institute of World Economics and Politics endorsed',
    );
    await viewerContext.close();

    await page.click('.account button');
    await page.goto(pageUrl());
    await page.waitForSelector('.endorser-groups');
    expect(await page.textContent('.endorser-group:has-text("Kazakhstan")')).toContain(
      'Institute of World Economics and Politics',
    );
    expect(await page.textContent('.lead')).toContain('3 organisations endorsed');
    await page.fill('input[name=endorserSearch]', 'kazakh');
    await page.waitForSelector('.endorser-groups:not(:has-text("Development Research Center"))');
    expect(await page.textContent('[role=status]:has-text("of 3")')).toContain('1 of 3');
    const csvHref = await page.getAttribute('a:has-text("Download CSV")', 'href');
    const csv = await (await fetch(`${server.url}${csvHref}`)).text();
    expect(csv).toContain(
      'Institute of World Economics and Politics,IWEP,Kazakhstan,Aigerim Demo,Deputy Director',
    );

    expect(axe).toEqual({ public: [], 'endorse-form': [], queue: [] });
    expect(log.errors).toEqual([]);
    expect(log.cspViolations).toEqual([]);
    await context.close();
  });
});
