import { readFileSync } from 'node:fs';

import type { Browser, BrowserContext, Page } from 'playwright-core';

import { SmtpSink } from '../utils/smtp-sink';
import {
  emptyLog,
  launchBrowser,
  logIn,
  newLoggedContext,
  seriousAxeViolations,
  signUp,
  startServer,
  type AxeViolation,
  type RunningServer,
} from './browser-harness';

const FIRST_PASSWORD = 'first password 2030';
const NEW_PASSWORD = 'second password 2030';

/**
 * The account pages as a person uses them, with the keyboard where a form is filled: real log-out, forgot
 * password → the mail at a real SMTP server → the reset page → log in with the new password, the profile
 * settings, the export download and the deletion with its confirmation. axe finds nothing serious on any page.
 */
describe('account pages in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let sink: SmtpSink;
  const log = emptyLog();
  const axe: Record<string, AxeViolation[]> = {};
  const email = `browser-${Date.now()}@example.test`;

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    server = await startServer({ SMTP_URL: sink.url, MAIL_RETRY_BASE_MS: '200' });
    browser = await launchBrowser();
    // addScriptTag (axe) injects inline script, which the page's CSP rightly refuses: only this context bypasses it.
    context = await newLoggedContext(browser, log, { bypassCSP: true, acceptDownloads: true });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await sink?.stop();
  });

  const storedToken = (): Promise<string | null> =>
    page.evaluate(() =>
      (
        globalThis as unknown as { localStorage: { getItem(key: string): string | null } }
      ).localStorage.getItem('plenary.token'),
    );
  const statusOf = async (token: string | null): Promise<number> =>
    (await fetch(`${server.url}/api/me`, { headers: { Authorization: `Bearer ${token}` } })).status;
  const me = async (token: string | null): Promise<Record<string, unknown>> =>
    (await (
      await fetch(`${server.url}/api/me`, { headers: { Authorization: `Bearer ${token}` } })
    ).json()) as Record<string, unknown>;
  const focusedName = (): Promise<string | null> =>
    page.evaluate(() =>
      (
        globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } } }
      ).document.activeElement.getAttribute('name'),
    );

  it('should log out on the server: the old token is refused afterwards', async () => {
    await signUp(page, server.url, 'Browser Person', email, FIRST_PASSWORD);
    const token = await storedToken();
    expect(await statusOf(token)).toBe(200);

    const logout = page.waitForRequest(
      (request) => request.method() === 'POST' && request.url().endsWith('/api/auth/logout'),
    );
    await page.getByRole('button', { name: 'Log out', exact: true }).click();
    await logout;
    await page.waitForSelector('a[href^="/login"]');
    expect(await storedToken()).toBeNull();
    expect(await statusOf(token)).toBe(401);
  });

  it('should reset a forgotten password with the mailed link, by keyboard, and log in with the new one', async () => {
    await page.goto(`${server.url}/login`);
    await page.getByRole('link', { name: 'Forgot password?' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/forgot-password$/);
    await page.waitForSelector('input[name=email]');
    axe['forgot-password'] = await seriousAxeViolations(page);

    await page.focus('input[name=email]');
    await page.keyboard.type(email);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'a mail with a reset link is on its way' }).waitFor();

    await waitUntil('the reset mail', () => sink.to(email).some((mail) => mail.kind === 'password-reset'));
    const mail = sink.to(email).find((m) => m.kind === 'password-reset')!;
    expect(sink.to(email).filter((m) => m.kind === 'password-reset')).toHaveLength(1);
    const link = new RegExp(`${escape(server.url)}/reset-password\\?token=[A-Za-z0-9_-]+`).exec(
      mail.text,
    )?.[0];
    expect(link).toBeDefined();

    await page.goto(link!);
    await page.waitForSelector('input[name=password]');
    axe['reset-password'] = await seriousAxeViolations(page);
    await page.focus('input[name=password]');
    await page.keyboard.type(NEW_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/account$/);
    await page.waitForSelector('form[aria-labelledby=account-settings]');

    await page.getByRole('button', { name: 'Log out', exact: true }).click();
    await page.waitForSelector('a[href^="/login"]');
    // The old password no longer works; the new one does.
    const refused = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password: FIRST_PASSWORD }),
    });
    expect(refused.status).toBe(401);
    await logIn(page, server.url, email, NEW_PASSWORD);
  });

  it('should save name, language, time zone and reminders on the profile page, by keyboard', async () => {
    await page.goto(`${server.url}/account`);
    const settings = page.locator('form[aria-labelledby=account-settings]');
    await settings.waitFor();
    axe['account'] = await seriousAxeViolations(page);

    await page.focus('input[name=name]');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('Renamed Person');
    // Tab walks the form in order: name → language → time zone → reminders.
    await page.keyboard.press('Tab');
    expect(await focusedName()).toBe('locale');
    await settings.locator('select[name=locale]').selectOption('ru');
    await page.keyboard.press('Tab');
    expect(await focusedName()).toBe('timezone');
    await settings.locator('select[name=timezone]').selectOption('Asia/Shanghai');
    await page.keyboard.press('Tab');
    expect(await focusedName()).toBe('reminders');
    await page.keyboard.press('Space');
    await page.focus('input[name=name]');
    await page.keyboard.press('Enter');
    await settings.getByRole('status').filter({ hasText: 'Your settings were saved.' }).waitFor();

    expect(await me(await storedToken())).toMatchObject({
      name: 'Renamed Person',
      locale: 'ru',
      timezone: 'Asia/Shanghai',
      reminders: false,
    });
    await page.reload();
    await settings.waitFor();
    expect(await settings.locator('input[name=name]').inputValue()).toBe('Renamed Person');
    expect(await settings.locator('select[name=locale]').inputValue()).toBe('ru');
    expect(await settings.locator('select[name=timezone]').inputValue()).toBe('Asia/Shanghai');
    expect(await settings.locator('input[name=reminders]').isChecked()).toBe(false);
  });

  it('should download the export as JSON', async () => {
    await page.goto(`${server.url}/account`);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download my data' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('plenary-account.json');
    const exported = JSON.parse(readFileSync(await file.path(), 'utf8')) as {
      account: Record<string, unknown>;
      records: Record<string, unknown[]>;
    };
    expect(exported.account).toMatchObject({ email, name: 'Renamed Person', locale: 'ru' });
    expect(exported.records.mail_outbox).toEqual([expect.objectContaining({ kind: 'password-reset' })]);
    expect(JSON.stringify(exported)).not.toContain('passwordHash');
  });

  it('should delete the account only once confirmed, then refuse its token and its password', async () => {
    await page.goto(`${server.url}/account`);
    const danger = page.locator('form[aria-labelledby=account-delete]');
    await danger.waitFor();
    const token = await storedToken();

    await danger.locator('input[name=password]').focus();
    await page.keyboard.type(NEW_PASSWORD);
    await page.keyboard.press('Enter');
    await danger.getByRole('alert').filter({ hasText: 'Tick the box to confirm the deletion.' }).waitFor();
    // Not confirmed: nothing was deleted, and the focus went to the box to tick.
    expect(await statusOf(token)).toBe(200);
    expect(await focusedName()).toBe('confirm');
    await page.keyboard.press('Space');
    await page.keyboard.press('Shift+Tab');
    expect(await focusedName()).toBe('password');
    await page.keyboard.press('Enter');

    await page.waitForURL(`${server.url}/`);
    await page.waitForSelector('a[href^="/login"]');
    expect(await storedToken()).toBeNull();
    expect(await statusOf(token)).toBe(401);
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password: NEW_PASSWORD }),
    });
    expect(login.status).toBe(401);
  });

  it('should have found nothing serious with axe and no page errors', () => {
    expect(Object.keys(axe).sort()).toEqual(['account', 'forgot-password', 'reset-password']);
    expect(axe).toEqual({ account: [], 'forgot-password': [], 'reset-password': [] });
    expect(log.errors).toEqual([]);
    expect(log.cspViolations).toEqual([]);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function waitUntil(what: string, probe: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 80; attempt += 1) {
    if (probe()) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`never happened: ${what}`);
}
