import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { runMigrationCycle } from './migration-cycle';

describe('migrations on SQLite', () => {
  it('should run every migration up, down and up again on a SQLite file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plenary-migrations-'));
    try {
      const path = join(dir, 'nested', 'plenary.sqlite');
      const result = await runMigrationCycle({ type: 'sqlite', path, url: `sqlite:${path}` });
      expect(result.migrationCount).toBeGreaterThan(0);
      expect(result.afterUp).toEqual(
        expect.arrayContaining(['users', 'events', 'agenda_sessions', 'session_figures']),
      );
      expect(result.afterDown).toEqual([]);
      expect(result.afterSecondUp).toEqual(result.afterUp);
      expect(result.entitiesQueryable).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
