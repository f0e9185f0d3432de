import { statementEffect } from './sql-text';

describe('statementEffect', () => {
  it('should name the one table an INSERT or UPDATE writes', () => {
    expect(
      statementEffect('INSERT INTO "attendance_visits"("id") VALUES (?) ON CONFLICT DO NOTHING'),
    ).toEqual({
      kind: 'write',
      table: 'attendance_visits',
    });
    expect(statementEffect(' update registrations SET "status" = ?')).toEqual({
      kind: 'write',
      table: 'registrations',
    });
  });

  it('should treat statements whose tables cannot be told as changing anything', () => {
    for (const sql of [
      'DELETE FROM "events" WHERE "id" = ?',
      'INSERT OR REPLACE INTO users VALUES (?)',
      'UPDATE OR REPLACE users SET "name" = ?',
      'REPLACE INTO users VALUES (?)',
      'WITH x AS (SELECT 1) UPDATE users SET "name" = ?',
      'PRAGMA foreign_keys = OFF',
      'CREATE TABLE t (id TEXT)',
    ]) {
      expect(statementEffect(sql)).toEqual({ kind: 'any' });
    }
  });

  it('should tell transaction control apart', () => {
    expect(statementEffect('BEGIN TRANSACTION')).toEqual({ kind: 'begin' });
    expect(statementEffect('COMMIT')).toEqual({ kind: 'none' });
    expect(statementEffect('SAVEPOINT typeorm_1')).toEqual({ kind: 'none' });
    expect(statementEffect('RELEASE SAVEPOINT typeorm_1')).toEqual({ kind: 'none' });
    expect(statementEffect('ROLLBACK')).toEqual({ kind: 'rollback' });
    expect(statementEffect('ROLLBACK TO SAVEPOINT typeorm_1')).toEqual({ kind: 'rollback' });
  });
});
