import type { Browser, Page } from 'playwright-core';

import {
  DEMO_PASSWORD,
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

/** `org.saved` in Chinese. */
const ZH_SAVED = '已保存';

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
    // Organisations of the event's speakers (name, short name) and the registration questions load last.
    await page.waitForSelector('input[name="country.zh.label"]');
    // Original | 中文 | русский, and the demo's untranslated abstracts are listed as missing.
    await expect(page.locator('.translation-table thead th').nth(2).textContent()).resolves.toBe('中文');
    await expect(page.locator('.translation-missing').first().textContent()).resolves.toMatch(
      /缺少翻译|已译成/,
    );
    const title = page.locator('input[name="zh.title"]').first();
    await expect(title.inputValue()).resolves.toBe('丝路国际智库网络2020年线上年会');
    const drc = page.locator('.translation-form', {
      has: page.locator('h4', { hasText: 'Development Research Center of the State Council' }),
    });
    await expect(drc.locator('input[name="zh.name"]').inputValue()).resolves.toBe('国务院发展研究中心');
    await expect(drc.locator('input[name="zh.shortName"]').inputValue()).resolves.toBe('国研中心');
    // The DRC has no Russian short name: marked missing.
    await expect(drc.locator('.translation-missing').textContent()).resolves.toBe('缺少翻译：русский');
    await expect(page.locator('input[name="country.zh.label"]').inputValue()).resolves.toBe('国家/地区');
    await expect(page.locator('input[name="country.ru.label"]').getAttribute('aria-label')).resolves.toBe(
      '问题: Country（русский）',
    );
    await expect(seriousAxeViolations(page)).resolves.toEqual([]);

    // Keyboard only: Tab goes along the row, typing and Enter save the questions with one PATCH.
    await page.focus('input[name="country.zh.label"]');
    await page.keyboard.press('Tab');
    await expect(
      page
        .locator('input[name="country.ru.label"]')
        .evaluate(
          (input) =>
            input ===
            (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement,
        ),
    ).resolves.toBe(true);
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('Страна проживания');
    const saved = page.waitForResponse(
      (response) =>
        response.request().method() === 'PATCH' && response.url().endsWith('/api/events/silks-2020'),
    );
    await page.keyboard.press('Enter');
    expect((await saved).status()).toBe(200);
    const questions = page.locator('.translation-form', {
      has: page.locator('input[name="country.zh.label"]'),
    });
    await questions.locator('.message-slot', { hasText: ZH_SAVED }).waitFor();
    const read = await page.request.get(`${server.url}/api/events/silks-2020?lang=ru`);
    const event = (await read.json()) as { registration: { fields: { key: string; label: string }[] } };
    expect(event.registration.fields.find((field) => field.key === 'country')?.label).toBe(
      'Страна проживания',
    );
    // The other questions kept their translations.
    expect(event.registration.fields.find((field) => field.key === 'position')?.label).toBe('Должность');

    // Organisations are saved in the shared directory.
    await drc.locator('input[name="ru.shortName"]').fill('ЦИПР');
    await drc.locator('button[type="submit"]').press('Enter');
    await drc.locator('.message-slot', { hasText: ZH_SAVED }).waitFor();
    await expect(drc.locator('.translation-missing').textContent()).resolves.toBe('已译成本活动的全部语言');
    await page.screenshot({ path: '/tmp/plenary-browser-translations.png', fullPage: true });
    await context.close();
  });
  it('should keep an open zh-CN session page in Chinese when the session is edited live', async () => {
    const context = await newLoggedContext(browser, emptyLog(), { locale: 'zh-CN' });
    const page = await context.newPage();
    await logIn(page, server.url, 'attendee1@silks.example');
    const sessions = (await (
      await page.request.get(`${server.url}/api/events/silks-2020/sessions?lang=zh`)
    ).json()) as { items: { id: string; title: string }[] };
    const opening = sessions.items.find((session) => session.title === '开幕式暨联合倡议发布')!;
    await page.goto(`${server.url}/events/silks-2020/sessions/${opening.id}`);
    await page.waitForSelector('.conn-connected');
    await page.waitForSelector('h1[lang="zh"]');

    const login = await page.request.post(`${server.url}/api/auth/login`, {
      data: { email: 'organizer@silks.example', password: DEMO_PASSWORD },
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const edited = await page.request.patch(`${server.url}/api/events/silks-2020/sessions/${opening.id}`, {
      headers: { Authorization: `Bearer ${accessToken}` },
      data: {
        title: 'Opening ceremony and launch of the Joint Initiative (updated)',
        translations: { zh: { title: '开幕式暨联合倡议发布（更新）' } },
      },
    });
    expect(edited.status()).toBe(200);
    // session:updated carries every translation; the page shows the Chinese one, marked as Chinese.
    await page.locator('h1[lang="zh"]', { hasText: '开幕式暨联合倡议发布（更新）' }).waitFor();
    await expect(page.locator('.session-header .room-name').getAttribute('lang')).resolves.toBe('zh');
    await context.close();
  });
});
