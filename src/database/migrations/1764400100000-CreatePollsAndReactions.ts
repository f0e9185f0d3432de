import { MigrationInterface, QueryRunner, Table, TableColumn, TableForeignKey, TableIndex } from 'typeorm';

import { bool, idPk, idRef, int, text, utc, varchar } from '../migration-columns';

const fk = (column: string, table: string): TableForeignKey =>
  new TableForeignKey({
    columnNames: [column],
    referencedTableName: table,
    referencedColumnNames: ['id'],
    onDelete: 'CASCADE',
  });

/**
 * Polls, their votes (one row per voter and poll, replaced when the voter changes their mind), the per-minute
 * totals of emoji reactions (single reactions are not stored), and the poll a durable change of
 * `live_changes` is about (`poll-opened` / `poll-closed`).
 */
export class CreatePollsAndReactions1764400100000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'polls',
        columns: [
          idPk(),
          idRef('sessionId'),
          idRef('eventId'),
          varchar('question', 300),
          varchar('kind', 16),
          // JSON array of the option texts (single and multiple choice only).
          text('options', true),
          int('maxChoices'),
          int('scale'),
          bool('anonymous', true),
          varchar('showResults', 16),
          varchar('status', 16),
          idRef('createdById', true),
          utc('openedAt', true),
          utc('closedAt', true),
          utc('createdAt'),
          utc('updatedAt'),
        ],
        foreignKeys: [fk('sessionId', 'agenda_sessions')],
        indices: [new TableIndex({ columnNames: ['sessionId', 'status'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'poll_votes',
        columns: [
          { ...idRef('pollId'), isPrimary: true },
          { ...idRef('userId'), isPrimary: true },
          idRef('sessionId'),
          // The clientIds this voter used for this poll, latest last (a resend of any of them changes nothing).
          varchar('clientIds', 600),
          // Bit i set when option i is chosen (at most 10 options).
          int('choiceMask'),
          int('rating'),
          varchar('text', 200, true),
          utc('createdAt'),
          utc('updatedAt'),
        ],
        foreignKeys: [fk('pollId', 'polls'), fk('userId', 'users')],
        indices: [new TableIndex({ columnNames: ['sessionId'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'reaction_minutes',
        columns: [
          { ...idRef('sessionId'), isPrimary: true },
          { ...utc('minute'), isPrimary: true },
          { ...varchar('emoji', 16), isPrimary: true },
          int('count', false, 0),
        ],
        foreignKeys: [fk('sessionId', 'agenda_sessions')],
      }),
    );
    await queryRunner.addColumn('live_changes', new TableColumn(idRef('pollId', true)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('live_changes', 'pollId');
    for (const table of ['reaction_minutes', 'poll_votes', 'polls']) {
      await queryRunner.dropTable(table);
    }
  }
}
