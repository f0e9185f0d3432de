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

const documentLang = (page: Page): Promise<string> =>
  page.evaluate(
    () =>
      (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement
        .lang,
  );

describe('browser client in Russian and Chinese', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('should give a ru browser the Russian interface and the programme in Russian, axe clean', async () => {
    // bypassCSP only so axe-core can be injected; the page itself is unchanged.
    const context = await newLoggedContext(browser, emptyLog(), { locale: 'ru-RU', bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/events/silks-2020`);
    await page.waitForSelector('.agenda-day');
    await expect(documentLang(page)).resolves.toBe('ru');
    await expect(page.locator('#agenda-heading').textContent()).resolves.toBe('Программа');
    const opening = page.locator('h3.session-title[lang="ru"]', {
      hasText: 'Церемония открытия и объявление Совместной инициативы',
    });
    await expect(opening.count()).resolves.toBe(1);
    // Spoken language in its own script, interpretation as codes.
    const card = page.locator('.session-card', { has: opening });
    await expect(card.locator('.session-lang').textContent()).resolves.toBe('中文');
    await expect(card.locator('.session-lang').getAttribute('lang')).resolves.toBe('zh');
    await expect(card.locator('.session-interpretation').textContent()).resolves.toBe('перевод: EN / RU');
    await expect(seriousAxeViolations(page)).resolves.toEqual([]);
    await page.screenshot({ path: '/tmp/plenary-browser-ru.png', fullPage: true });

    await opening.locator('a').click();
    await page.waitForSelector('h1[lang="ru"]');
    await expect(seriousAxeViolations(page)).resolves.toEqual([]);
    await context.close();
  });

  it('should give a zh-CN browser Chinese content and the side-by-side translation editor, axe clean', async () => {
    const context = await newLoggedContext(browser, emptyLog(), { locale: 'zh-CN', bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/events/silks-2020`);
    await page.waitForSelector('.agenda-day');
    await expect(
      page.locator('h3.session-title[lang="zh"]', { hasText: '开幕式暨联合倡议发布' }).count(),
    ).resolves.toBe(1);
    await expect(
      page.locator('.participant[lang="zh"]', { hasText: '陶平生' }).count(),
    ).resolves.toBeGreaterThan(0);
    await expect(seriousAxeViolations(page)).resolves.toEqual([]);

    await logIn(page, server.url, 'organizer@silks.example');
    await page.goto(`${server.url}/events/silks-2020/manage/translations`);
    await page.waitForSelector('.translation-form');
    // Original | 中文 | русский, and the demo's untranslated abstracts are listed as missing.
    await expect(page.locator('.translation-table thead th').nth(2).textContent()).resolves.toBe('中文');
    await expect(page.locator('.translation-missing').first().textContent()).resolves.toMatch(
      /缺少翻译|已译成/,
    );
    const title = page.locator('input[name="zh.title"]').first();
    await expect(title.inputValue()).resolves.toBe('丝路国际智库网络2020年线上年会');
    await expect(seriousAxeViolations(page)).resolves.toEqual([]);
    await page.screenshot({ path: '/tmp/plenary-browser-translations.png', fullPage: true });
    await context.close();
  });
});
