import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { nowIso } from '../common/time/zoned-time';
import { AccountExportDto } from './dto/account.dto';
import { ProfileService } from './profile.service';

/**
 * Every table that holds records about an account, with the column naming it. Secrets (password hash, the
 * calendar feed's key, reset token hashes, a queued reset link) are left out: they describe nothing about
 * the person and would only help an attacker who gets hold of the file. A feature that stores personal
 * data in a new table adds a line here (and to the deletion, which the foreign keys mostly handle).
 */
const PERSONAL_TABLES: { table: string; column: string; omit?: string[] }[] = [
  { table: 'event_staff', column: 'userId' },
  { table: 'registrations', column: 'userId' },
  { table: 'session_seats', column: 'userId' },
  { table: 'session_bookmarks', column: 'userId' },
  { table: 'calendar_feeds', column: 'userId', omit: ['nonce', 'tokenHash'] },
  { table: 'notifications', column: 'userId' },
  { table: 'speakers', column: 'userId' },
  { table: 'chat_messages', column: 'authorId' },
  { table: 'questions', column: 'authorId' },
  { table: 'question_votes', column: 'userId' },
  { table: 'live_mutes', column: 'userId' },
  { table: 'event_bans', column: 'userId' },
  { table: 'audit_entries', column: 'actorId' },
  { table: 'revoked_tokens', column: 'userId' },
  { table: 'password_resets', column: 'userId', omit: ['tokenHash'] },
  { table: 'mail_outbox', column: 'userId', omit: ['params', 'leaseOwner', 'leaseUntil', 'dedupeKey'] },
  { table: 'poll_votes', column: 'userId', omit: ['clientIds'] },
  { table: 'attendance_visits', column: 'userId', omit: ['node'] },
  { table: 'certificates', column: 'userId' },
  { table: 'declaration_endorsements', column: 'endorserId', omit: ['activeOrganizationId'] },
];

/** `GET /me/export`: what Plenary stores about the caller, as JSON. */
@Injectable()
export class AccountExportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly profiles: ProfileService,
  ) {}

  async export(userId: string): Promise<AccountExportDto> {
    const profile = await this.profiles.get(userId);
    const [user] = await this.rows('users', 'id', userId, ['passwordHash', 'emailKey']);
    const records: Record<string, Record<string, unknown>[]> = {};
    for (const { table, column, omit } of PERSONAL_TABLES) {
      records[table] = await this.rows(table, column, userId, omit ?? []);
    }
    return {
      exportedAt: nowIso(),
      account: {
        ...user,
        locale: profile.locale,
        timezone: profile.timezone,
        reminders: profile.reminders,
        roles: profile.roles,
      },
      records,
    };
  }

  private async rows(
    table: string,
    column: string,
    userId: string,
    omit: string[],
  ): Promise<Record<string, unknown>[]> {
    const rows = await this.dataSource
      .createQueryBuilder()
      .select('*')
      .from(table, 't')
      .where(`t."${column}" = :userId`, { userId })
      .getRawMany<Record<string, unknown>>();
    return rows.map((row) =>
      Object.fromEntries(
        Object.entries(row)
          .filter(([key]) => !omit.includes(key))
          .map(([key, value]) => [key, parseJsonText(value)]),
      ),
    );
  }
}

/** Answers and details are stored as JSON text: exported as the JSON they are. */
function parseJsonText(value: unknown): unknown {
  if (typeof value === 'string' && /^[[{]/.test(value)) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  return value;
}
