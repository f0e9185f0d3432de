import { createScratchDatabase } from '../utils/postgres';
import { PlenaryNode } from './cluster';

/** PostgreSQL is migrated by operators (`npm run migration:run`); a node never serves an outdated schema. */
describe('A node on an unmigrated PostgreSQL database (scale)', () => {
  it('should refuse to start, exit non-zero and name the command to run', async () => {
    const scratch = await createScratchDatabase('plenary_scale');
    try {
      const start = PlenaryNode.start('unmigrated', { DATABASE_URL: scratch.url });
      await expect(start).rejects.toThrow(/unmigrated exited with 1/);
      await expect(start).rejects.toThrow(/\d+ pending migration\(s\).*npm run migration:run/);
    } finally {
      await scratch.drop();
    }
  });
});
