import { MigrationInterface, QueryRunner, Table } from 'typeorm';

import { idRef, int, text } from '../migration-columns';

/**
 * Analytics figures kept in the database, so that the first request after a start (a deploy, a crash)
 * does not read and merge every visit and count every chat message again (issue 16): per session, the
 * attendance figures with the `attendance_stamps` version they were computed from, and the chat count up to
 * a seq. No foreign key, as on `attendance_stamps`: the row of a deleted session is never read again.
 */
export class CreateSessionFigures1764400720000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'session_figures',
        columns: [
          { ...idRef('sessionId'), isPrimary: true },
          // Null until settled figures were computed; `attendance` is their JSON.
          int('attendanceVersion'),
          text('attendance'),
          int('messagesSeq', false, 0),
          int('messages', false, 0),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('session_figures');
  }
}
