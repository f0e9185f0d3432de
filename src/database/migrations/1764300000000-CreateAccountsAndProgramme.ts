import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

import { bool, idPk, idRef, int, text, utc, varchar } from '../migration-columns';

const fk = (column: string, table: string, onDelete: 'CASCADE' | 'SET NULL' | 'RESTRICT'): TableForeignKey =>
  new TableForeignKey({
    columnNames: [column],
    referencedTableName: table,
    referencedColumnNames: ['id'],
    onDelete,
  });

export class CreateAccountsAndProgramme1764300000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          idPk(),
          varchar('email', 254),
          { ...varchar('emailKey', 254), isUnique: true },
          varchar('name', 120),
          varchar('passwordHash', 255),
          utc('createdAt'),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'events',
        columns: [
          idPk(),
          { ...varchar('slug', 64), isUnique: true },
          varchar('title', 200),
          text('description'),
          varchar('timezone', 64),
          varchar('startsOn', 10),
          varchar('endsOn', 10),
          text('languages', false),
          varchar('status', 16),
          utc('publishedAt', true),
          int('registrationCapacity'),
          bool('registrationRequiresApproval', false),
          text('registrationFields', false),
          idRef('createdById', true),
          utc('createdAt'),
          utc('updatedAt'),
        ],
        foreignKeys: [fk('createdById', 'users', 'SET NULL')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'event_staff',
        columns: [
          { ...idRef('eventId'), isPrimary: true },
          { ...idRef('userId'), isPrimary: true },
          varchar('role', 16),
          utc('createdAt'),
        ],
        foreignKeys: [fk('eventId', 'events', 'CASCADE'), fk('userId', 'users', 'CASCADE')],
        indices: [new TableIndex({ columnNames: ['userId'] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'organizations',
        columns: [
          idPk(),
          varchar('name', 200),
          { ...varchar('nameKey', 200), isUnique: true },
          varchar('shortName', 40, true),
          varchar('country', 80, true),
          varchar('url', 500, true),
          utc('createdAt'),
          utc('updatedAt'),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'rooms',
        columns: [
          idPk(),
          idRef('eventId'),
          varchar('name', 120),
          int('capacity'),
          varchar('streamUrl', 500, true),
          int('position', false, 0),
          utc('createdAt'),
        ],
        foreignKeys: [fk('eventId', 'events', 'CASCADE')],
        indices: [new TableIndex({ columnNames: ['eventId'] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'tracks',
        columns: [idPk(), idRef('eventId'), varchar('name', 120), varchar('color', 7), utc('createdAt')],
        foreignKeys: [fk('eventId', 'events', 'CASCADE')],
        indices: [new TableIndex({ columnNames: ['eventId'] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'speakers',
        columns: [
          idPk(),
          idRef('eventId'),
          varchar('name', 120),
          varchar('position', 300, true),
          idRef('organizationId', true),
          text('bio'),
          varchar('photoUrl', 500, true),
          varchar('email', 254, true),
          idRef('userId', true),
          utc('createdAt'),
          utc('updatedAt'),
        ],
        foreignKeys: [
          fk('eventId', 'events', 'CASCADE'),
          fk('organizationId', 'organizations', 'SET NULL'),
          fk('userId', 'users', 'SET NULL'),
        ],
        indices: [new TableIndex({ columnNames: ['eventId'] }), new TableIndex({ columnNames: ['userId'] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'agenda_sessions',
        columns: [
          idPk(),
          idRef('eventId'),
          varchar('title', 300),
          text('abstract'),
          varchar('kind', 16),
          utc('startsAt'),
          utc('endsAt'),
          idRef('roomId', true),
          idRef('trackId', true),
          varchar('language', 16, true),
          int('capacity'),
          bool('qaEnabled', true),
          bool('qaModerated', false),
          bool('chatEnabled', true),
          varchar('status', 16, false, 'scheduled'),
          varchar('liveStatus', 16, false, 'upcoming'),
          bool('qaOpen', true),
          int('sequence', false, 0),
          utc('createdAt'),
          utc('updatedAt'),
        ],
        foreignKeys: [
          fk('eventId', 'events', 'CASCADE'),
          fk('roomId', 'rooms', 'RESTRICT'),
          fk('trackId', 'tracks', 'SET NULL'),
        ],
        indices: [
          new TableIndex({ columnNames: ['eventId', 'startsAt'] }),
          new TableIndex({ columnNames: ['roomId'] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'session_participants',
        columns: [
          { ...idRef('sessionId'), isPrimary: true },
          { ...idRef('speakerId'), isPrimary: true },
          varchar('role', 16),
          int('position', false, 0),
        ],
        foreignKeys: [fk('sessionId', 'agenda_sessions', 'CASCADE'), fk('speakerId', 'speakers', 'CASCADE')],
        indices: [new TableIndex({ columnNames: ['speakerId'] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'programme_changes',
        columns: [
          idPk(),
          idRef('eventId'),
          idRef('sessionId', true),
          varchar('kind', 16),
          varchar('summary', 500),
          text('before'),
          text('after'),
          idRef('actorId', true),
          utc('createdAt'),
        ],
        foreignKeys: [fk('eventId', 'events', 'CASCADE')],
        indices: [new TableIndex({ columnNames: ['eventId', 'createdAt'] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'audit_entries',
        columns: [
          idPk(),
          idRef('eventId', true),
          idRef('actorId', true),
          varchar('action', 64),
          varchar('targetType', 32, true),
          varchar('targetId', 64, true),
          text('details'),
          utc('createdAt'),
        ],
        foreignKeys: [fk('eventId', 'events', 'CASCADE')],
        indices: [new TableIndex({ columnNames: ['eventId', 'createdAt'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'audit_entries',
      'programme_changes',
      'session_participants',
      'agenda_sessions',
      'speakers',
      'tracks',
      'rooms',
      'organizations',
      'event_staff',
      'events',
      'users',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
