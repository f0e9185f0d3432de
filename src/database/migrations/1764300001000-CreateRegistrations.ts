import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

import { bool, idPk, idRef, int, text, utc, varchar } from '../migration-columns';

const fk = (column: string, table: string, onDelete: 'CASCADE' | 'SET NULL'): TableForeignKey =>
  new TableForeignKey({
    columnNames: [column],
    referencedTableName: table,
    referencedColumnNames: ['id'],
    onDelete,
  });

/** Event registrations, session seats, bookmarks, personal calendar feeds and change notices. */
export class CreateRegistrations1764300001000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'registrations',
        columns: [
          idPk(),
          idRef('eventId'),
          idRef('userId'),
          varchar('status', 16),
          text('answers', false),
          int('queueNumber', false),
          utc('createdAt'),
          utc('updatedAt'),
        ],
        foreignKeys: [fk('eventId', 'events', 'CASCADE'), fk('userId', 'users', 'CASCADE')],
        indices: [
          new TableIndex({ columnNames: ['eventId', 'userId'], isUnique: true }),
          new TableIndex({ columnNames: ['eventId', 'status'] }),
          new TableIndex({ columnNames: ['userId'] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'registration_policies',
        columns: [{ ...idRef('eventId'), isPrimary: true }, bool('isOpen', true), utc('updatedAt')],
        foreignKeys: [fk('eventId', 'events', 'CASCADE')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'session_seats',
        columns: [
          idPk(),
          idRef('eventId'),
          idRef('sessionId'),
          idRef('userId'),
          varchar('status', 16),
          int('queueNumber', false),
          utc('createdAt'),
          utc('updatedAt'),
        ],
        foreignKeys: [
          fk('eventId', 'events', 'CASCADE'),
          fk('sessionId', 'agenda_sessions', 'CASCADE'),
          fk('userId', 'users', 'CASCADE'),
        ],
        indices: [
          new TableIndex({ columnNames: ['sessionId', 'userId'], isUnique: true }),
          new TableIndex({ columnNames: ['sessionId', 'status'] }),
          new TableIndex({ columnNames: ['userId'] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'session_bookmarks',
        columns: [
          { ...idRef('userId'), isPrimary: true },
          { ...idRef('sessionId'), isPrimary: true },
          idRef('eventId'),
          utc('createdAt'),
        ],
        foreignKeys: [
          fk('userId', 'users', 'CASCADE'),
          fk('sessionId', 'agenda_sessions', 'CASCADE'),
          fk('eventId', 'events', 'CASCADE'),
        ],
        indices: [new TableIndex({ columnNames: ['sessionId'] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'calendar_feeds',
        columns: [
          { ...idRef('userId'), isPrimary: true },
          varchar('nonce', 64),
          { ...varchar('tokenHash', 64), isUnique: true },
          utc('createdAt'),
        ],
        foreignKeys: [fk('userId', 'users', 'CASCADE')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'notifications',
        columns: [
          idPk(),
          idRef('userId'),
          idRef('eventId'),
          idRef('sessionId', true),
          varchar('sessionTitle', 300),
          varchar('kind', 16),
          varchar('summary', 500),
          utc('readAt', true),
          utc('createdAt'),
        ],
        foreignKeys: [
          fk('userId', 'users', 'CASCADE'),
          fk('eventId', 'events', 'CASCADE'),
          fk('sessionId', 'agenda_sessions', 'SET NULL'),
        ],
        indices: [new TableIndex({ columnNames: ['userId', 'createdAt'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'notifications',
      'calendar_feeds',
      'session_bookmarks',
      'session_seats',
      'registration_policies',
      'registrations',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
