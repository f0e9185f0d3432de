import type { Browser, Page } from 'playwright-core';

import {
  emptyLog,
  launchBrowser,
  logIn,
  newLoggedContext,
  seriousAxeViolations,
  signUp,
  startServer,
  type PageLog,
  type RunningServer,
} from './browser-harness';

interface ApiSession {
  id: string;
  title: string;
  kind: string;
  startsAt: string;
  qa: { enabled: boolean; moderated: boolean };
}

const XSS_CORPUS = [
  '<script>window.__xss = 1</script>',
  '<img src=x onerror="window.__xss=1;alert(1)">',
  '<svg onload="window.__xss=1"><script>alert(1)</script></svg>',
  'javascript:window.__xss=1',
  '"><iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
  // The live room refuses bidi overrides and control characters (VALIDATION_FAILED); the rest of the odd
  // unicode must come back intact.
  'Z̷̢͓a̵l̶g̸o̴ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 👩🏽‍💻 ﷽ שלום\u200b «quotes» & ampersands &lt;b&gt;',
];

const visible = (text: string) => text.replace(/[\p{Cf}\p{Cc}]/gu, '').trim();

function localDate(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(iso));
}

describe('browser client', () => {
  let server: RunningServer;
  let browser: Browser;
  let sessions: ApiSession[];
  let moderated: ApiSession;
  let open: ApiSession;
  const log: PageLog = emptyLog();

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const answer = (await (await fetch(`${server.url}/api/events/silks-2020/sessions`)).json()) as {
      items: ApiSession[];
    };
    sessions = answer.items;
    moderated = sessions.find((session) => session.qa.enabled && session.qa.moderated)!;
    open = sessions.find(
      (session) => session.qa.enabled && !session.qa.moderated && session.kind !== 'break',
    )!;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const sessionUrl = (session: ApiSession) => `${server.url}/events/silks-2020/sessions/${session.id}`;

  it('should let a moderator approve a question the attendee then sees, and carry chat both ways', async () => {
    const attendeeContext = await newLoggedContext(browser, log);
    const moderatorContext = await newLoggedContext(browser, log);
    const attendee = await attendeeContext.newPage();
    const moderator = await moderatorContext.newPage();
    await logIn(attendee, server.url, 'attendee1@silks.example');
    await logIn(moderator, server.url, 'moderator@silks.example');
    await attendee.goto(sessionUrl(moderated));
    await moderator.goto(`${sessionUrl(moderated)}/moderate`);
    await attendee.waitForSelector('.conn-connected');
    await moderator.waitForSelector('.conn-connected');

    const text = 'How can partner think tanks share supply-chain data during the recovery?';
    await attendee.fill('.ask-form textarea', text);
    await attendee.click('.ask-form button[type=submit]');
    const own = attendee.locator('.question', { hasText: text });
    await own.locator('.badge-pending').waitFor();

    const queued = moderator.locator('.question.is-pending', { hasText: text });
    await queued.waitFor();
    await queued.locator('button[data-action=approve]').click();
    await attendee.locator('.question.is-visible', { hasText: text }).waitFor();
    await expect(
      attendee.locator('.question', { hasText: text }).locator('.badge-pending').count(),
    ).resolves.toBe(0);
    await expect(attendee.locator('.question', { hasText: text }).count()).resolves.toBe(1);

    await attendee.fill('.chat-form input', 'Greetings from Almaty');
    await attendee.press('.chat-form input', 'Enter');
    await moderator.locator('.chat-message', { hasText: 'Greetings from Almaty' }).waitFor();
    await moderator.fill('.chat-form input', 'Welcome, the panel starts shortly');
    await moderator.press('.chat-form input', 'Enter');
    await attendee.locator('.chat-message', { hasText: 'Welcome, the panel starts shortly' }).waitFor();
    await expect(
      attendee.locator('.chat-message', { hasText: 'Greetings from Almaty' }).count(),
    ).resolves.toBe(1);

    await attendee.screenshot({ path: '/tmp/plenary-browser-attendee.png', fullPage: true });
    await moderator.screenshot({ path: '/tmp/plenary-browser-moderator.png', fullPage: true });
    await attendeeContext.close();
    await moderatorContext.close();
  });

  it('should show the agenda on local dates and times in America/Los_Angeles', async () => {
    const context = await newLoggedContext(browser, log, { timezoneId: 'America/Los_Angeles' });
    const page = await context.newPage();
    await page.goto(`${server.url}/events/silks-2020`);
    await page.waitForSelector('.agenda-day');
    const expectedDates = [
      ...new Set(sessions.map((session) => localDate(session.startsAt, 'America/Los_Angeles'))),
    ].sort();
    const headingIds = await page
      .locator('.agenda-day h2')
      .evaluateAll((headings) => headings.map((heading) => heading.id));
    expect(headingIds).toEqual(expectedDates.map((date) => `day-${date}`));
    expect(expectedDates[0]).toBe('2020-09-28');
    await expect(page.locator('.agenda-day h2').first().textContent()).resolves.toContain(
      'Monday, September 28, 2020',
    );
    const first = [...sessions].sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0];
    const expectedTime = new Intl.DateTimeFormat('en', {
      timeZone: 'America/Los_Angeles',
      hour: 'numeric',
      minute: '2-digit',
    }).format(new Date(first.startsAt));
    const card = page.locator('.session-card', { hasText: first.title });
    await expect(card.locator('.session-time').textContent()).resolves.toContain(expectedTime);

    // The switch to the event's zone puts the same session on the event's own date.
    await page.locator('.zone-switch label').nth(1).click();
    await page.locator(`#day-${localDate(first.startsAt, 'Asia/Shanghai')}`).waitFor();
    await page.screenshot({ path: '/tmp/plenary-browser-agenda-la.png', fullPage: true });
    await context.close();
  });

  it('should render an XSS corpus in chat, questions and display names as text and run none of it', async () => {
    const context = await newLoggedContext(browser, log);
    const author = await context.newPage();
    const hostileName = `<img src=x onerror="window.__xss=1">Mallory`;
    await signUp(
      author,
      server.url,
      hostileName,
      `mallory-${Date.now()}@example.org`,
      'correct-horse-battery',
    );
    await expect(author.locator('.account-name').textContent()).resolves.toBe(hostileName);
    await author.goto(`${server.url}/events/silks-2020/register`);
    await author.fill('input[name=country]', XSS_CORPUS[0]);
    await author.fill('input[name=organisation]', XSS_CORPUS[1]);
    await author.click('form button[type=submit]');
    await author.locator('.registration-status.reg-confirmed').waitFor();

    await author.goto(sessionUrl(open));
    await author.waitForSelector('.conn-connected');
    for (const [index, payload] of XSS_CORPUS.entries()) {
      await author.fill('.chat-form input', payload);
      await author.press('.chat-form input', 'Enter');
      await author.locator('.chat-message').nth(index).waitFor();
      await author.fill('.ask-form textarea', payload);
      await author.click('.ask-form button[type=submit]');
      await author.locator('.question').nth(index).waitFor();
    }

    // A text the server refuses (a bidi override) is not posted and the author is told why.
    await author.fill('.chat-form input', '\u202eevil.exe');
    await author.press('.chat-form input', 'Enter');
    await author
      .locator('.chat-form .field-error span, .chat-form .field-error:not(:empty)')
      .first()
      .waitFor();
    await expect(author.locator('.chat-message').count()).resolves.toBe(XSS_CORPUS.length);

    const readerContext = await newLoggedContext(browser, log);
    const reader = await readerContext.newPage();
    await logIn(reader, server.url, 'attendee2@silks.example');
    await reader.goto(sessionUrl(open));
    await reader.waitForSelector('.conn-connected');
    for (const page of [author, reader]) {
      await page
        .locator('.chat-message')
        .nth(XSS_CORPUS.length - 1)
        .waitFor();
      const chat = await page.locator('.chat-text').allTextContents();
      const questions = await page.locator('.question-text').allTextContents();
      const authors = await page.locator('.chat-author').allTextContents();
      // The server may drop invisible format characters (bidi overrides, zero-width spaces); the rest must
      // come back as the very same text.
      for (const payload of XSS_CORPUS.map(visible)) {
        expect(chat.map(visible)).toContain(payload);
        expect(questions.map(visible)).toContain(payload);
      }
      expect(authors.some((name) => name.startsWith(hostileName))).toBe(true);
      await expect(
        page.locator('main img, main svg, main script, main iframe[srcdoc], .chat-log iframe').count(),
      ).resolves.toBe(0);
      await expect(
        page.evaluate(() => (globalThis as unknown as { __xss?: unknown }).__xss),
      ).resolves.toBeUndefined();
    }
    expect(log.dialogs).toEqual([]);
    await reader.screenshot({ path: '/tmp/plenary-browser-xss.png', fullPage: true });
    await context.close();
    await readerContext.close();
  });

  it('should give a zh-CN browser the Chinese interface', async () => {
    const context = await newLoggedContext(browser, log, { locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${server.url}/events/silks-2020`);
    await page.waitForSelector('.agenda-day');
    await expect(
      page.evaluate(
        () =>
          (globalThis as unknown as { document: { documentElement: { lang: string } } }).document
            .documentElement.lang,
      ),
    ).resolves.toBe('zh-CN');
    await expect(page.locator('#agenda-heading').textContent()).resolves.toBe('议程');
    await expect(page.locator('.site-nav').textContent()).resolves.toContain('活动');
    await expect(page.locator('.agenda-day h2').first().textContent()).resolves.toMatch(/2020年9月\d+日/);
    await page.screenshot({ path: '/tmp/plenary-browser-zh.png', fullPage: true });
    // The visible switch changes the language and remembers it.
    await page.selectOption('.lang-select', 'en');
    await page.locator('#agenda-heading', { hasText: 'Agenda' }).waitFor();
    await page.reload();
    await page.locator('#agenda-heading', { hasText: 'Agenda' }).waitFor();
    // Russian was not loaded yet: its catalogue is fetched on the switch, then the page re-renders in it.
    await page.selectOption('.lang-select', 'ru');
    await page.locator('#agenda-heading', { hasText: 'Программа' }).waitFor();
    await expect(page.locator('.site-nav').textContent()).resolves.toContain('Мероприятия');
    await context.close();
  });

  it('should have no serious or critical axe-core violations on the agenda, session, moderator and organizer pages', async () => {
    // addScriptTag injects inline script, which the page's CSP rightly refuses: only this context bypasses it.
    const context = await newLoggedContext(browser, emptyLog(), { bypassCSP: true });
    const page: Page = await context.newPage();
    const results: Record<string, unknown> = {};
    await page.goto(`${server.url}/events/silks-2020`);
    await page.waitForSelector('.agenda-day');
    results['agenda'] = await seriousAxeViolations(page);

    await logIn(page, server.url, 'moderator@silks.example');
    await page.goto(sessionUrl(moderated));
    await page.waitForSelector('.conn-connected');
    results['session'] = await seriousAxeViolations(page);
    await page.goto(`${sessionUrl(moderated)}/moderate`);
    await page.waitForSelector('.console-grid');
    results['moderator'] = await seriousAxeViolations(page);

    await page.click('.account button');
    await logIn(page, server.url, 'organizer@silks.example');
    await page.goto(`${server.url}/events/silks-2020/manage/sessions`);
    await page.waitForSelector('table');
    results['organizer'] = await seriousAxeViolations(page);
    await page.goto(`${server.url}/events/silks-2020/manage`);
    await page.waitForSelector('form');
    results['organizer-event'] = await seriousAxeViolations(page);

    expect(results).toEqual({ agenda: [], session: [], moderator: [], organizer: [], 'organizer-event': [] });
    await context.close();
  });

  it('should show schedule conflicts from the server inline in the organizer console', async () => {
    const context = await newLoggedContext(browser, log);
    const page = await context.newPage();
    await logIn(page, server.url, 'organizer@silks.example');
    await page.goto(`${server.url}/events/silks-2020/manage/sessions`);
    await page.waitForSelector('table');
    const target = [...sessions].sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0];
    await page.fill('input[name=title]', 'Clashing session');
    const local = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Asia/Shanghai',
      dateStyle: 'short',
      timeStyle: 'short',
    })
      .format(new Date(target.startsAt))
      .replace(' ', 'T');
    await page.fill('input[name=startsAt]', local);
    await page.fill(
      'input[name=endsAt]',
      local.replace(/T(\d{2})/, (_m, hour: string) => `T${String(Number(hour) + 1).padStart(2, '0')}`),
    );
    await page.selectOption('select[name=roomId]', { label: 'Main Stage' });
    await page.click('form.card button[type=submit]');
    const alert = page.locator('.conflict-list');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain(target.title);
    await page.screenshot({ path: '/tmp/plenary-browser-organizer.png', fullPage: true });
    await context.close();
  });

  it('should reconnect by itself after a server restart, rejoin and show every message exactly once', async () => {
    const first = await newLoggedContext(browser, log);
    const second = await newLoggedContext(browser, log);
    const a = await first.newPage();
    const b = await second.newPage();
    await logIn(a, server.url, 'attendee1@silks.example');
    await logIn(b, server.url, 'attendee2@silks.example');
    await a.goto(sessionUrl(open));
    await b.goto(sessionUrl(open));
    await a.waitForSelector('.conn-connected');
    await b.waitForSelector('.conn-connected');
    await b.fill('.chat-form input', 'Before the restart');
    await b.press('.chat-form input', 'Enter');
    await a.locator('.chat-message', { hasText: 'Before the restart' }).waitFor();

    await server.restart();
    await a.locator('.conn-connected').waitFor();
    await b.locator('.conn-connected').waitFor();
    await b.fill('.chat-form input', 'After the restart');
    await b.press('.chat-form input', 'Enter');
    await a.locator('.chat-message', { hasText: 'After the restart' }).waitFor();
    for (const page of [a, b]) {
      const texts = await page.locator('.chat-text').allTextContents();
      expect(texts.filter((text) => text === 'Before the restart')).toHaveLength(1);
      expect(texts.filter((text) => text === 'After the restart')).toHaveLength(1);
    }
    await first.close();
    await second.close();
  });

  it('should log no Content-Security-Policy violation and no script error', () => {
    expect(log.cspViolations).toEqual([]);
    expect(log.errors).toEqual([]);
  });
});
