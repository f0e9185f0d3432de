import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { logger } from '../common/logging/json-logger';
import { AppConfig, runsBackgroundJobs } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { queueMail } from '../mail/mail-queue';
import { DUE_SQL, DueReminder } from './session-reminders.queries';

/** Reminders go out this long before a session starts. */
export const REMINDER_LEAD_MS = 15 * 60_000;
const SCAN_MS = 30_000;

/**
 * Queues a reminder mail 15 minutes before each bookmarked or seated session starts. Every node scans; the
 * outbox's unique key (person, session, start time) keeps it to one mail, and a session that moves gets a
 * reminder for its new start.
 */
@Injectable()
export class SessionReminders implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // WORKERS > 1: one worker scans (src/config/app-config.ts, runsBackgroundJobs).
    if (!runsBackgroundJobs(this.config)) {
      return;
    }
    this.timer = setInterval(() => void this.queueDue(), SCAN_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) {
      clearInterval(this.timer);
    }
    await this.running;
  }

  /** Queues the reminders due now; returns how many rows it considered. */
  queueDue(now = Date.now()): Promise<number> {
    this.running ??= this.scan(now)
      .catch((error: unknown) => {
        logger.error('session reminders not queued', { error: (error as Error).message });
        return 0;
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async scan(now: number): Promise<number> {
    // Named parameters, written for SQLite or PostgreSQL by the driver.
    const [sql, parameters] = this.dataSource.driver.escapeQueryWithParameters(
      DUE_SQL('s."startsAt" > :now AND s."startsAt" <= :soon'),
      { now: new Date(now).toISOString(), soon: new Date(now + REMINDER_LEAD_MS).toISOString(), on: true },
    );
    const due = await this.dataSource.query<DueReminder[]>(sql, parameters);
    for (const row of due) {
      await this.dataSource.transaction((manager) =>
        queueMail(
          manager,
          'session-reminder',
          row.userId,
          {
            session: {
              eventSlug: row.eventSlug,
              eventTitle: row.eventTitle,
              eventTimezone: row.eventTimezone,
              sessionId: row.sessionId,
              title: row.title,
              startsAt: row.startsAt,
              endsAt: row.endsAt,
            },
          },
          { dedupeKey: `reminder:${row.userId}:${row.sessionId}:${row.startsAt}` },
        ),
      );
    }
    return due.length;
  }
}
