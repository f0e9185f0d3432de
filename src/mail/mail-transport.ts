import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import nodemailer, { Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';

import { logger } from '../common/logging/json-logger';
import type { MailConfig } from '../config/app-config';

/** Sends one composed mail, or throws (the worker retries later). */
export interface MailTransport {
  send(message: Mail.Options & { messageId: string }): Promise<void>;
  close(): void;
}

/**
 * SMTP through nodemailer when SMTP_URL is set. It connects on the first send, never at start, so Plenary
 * starts while the mail server is unreachable; short timeouts keep a dead server from stalling the worker.
 */
export function createMailTransport(config: MailConfig): MailTransport {
  if (config.smtpUrl) {
    const smtp: Transporter = nodemailer.createTransport({
      url: config.smtpUrl,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    } as Parameters<typeof nodemailer.createTransport>[0]);
    return {
      async send(message) {
        await smtp.sendMail(message);
      },
      close: () => smtp.close(),
    };
  }
  return new EmlFileTransport(config.outboxDir);
}

/**
 * Without SMTP_URL: each mail becomes `<outbox>/<Message-ID>.eml` (written to a temporary name, then
 * renamed, so a crash never leaves half a file and a second send replaces the first).
 */
class EmlFileTransport implements MailTransport {
  private readonly composer = nodemailer.createTransport({ streamTransport: true, buffer: true });

  constructor(private readonly folder: string) {}

  async send(message: Mail.Options & { messageId: string }): Promise<void> {
    const info = (await this.composer.sendMail(message)) as { message: Buffer };
    await mkdir(this.folder, { recursive: true });
    const name = message.messageId.replace(/[<>]/g, '').replace(/[^A-Za-z0-9@._-]/g, '_');
    const file = join(this.folder, `${name}.eml`);
    await writeFile(`${file}.tmp`, info.message);
    await rename(`${file}.tmp`, file);
    logger.info('mail written to the outbox folder', { file, to: message.to, subject: message.subject });
  }

  close(): void {
    this.composer.close();
  }
}
