import { randomBytes } from 'node:crypto';

import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

import { text, varchar } from '../migration-columns';

/**
 * The stage: what a room (or a session, overriding its room) plays, as JSON text, and each room's secret key
 * for the production overlay. Existing rooms get a key so their overlay works without a first rotation.
 */
export class AddStageStreams1764400300000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('rooms', new TableColumn(text('stream')));
    await queryRunner.addColumn('rooms', new TableColumn(varchar('overlayKey', 64, true)));
    await queryRunner.addColumn('agenda_sessions', new TableColumn(text('stream')));
    const rooms = (await queryRunner.query('SELECT "id" FROM "rooms"')) as { id: string }[];
    for (const room of rooms) {
      await queryRunner.manager
        .createQueryBuilder()
        .update('rooms')
        .set({ overlayKey: newKey() })
        .where('id = :id', { id: room.id })
        .execute();
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('agenda_sessions', 'stream');
    await queryRunner.dropColumn('rooms', 'overlayKey');
    await queryRunner.dropColumn('rooms', 'stream');
  }
}

// A copy of newOverlayKey: a migration must keep doing what it did when it was written.
const newKey = (): string => randomBytes(16).toString('base64url');
