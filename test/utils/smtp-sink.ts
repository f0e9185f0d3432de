import { AddressInfo } from 'node:net';

import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  kind: string;
  headers: ParsedMail['headers'];
  attachments: { filename: string; contentType: string; content: string }[];
}

/**
 * A real SMTP server on loopback (the `smtp-server` package): it receives what Plenary sends and parses each
 * message with `mailparser`. `stop()` closes it (Plenary's sends then fail until `start()` again).
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  private server: SMTPServer | null = null;
  port = 0;

  /** `delayMs`: how long each message takes to be accepted (to keep several senders busy at once). */
  constructor(private readonly options: { delayMs?: number } = {}) {}

  async start(port = 0): Promise<this> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then(async (mail) => {
            if (this.options.delayMs) {
              await new Promise((resolve) => setTimeout(resolve, this.options.delayMs));
            }
            this.received.push(toReceived(mail));
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((mail) => mail.to.toLowerCase().includes(address.toLowerCase()));
  }
}

function toReceived(mail: ParsedMail): ReceivedMail {
  const to = Array.isArray(mail.to) ? mail.to.map((a) => a.text).join(', ') : (mail.to?.text ?? '');
  return {
    messageId: mail.messageId ?? '',
    from: mail.from?.text ?? '',
    to,
    subject: mail.subject ?? '',
    text: mail.text ?? '',
    html: typeof mail.html === 'string' ? mail.html : '',
    kind: headerText(mail.headers.get('x-plenary-mail')),
    headers: mail.headers,
    attachments: mail.attachments.map((attachment) => ({
      filename: attachment.filename ?? '',
      contentType: attachment.contentType,
      content: attachment.content.toString('utf8'),
    })),
  };
}

function headerText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
