import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

import { bool, idPk, idRef, int, text, utc, varchar } from '../migration-columns';

const toUsers = (column = 'userId'): TableForeignKey =>
  new TableForeignKey({
    columnNames: [column],
    referencedTableName: 'users',
    referencedColumnNames: ['id'],
    onDelete: 'CASCADE',
  });

/**
 * Account settings and token revocation (one row per account, created on first need, so `users` itself is
 * not altered), single revoked tokens, password reset tokens (hashed) and the durable mail outbox.
 */
export class CreateAccountsAndMail1764400400000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'account_settings',
        columns: [
          { ...idRef('userId'), isPrimary: true },
          varchar('locale', 8, false, 'en'),
          varchar('timezone', 64, true),
          bool('reminders', true),
          int('tokenVersion', false, 0),
          int('authStamp', false, 0),
        ],
        foreignKeys: [toUsers()],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'revoked_tokens',
        columns: [idPk('tokenId'), idRef('userId'), utc('expiresAt')],
        foreignKeys: [toUsers()],
        indices: [new TableIndex({ columnNames: ['userId', 'expiresAt'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'password_resets',
        columns: [
          { ...varchar('tokenHash', 64), isPrimary: true },
          idRef('userId'),
          utc('expiresAt'),
          utc('usedAt', true),
          utc('createdAt'),
        ],
        foreignKeys: [toUsers()],
        indices: [new TableIndex({ columnNames: ['userId'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'mail_outbox',
        columns: [
          idPk(),
          varchar('kind', 32),
          idRef('userId'),
          text('params', false),
          varchar('dedupeKey', 200, true),
          varchar('status', 16),
          int('attempts', false, 0),
          utc('nextAttemptAt'),
          varchar('leaseOwner', 64, true),
          utc('leaseUntil', true),
          varchar('lastError', 500, true),
          utc('sentAt', true),
          utc('createdAt'),
        ],
        foreignKeys: [toUsers()],
        indices: [
          new TableIndex({ columnNames: ['status', 'nextAttemptAt'] }),
          new TableIndex({ columnNames: ['dedupeKey'], isUnique: true }),
          new TableIndex({ columnNames: ['userId'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['mail_outbox', 'password_resets', 'revoked_tokens', 'account_settings']) {
      await queryRunner.dropTable(table);
    }
  }
}
