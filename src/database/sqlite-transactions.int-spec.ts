import { DataSource } from 'typeorm';

import { Organization } from '../organizations/organization.entity';
import { dataSourceOptions } from './data-source-options';

const org = (name: string): Organization => ({
  id: `00000000-0000-4000-8000-${String(Math.floor(Math.random() * 1e12)).padStart(12, '0')}`,
  name,
  nameKey: name.toLowerCase(),
  shortName: null,
  country: null,
  url: null,
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
});

const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('SQLite transaction serialisation', () => {
  let dataSource: DataSource;

  beforeEach(async () => {
    dataSource = new DataSource(
      dataSourceOptions({ type: 'sqlite', path: ':memory:', url: 'sqlite::memory:' }),
    );
    await dataSource.initialize();
    await dataSource.runMigrations();
  });
  afterEach(async () => {
    await dataSource.destroy();
  });

  it('should keep a committed transaction when an overlapping one rolls back', async () => {
    const failing = dataSource.transaction(async (manager) => {
      await manager.insert(Organization, org('Rolled Back'));
      await pause();
      throw new Error('boom');
    });
    const committing = dataSource.transaction(async (manager) => {
      await pause();
      await manager.insert(Organization, org('Committed'));
    });
    await expect(failing).rejects.toThrow('boom');
    await expect(committing).resolves.toBeUndefined();
    const names = (await dataSource.getRepository(Organization).find()).map((o) => o.name);
    expect(names).toEqual(['Committed']);
  });

  it('should not let a plain write join a transaction that later rolls back', async () => {
    let release!: () => void;
    const opened = new Promise<void>((resolve) => (release = resolve));
    const failing = dataSource.transaction(async (manager) => {
      await manager.insert(Organization, org('Inside'));
      release();
      await pause();
      throw new Error('boom');
    });
    await opened;
    const plain = dataSource.getRepository(Organization).insert(org('Outside'));
    await expect(failing).rejects.toThrow('boom');
    await expect(plain).resolves.toBeDefined();
    const names = (await dataSource.getRepository(Organization).find()).map((o) => o.name);
    expect(names).toEqual(['Outside']);
  });

  it('should allow nested transactions inside one transaction as savepoints', async () => {
    await dataSource.transaction(async (manager) => {
      await manager.insert(Organization, org('Outer'));
      await expect(
        manager.transaction(async (inner) => {
          await inner.insert(Organization, org('Inner'));
          throw new Error('inner failed');
        }),
      ).rejects.toThrow('inner failed');
    });
    const names = (await dataSource.getRepository(Organization).find()).map((o) => o.name);
    expect(names).toEqual(['Outer']);
  });
});
