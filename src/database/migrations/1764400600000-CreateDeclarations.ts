import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

import { idPk, idRef, text, utc, varchar } from '../migration-columns';

const fk = (column: string, table: string, onDelete: 'CASCADE' | 'SET NULL'): TableForeignKey =>
  new TableForeignKey({
    columnNames: [column],
    referencedTableName: table,
    referencedColumnNames: ['id'],
    onDelete,
  });

/** Declarations (texts frozen and digested when published) and the organisations' endorsements of them. */
export class CreateDeclarations1764400600000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'declarations',
        columns: [
          idPk(),
          idRef('eventId'),
          varchar('title', 300),
          text('texts', false),
          varchar('digest', 64, true),
          varchar('status', 16),
          utc('closesAt', true),
          utc('publishedAt', true),
          idRef('createdById', true),
          utc('createdAt'),
          utc('updatedAt'),
        ],
        foreignKeys: [fk('eventId', 'events', 'CASCADE'), fk('createdById', 'users', 'SET NULL')],
        indices: [new TableIndex({ columnNames: ['eventId', 'createdAt'] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'declaration_endorsements',
        columns: [
          idPk(),
          idRef('declarationId'),
          idRef('eventId'),
          idRef('organizationId'),
          idRef('activeOrganizationId', true),
          idRef('endorserId', true),
          varchar('representativeName', 200),
          varchar('representativePosition', 200),
          text('statement'),
          varchar('status', 16),
          varchar('digest', 64),
          varchar('rejectionReason', 1000, true),
          utc('verifiedAt', true),
          utc('rejectedAt', true),
          utc('withdrawnAt', true),
          utc('createdAt'),
          utc('updatedAt'),
        ],
        foreignKeys: [
          fk('declarationId', 'declarations', 'CASCADE'),
          fk('eventId', 'events', 'CASCADE'),
          fk('organizationId', 'organizations', 'CASCADE'),
          fk('endorserId', 'users', 'SET NULL'),
        ],
        indices: [
          new TableIndex({ columnNames: ['declarationId', 'status'] }),
          // One pending or verified endorsement per organisation: the column is NULL otherwise.
          new TableIndex({ columnNames: ['declarationId', 'activeOrganizationId'], isUnique: true }),
          new TableIndex({ columnNames: ['organizationId'] }),
          new TableIndex({ columnNames: ['endorserId'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('declaration_endorsements');
    await queryRunner.dropTable('declarations');
  }
}
