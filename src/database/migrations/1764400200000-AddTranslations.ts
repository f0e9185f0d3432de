import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

import { text } from '../migration-columns';

/** Tables whose texts can be translated; each keeps all its translations in one JSON column. */
const TRANSLATABLE = ['events', 'agenda_sessions', 'speakers', 'rooms', 'tracks', 'organizations'];

/**
 * Content in several languages: a `translations` JSON text per translatable row (`{ "zh": { "title": … } }`),
 * so adding a language or a translatable field needs no further migration; and the interpretation languages
 * a session offers besides its spoken `language`. Registration questions keep their translations inside the
 * event's `registrationFields` JSON, which needs no column.
 */
export class AddTranslations1764400200000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of TRANSLATABLE) {
      await queryRunner.addColumn(table, new TableColumn(text('translations')));
    }
    await queryRunner.addColumn('agenda_sessions', new TableColumn(text('interpretation')));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('agenda_sessions', 'interpretation');
    for (const table of [...TRANSLATABLE].reverse()) {
      await queryRunner.dropColumn(table, 'translations');
    }
  }
}
