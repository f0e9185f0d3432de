import { MigrationInterface, QueryRunner, Table, TableColumn, TableForeignKey, TableIndex } from 'typeorm';

import { idPk, idRef, int, text, utc, varchar } from '../migration-columns';

/**
 * After the meeting: attendance visits (written in batches by each node), certificates of attendance and
 * their rule on the event, recordings of sessions.
 *
 * `attendance_visits` has no foreign keys on purpose: nodes write it in batches from memory seconds after
 * the fact, and a session or account deleted meanwhile must not make a whole batch fail. The analytics
 * queries join it to the sessions that still exist.
 */
export class CreateAttendanceAndCertificates1764400500000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'attendance_visits',
        columns: [
          idPk(),
          idRef('sessionId'),
          idRef('userId'),
          varchar('node', 36),
          utc('startedAt'),
          utc('lastSeenAt'),
          utc('endedAt', true),
        ],
        indices: [
          // Every analytics read: one session's visits per user in time order (covering).
          new TableIndex({
            name: 'IDX_attendance_visits_session_user',
            columnNames: ['sessionId', 'userId', 'startedAt', 'lastSeenAt', 'endedAt'],
          }),
          // Certificates: one user's visits across the event's sessions.
          new TableIndex({ name: 'IDX_attendance_visits_user', columnNames: ['userId', 'sessionId'] }),
          // The heartbeat of a node's open visits.
          new TableIndex({ name: 'IDX_attendance_visits_node_open', columnNames: ['node', 'endedAt'] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'certificates',
        columns: [
          idPk(),
          varchar('code', 16),
          idRef('eventId'),
          idRef('userId'),
          varchar('name', 120),
          int('minutes', false),
          text('sessions', false),
          utc('issuedAt'),
          utc('revokedAt', true),
          idRef('revokedById', true),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['eventId'],
            referencedTableName: 'events',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
          new TableForeignKey({
            columnNames: ['userId'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
        indices: [
          new TableIndex({ name: 'IDX_certificates_code', columnNames: ['code'], isUnique: true }),
          new TableIndex({
            name: 'IDX_certificates_event_user',
            columnNames: ['eventId', 'userId'],
            isUnique: true,
          }),
        ],
      }),
    );

    await queryRunner.addColumn('events', new TableColumn(int('certificateMinMinutes', true)));
    await queryRunner.addColumn(
      'agenda_sessions',
      new TableColumn({ ...text('recordings', false), default: "'[]'" }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('agenda_sessions', 'recordings');
    await queryRunner.dropColumn('events', 'certificateMinMinutes');
    await queryRunner.dropTable('certificates');
    await queryRunner.dropTable('attendance_visits');
  }
}
