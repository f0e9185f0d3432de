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
  qa: { enabled: boolean };
}

describe('browser client: polls and reactions', () => {
  let server: RunningServer;
  let browser: Browser;
  let session: ApiSession;
  const log: PageLog = emptyLog();

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const answer = (await (await fetch(`${server.url}/api/events/silks-2020/sessions`)).json()) as {
      items: ApiSession[];
    };
    session = answer.items.find((item) => item.kind !== 'break' && item.qa.enabled)!;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const sessionUrl = () => `${server.url}/events/silks-2020/sessions/${session.id}`;

  const openPollsTab = async (moderator: Page) => {
    await moderator.goto(`${sessionUrl()}/moderate`);
    await moderator.waitForSelector('.conn-connected');
    await moderator.getByRole('tab', { name: 'Polls' }).click();
    await moderator.waitForSelector('.poll-draft-form');
  };

  it('should let a moderator prepare and launch a poll that an attendee answers, both seeing the results live', async () => {
    const attendeeContext = await newLoggedContext(browser, log);
    const moderatorContext = await newLoggedContext(browser, log);
    const attendee = await attendeeContext.newPage();
    const moderator = await moderatorContext.newPage();
    await logIn(attendee, server.url, 'attendee1@silks.example');
    await logIn(moderator, server.url, 'moderator@silks.example');
    await openPollsTab(moderator);
    await attendee.goto(sessionUrl());
    await attendee.waitForSelector('.conn-connected');

    const question = 'Which corridor should the network study next year?';
    await moderator.getByLabel('Question', { exact: true }).fill('Which corridor next?');
    await moderator.getByLabel('Kind', { exact: true }).selectOption('single');
    await moderator.getByLabel('Answers, one per line (2 to 10)').fill('Central Asia\nSouth Caucasus');
    await moderator.click('.poll-draft-form button[type=submit]');
    // The draft is changed before launch: the form takes it back, saving replaces it.
    await moderator
      .locator('.poll-admin', { hasText: 'Which corridor next?' })
      .getByRole('button', { name: 'Edit draft' })
      .click();
    await moderator.getByRole('heading', { name: 'Edit the draft' }).waitFor();
    await moderator.getByLabel('Question', { exact: true }).fill(question);
    await moderator
      .getByLabel('Answers, one per line (2 to 10)')
      .fill('Central Asia\nSouth Caucasus\nBalkans');
    await moderator.click('.poll-draft-form button[type=submit]');
    const draft = moderator.locator('.poll-admin', { hasText: question });
    await draft.locator('.badge', { hasText: 'Draft' }).waitFor();
    await expect(moderator.locator('.poll-admin', { hasText: 'Which corridor next?' }).count()).resolves.toBe(
      0,
    );
    // A draft is the moderators' own: the attendee's page shows no poll yet.
    await expect(attendee.locator('.poll-panel:not([hidden])').count()).resolves.toBe(0);

    await draft.getByRole('button', { name: 'Launch' }).click();
    const panel = attendee.getByRole('region', { name: 'Live poll' });
    await panel.getByRole('group', { name: question }).waitFor();
    await expect(panel.getByText('Results are shown after you vote.').count()).resolves.toBe(1);

    // By keyboard: focus the second answer, choose it, submit.
    await panel.getByLabel('South Caucasus').focus();
    await attendee.keyboard.press('Space');
    await panel.getByRole('button', { name: 'Vote' }).press('Enter');
    await panel.getByText('South Caucasus: 1 vote (100%)').waitFor();
    await moderator
      .locator('.poll-admin', { hasText: question })
      .getByText('South Caucasus: 1 vote (100%)')
      .waitFor();

    // A reaction floats over the stage on the attendee's page.
    await attendee.getByRole('button', { name: 'React with applause' }).click();
    await attendee.locator('.reaction-layer .reaction-float').first().waitFor({ state: 'attached' });

    await moderator
      .locator('.poll-admin', { hasText: question })
      .getByRole('button', { name: 'Close' })
      .click();
    await panel.locator('.badge', { hasText: 'Closed' }).waitFor();
    await expect(panel.getByText('South Caucasus: 1 vote (100%)').count()).resolves.toBe(1);

    await attendee.screenshot({ path: '/tmp/plenary-browser-poll-attendee.png', fullPage: true });
    await moderator.screenshot({ path: '/tmp/plenary-browser-poll-moderator.png', fullPage: true });
    await attendeeContext.close();
    await moderatorContext.close();
  });

  it('should have no serious or critical axe-core violations with a poll open, on both pages', async () => {
    const context = await newLoggedContext(browser, emptyLog(), { bypassCSP: true });
    const page: Page = await context.newPage();
    await logIn(page, server.url, 'moderator@silks.example');
    await openPollsTab(page);
    await page.getByLabel('Question', { exact: true }).fill('How do you rate the session?');
    await page.getByLabel('Kind', { exact: true }).selectOption('rating');
    await page.getByLabel('Who sees results').selectOption('live');
    await page.click('.poll-draft-form button[type=submit]');
    await page
      .locator('.poll-admin', { hasText: 'How do you rate' })
      .getByRole('button', { name: 'Launch' })
      .click();
    await page.locator('.poll-admin .badge', { hasText: 'Open poll' }).waitFor();
    const results: Record<string, unknown> = { moderatorPolls: await seriousAxeViolations(page) };

    await page.goto(sessionUrl());
    await page.getByRole('region', { name: 'Live poll' }).getByRole('group').waitFor();
    results['sessionWithPoll'] = await seriousAxeViolations(page);
    expect(results).toEqual({ moderatorPolls: [], sessionWithPoll: [] });
    await context.close();
  });

  it('should log no Content-Security-Policy violation and no script error', () => {
    expect(log.cspViolations).toEqual([]);
    expect(log.errors).toEqual([]);
  });
});
