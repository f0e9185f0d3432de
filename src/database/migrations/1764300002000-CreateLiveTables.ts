import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

import { bool, idPk, idRef, int, text, utc, varchar } from '../migration-columns';

const fk = (column: string, table: string, onDelete: 'CASCADE' | 'SET NULL'): TableForeignKey =>
  new TableForeignKey({
    columnNames: [column],
    referencedTableName: table,
    referencedColumnNames: ['id'],
    onDelete,
  });

/**
 * The live room: chat, questions, votes, the per-session change log that numbers every durable change
 * (`seq`, allocated from `session_live_state.lastSeq` in the transaction that writes the change), mutes and bans.
 */
export class CreateLiveTables1764300002000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'session_live_state',
        columns: [{ ...idRef('sessionId'), isPrimary: true }, int('lastSeq', false, 0)],
        foreignKeys: [fk('sessionId', 'agenda_sessions', 'CASCADE')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'chat_messages',
        columns: [
          idPk(),
          idRef('sessionId'),
          idRef('eventId'),
          idRef('authorId', true),
          varchar('authorName', 120),
          idRef('clientId'),
          int('seq', false),
          text('text', true),
          utc('deletedAt', true),
          idRef('deletedById', true),
          utc('createdAt'),
        ],
        foreignKeys: [fk('sessionId', 'agenda_sessions', 'CASCADE'), fk('authorId', 'users', 'SET NULL')],
        indices: [
          new TableIndex({ columnNames: ['sessionId', 'seq'], isUnique: true }),
          new TableIndex({ columnNames: ['authorId', 'clientId'], isUnique: true }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'questions',
        columns: [
          idPk(),
          idRef('sessionId'),
          idRef('eventId'),
          idRef('authorId', true),
          varchar('authorName', 120),
          idRef('clientId'),
          text('text', false),
          bool('anonymous', false),
          varchar('status', 16),
          bool('pinned', false),
          int('votes', false, 0),
          varchar('dismissReason', 500, true),
          int('seq', false),
          utc('approvedAt', true),
          utc('createdAt'),
          utc('updatedAt'),
        ],
        foreignKeys: [fk('sessionId', 'agenda_sessions', 'CASCADE'), fk('authorId', 'users', 'SET NULL')],
        indices: [
          new TableIndex({ columnNames: ['sessionId', 'status'] }),
          new TableIndex({ columnNames: ['authorId', 'clientId'], isUnique: true }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'question_votes',
        columns: [
          { ...idRef('questionId'), isPrimary: true },
          { ...idRef('userId'), isPrimary: true },
          utc('createdAt'),
        ],
        foreignKeys: [fk('questionId', 'questions', 'CASCADE'), fk('userId', 'users', 'CASCADE')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'live_changes',
        columns: [
          { ...idRef('sessionId'), isPrimary: true },
          { ...int('seq', false), isPrimary: true },
          varchar('kind', 24),
          idRef('messageId', true),
          idRef('questionId', true),
          utc('createdAt'),
        ],
        foreignKeys: [fk('sessionId', 'agenda_sessions', 'CASCADE')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'live_mutes',
        columns: [
          { ...idRef('sessionId'), isPrimary: true },
          { ...idRef('userId'), isPrimary: true },
          idRef('eventId'),
          utc('until'),
          idRef('createdById', true),
          utc('createdAt'),
        ],
        foreignKeys: [fk('sessionId', 'agenda_sessions', 'CASCADE'), fk('userId', 'users', 'CASCADE')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'event_bans',
        columns: [
          { ...idRef('eventId'), isPrimary: true },
          { ...idRef('userId'), isPrimary: true },
          idRef('createdById', true),
          utc('createdAt'),
        ],
        foreignKeys: [fk('eventId', 'events', 'CASCADE'), fk('userId', 'users', 'CASCADE')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'event_bans',
      'live_mutes',
      'live_changes',
      'question_votes',
      'questions',
      'chat_messages',
      'session_live_state',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
