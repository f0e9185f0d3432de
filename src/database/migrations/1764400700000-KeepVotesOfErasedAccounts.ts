import { MigrationInterface, QueryRunner, TableForeignKey } from 'typeorm';

/**
 * `DELETE /me` keeps an erased account's poll votes under a random voter id, so the tallies of past polls
 * stay true; the foreign key from `poll_votes."userId"` to `users`, which deleted them with the account,
 * goes. Votes still arrive only from signed-in accounts, so nothing else writes a voter that is not a user.
 */
export class KeepVotesOfErasedAccounts1764400700000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const table = await queryRunner.getTable('poll_votes');
    const toUsers = table?.foreignKeys.find((key) => key.referencedTableName === 'users');
    if (toUsers) {
      await queryRunner.dropForeignKey('poll_votes', toUsers);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The key cannot come back over the votes of erased accounts: those go, as the key would have done.
    await queryRunner.query(
      'DELETE FROM poll_votes WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u."id" = poll_votes."userId")',
    );
    await queryRunner.createForeignKey(
      'poll_votes',
      new TableForeignKey({
        columnNames: ['userId'],
        referencedTableName: 'users',
        referencedColumnNames: ['id'],
        onDelete: 'CASCADE',
      }),
    );
  }
}
