import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';

const ROOT = join(__dirname, '..', '..');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const DEMO_PASSWORD = 'plenary-demo-2020';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  url: string;
  /** Stops the process (SIGTERM, as a deploy does) and starts it again on the same port and database. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the built server (`npm run build` first) on a free port with a fresh SQLite file and the demo event.
 * `env` adds to or overrides its environment (an SMTP server of the test's own, say).
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const main = join(ROOT, 'dist', 'src', 'main.js');
  if (!existsSync(main) || !existsSync(join(ROOT, 'client', 'dist', 'index.html'))) {
    throw new Error('Build first: npm run build (npm run test:browser does it)');
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'plenary-browser-'));
  const url = `http://127.0.0.1:${port}`;
  let child = await spawnServer(main, port, dir, url, env);
  const stopChild = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
      await exited;
      clearTimeout(timer);
    }
  };
  return {
    url,
    restart: async () => {
      await stopChild();
      child = await spawnServer(main, port, dir, url, env);
    },
    stop: async () => {
      await stopChild();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function spawnServer(
  main: string,
  port: number,
  dir: string,
  url: string,
  env: Record<string, string>,
): Promise<ChildProcess> {
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [main], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join(dir, 'plenary.sqlite')}`,
      SEED_DEMO: 'true',
      // Tests post many messages from one account in seconds; limits have their own tests.
      RATE_LIMITS: 'off',
      NODE_ENV: 'test',
      // Links in mails lead back to this server.
      PUBLIC_URL: url,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 60000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`The server exited early:\n${output}`);
    }
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) {
        return child;
      }
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The server did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

/** Every console message, page error, dialog and CSP violation a page produced. */
export interface PageLog {
  console: string[];
  errors: string[];
  dialogs: string[];
  cspViolations: string[];
}

export async function newLoggedContext(
  browser: Browser,
  log: PageLog,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
    ...options,
  });
  context.on('page', (page) => watch(page, log));
  return context;
}

export function watch(page: Page, log: PageLog): void {
  page.on('console', (message) => {
    const text = message.text();
    log.console.push(`${message.type()}: ${text}`);
    if (/Content Security Policy/i.test(text)) {
      log.cspViolations.push(text);
    }
  });
  page.on('pageerror', (error) => log.errors.push(error.message));
  page.on('dialog', (dialog) => {
    log.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
}

export function emptyLog(): PageLog {
  return { console: [], errors: [], dialogs: [], cspViolations: [] };
}

export async function logIn(
  page: Page,
  baseUrl: string,
  email: string,
  password = DEMO_PASSWORD,
): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await page.click('form button[type=submit]');
  await page.waitForSelector('.account-name');
}

export async function signUp(
  page: Page,
  baseUrl: string,
  name: string,
  email: string,
  password: string,
): Promise<void> {
  await page.goto(`${baseUrl}/signup`);
  await page.fill('input[name=name]', name);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await page.click('form button[type=submit]');
  await page.waitForSelector('.account-name');
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; html: string }[];
}

/** Runs axe-core (WCAG 2.1 A/AA rules) and returns the serious and critical violations. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    // The root tsconfig has no DOM lib: reach the page's globals through globalThis.
    const page = globalThis as unknown as {
      document: unknown;
      axe: { run: (context: unknown, options: object) => Promise<{ violations: AxeViolation[] }> };
    };
    const result = await page.axe.run(page.document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes
        .slice(0, 3)
        .map((node) => ({ target: node.target, html: node.html.slice(0, 200) })),
    }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}
