import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

import { idRef, int } from '../migration-columns';

/**
 * Analytics on a year's data (issue 16): a version per session that every attendance write raises (the
 * recorders' batches and heartbeats), so the analytics can tell with one lookup whether the figures they
 * kept still match the stored visits; and an index that finds a session's open visits without reading
 * its ended ones. No foreign key, as on `attendance_visits`: a batch must not fail because a session was
 * deleted meanwhile.
 */
export class AddAttendanceStamps1764400710000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'attendance_stamps',
        columns: [{ ...idRef('sessionId'), isPrimary: true }, int('version', false, 0)],
      }),
    );
    await queryRunner.createIndex(
      'attendance_visits',
      new TableIndex({
        name: 'IDX_attendance_visits_session_open',
        columnNames: ['sessionId', 'endedAt', 'lastSeenAt'],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('attendance_visits', 'IDX_attendance_visits_session_open');
    await queryRunner.dropTable('attendance_stamps');
  }
}
