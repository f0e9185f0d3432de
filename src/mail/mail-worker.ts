import { randomBytes } from 'node:crypto';

import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';

import { AccountSettings } from '../auth/account-settings.entity';
import { User } from '../auth/user.entity';
import { logger } from '../common/logging/json-logger';
import { nowIso } from '../common/time/zoned-time';
import { AppConfig, runsBackgroundJobs } from '../config/app-config';
import { APP_CONFIG, JWT_SECRET } from '../config/config.module';
import { MailKind, MailParams, REGISTRATION_KINDS } from './mail-kinds';
import { MailOutboxEntry } from './mail-outbox.entity';
import { renderMail } from './mail-renderer';
import { createMailTransport, MailTransport } from './mail-transport';
import { unsubscribeToken } from './unsubscribe-token';

const POLL_MS = 1000;
const BATCH = 10;
const MAX_RETRY_DELAY_MS = 60 * 60_000;
/** About three days of retries at the capped delay, then the mail is given up (status `failed`). */
const MAX_ATTEMPTS = 80;

/** Exponential backoff: base, 2×base, 4×base, … capped at one hour. */
export function retryDelay(attempts: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), MAX_RETRY_DELAY_MS);
}

/**
 * Sends the outbox. Every node runs a worker; a worker claims a few due mails by writing its lease on them
 * (a conditional UPDATE, so two workers never hold one mail), sends them, and marks them sent. A worker
 * killed mid-send leaves its lease to run out, and the mail is sent again with the same Message-ID, which
 * receivers use to drop the copy. A failed send is retried with exponential backoff. Requests never wait
 * for any of this.
 */
@Injectable()
export class MailWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly owner = `mail.${randomBytes(6).toString('hex')}`;
  private readonly transport: MailTransport;
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JWT_SECRET) private readonly secret: string,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.transport = createMailTransport(config.mail);
  }

  onApplicationBootstrap(): void {
    // WORKERS > 1: one worker sends (the lease would keep two from sending one mail, but not from polling twice).
    if (!runsBackgroundJobs(this.config)) {
      return;
    }
    this.timer = setInterval(() => void this.drain(), POLL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) {
      clearInterval(this.timer);
    }
    await this.draining;
    this.transport.close();
  }

  /** Sends every due mail; concurrent calls share one run. */
  drain(): Promise<void> {
    this.draining ??= this.sendDue().finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  private async sendDue(): Promise<void> {
    try {
      for (
        let claimed = await this.claim();
        claimed.length > 0 && !this.stopped;
        claimed = await this.claim()
      ) {
        for (const entry of claimed) {
          await this.deliver(entry);
        }
      }
    } catch (error) {
      logger.error('mail worker failed', { error: (error as Error).message });
    }
  }

  private async claim(): Promise<MailOutboxEntry[]> {
    const repository = this.dataSource.getRepository(MailOutboxEntry);
    const now = nowIso();
    const due = await repository
      .createQueryBuilder('m')
      .select(['m.id'])
      .where('m.status = :queued', { queued: 'queued' })
      .andWhere('m.nextAttemptAt <= :now', { now })
      .andWhere('(m.leaseUntil IS NULL OR m.leaseUntil < :now)', { now })
      .orderBy('m.nextAttemptAt', 'ASC')
      .limit(BATCH)
      .getMany();
    const leaseUntil = new Date(Date.now() + this.config.mail.leaseMs).toISOString();
    const claimed: string[] = [];
    for (const { id } of due) {
      const result = await repository
        .createQueryBuilder()
        .update()
        .set({ leaseOwner: this.owner, leaseUntil, attempts: () => '"attempts" + 1' })
        .where('id = :id AND status = :queued AND ("leaseUntil" IS NULL OR "leaseUntil" < :now)', {
          id,
          queued: 'queued',
          now,
        })
        .execute();
      if (result.affected === 1) {
        claimed.push(id);
      }
    }
    return claimed.length > 0 ? repository.findBy({ id: In(claimed), leaseOwner: this.owner }) : [];
  }

  private async deliver(entry: MailOutboxEntry): Promise<void> {
    const repository = this.dataSource.getRepository(MailOutboxEntry);
    const mine = { id: entry.id, leaseOwner: this.owner };
    const user = await this.dataSource.getRepository(User).findOneBy({ id: entry.userId });
    const settings = await this.dataSource.getRepository(AccountSettings).findOneBy({ userId: entry.userId });
    const kind = entry.kind as MailKind;
    if (!user || (kind === 'session-reminder' && settings?.reminders === false)) {
      await repository.update(mine, { status: 'skipped', params: '{}', leaseOwner: null, leaseUntil: null });
      return;
    }
    try {
      const unsubscribeUrl =
        kind === 'session-reminder'
          ? `${this.config.mail.publicUrl}/api/mail/unsubscribe?token=${unsubscribeToken(this.secret, user.id)}`
          : undefined;
      const mail = renderMail(
        kind,
        JSON.parse(entry.params) as MailParams[MailKind],
        { name: user.name, locale: settings?.locale ?? 'en', timezone: settings?.timezone ?? null },
        { publicUrl: this.config.mail.publicUrl, unsubscribeUrl },
      );
      await this.transport.send({
        from: this.config.mail.from,
        to: { name: user.name, address: user.email },
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: `<${entry.id}@plenary>`,
        headers: {
          'X-Plenary-Mail': kind,
          ...(unsubscribeUrl
            ? {
                'List-Unsubscribe': `<${unsubscribeUrl}>`,
                'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
              }
            : {}),
        },
        attachments: REGISTRATION_KINDS.has(kind) ? mail.attachments : [],
      });
      await repository.update(mine, {
        status: 'sent',
        sentAt: nowIso(),
        params: '{}',
        lastError: null,
        leaseOwner: null,
        leaseUntil: null,
      });
    } catch (error) {
      const message = (error as Error).message.slice(0, 500);
      const failed = entry.attempts >= MAX_ATTEMPTS;
      logger.warn(failed ? 'mail given up' : 'mail not sent; retrying later', {
        mailId: entry.id,
        kind,
        attempts: entry.attempts,
        error: message,
      });
      await repository.update(mine, {
        status: failed ? 'failed' : 'queued',
        lastError: message,
        nextAttemptAt: new Date(
          Date.now() + retryDelay(entry.attempts, this.config.mail.retryBaseMs),
        ).toISOString(),
        leaseOwner: null,
        leaseUntil: null,
      });
    }
  }
}
