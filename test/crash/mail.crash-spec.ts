import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

import { api, freePort, ServerProcess, sleep, startServer } from './server-process';

/**
 * `kill -9` while the outbox is being sent to a real (slow) SMTP server, twice: after the restarts every
 * registration's confirmation has arrived, no mail was lost, and the only repeat a crash can cause — the
 * one message the server had accepted when the sender died — carries the same Message-ID as the first
 * copy, so mail clients show it once. Every outbox row ends `sent`.
 */
const ATTENDEES = 24;
const CRASHES = 2;

interface Delivery {
  messageId: string;
  to: string;
  kind: string;
}

async function slowSmtp(port: number, deliveries: Delivery[]): Promise<SMTPServer> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData: (stream, _session, callback) => {
      simpleParser(stream)
        .then(async (mail) => {
          // Slow, so the kill lands while a mail is on the wire.
          await sleep(120);
          const to = Array.isArray(mail.to) ? mail.to[0].text : (mail.to?.text ?? '');
          const kind = mail.headers.get('x-plenary-mail');
          deliveries.push({
            messageId: mail.messageId ?? '',
            to,
            kind: typeof kind === 'string' ? kind : '',
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return server;
}

describe('Mail outbox under kill -9 (crash)', () => {
  let folder: string;
  let server: ServerProcess | null = null;
  let smtp: SMTPServer;
  const deliveries: Delivery[] = [];

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'plenary-mail-crash-'));
    smtp = await slowSmtp(await freePort(), deliveries);
  });
  afterAll(async () => {
    server?.child.kill('SIGKILL');
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    rmSync(folder, { recursive: true, force: true });
  });

  it('should lose no mail and send none twice under another Message-ID across crashes mid-send', async () => {
    const database = join(folder, 'plenary.sqlite');
    const smtpPort = (smtp.server.address() as { port: number }).port;
    const env = {
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_RETRY_BASE_MS: '200',
      MAIL_LEASE_MS: '2000',
    };
    server = await startServer(database, env);

    const organizer = await api<{ accessToken: string }>(server, 'POST', '/api/auth/register', {
      body: { email: 'organizer@example.test', password: 'correct horse battery', name: 'Organizer' },
    });
    const slug = `mail-crash-${Date.now().toString(36)}`;
    const today = new Date().toISOString().slice(0, 10);
    await api(server, 'POST', '/api/events', {
      token: organizer.accessToken,
      body: { slug, title: 'Crash Meeting', timezone: 'UTC', startsOn: today, endsOn: today },
    });
    await api(server, 'POST', `/api/events/${slug}/publish`, { token: organizer.accessToken });
    const emails: string[] = [];
    for (let i = 0; i < ATTENDEES; i += 1) {
      const email = `attendee-${i}@example.test`;
      const account = await api<{ accessToken: string }>(server, 'POST', '/api/auth/register', {
        body: { email, password: 'correct horse battery', name: `Attendee ${i}` },
      });
      await api(server, 'POST', `/api/events/${slug}/registrations`, {
        token: account.accessToken,
        body: {},
      });
      emails.push(email);
    }

    for (let crash = 0; crash < CRASHES; crash += 1) {
      const before = deliveries.length;
      // Kill as soon as the worker is sending again after the (re)start.
      for (let waited = 0; deliveries.length < before + 2 && waited < 600; waited += 1) {
        await sleep(25);
      }
      server.child.kill('SIGKILL');
      await server.exited;
      server = await startServer(database, env);
    }

    const distinct = (): number => new Set(deliveries.map((delivery) => delivery.messageId)).size;
    for (let waited = 0; distinct() < ATTENDEES && waited < 1200; waited += 1) {
      await sleep(50);
    }
    for (const email of emails) {
      const mine = deliveries.filter((delivery) => delivery.to.includes(email));
      expect(mine.map((delivery) => delivery.kind)).toContain('registration-confirmed');
      // A repeat (at most one per crash) is the same message: one Message-ID per recipient.
      expect(new Set(mine.map((delivery) => delivery.messageId)).size).toBe(1);
    }
    expect(distinct()).toBe(ATTENDEES);
    expect(deliveries.length).toBeLessThanOrEqual(ATTENDEES + CRASHES);

    server.child.kill('SIGTERM');
    await server.exited;
    server = null;
    const db = new Database(database, { readonly: true });
    try {
      const rows = db.prepare(`SELECT status, COUNT(*) AS n FROM mail_outbox GROUP BY status`).all();
      expect(rows).toEqual([{ status: 'sent', n: ATTENDEES }]);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  });
});
