import { createScratchDatabase } from '../utils/postgres';
import { runMigrationCycle } from './migration-cycle';

describe('migrations on PostgreSQL', () => {
  it('should run every migration up, down and up again on the local PostgreSQL', async () => {
    const scratch = await createScratchDatabase('plenary_migrations');
    try {
      const result = await runMigrationCycle({ type: 'postgres', url: scratch.url });
      expect(result.migrationCount).toBeGreaterThan(0);
      expect(result.afterUp).toEqual(
        expect.arrayContaining(['users', 'events', 'agenda_sessions', 'session_figures']),
      );
      expect(result.afterDown).toEqual([]);
      expect(result.afterSecondUp).toEqual(result.afterUp);
      expect(result.entitiesQueryable).toBe(true);
    } finally {
      await scratch.drop();
    }
  });
});
