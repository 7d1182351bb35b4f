import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { runMigrations } from '../../src/database/migrate.js';
import { createEmptyDatabase } from '../support/database.js';

describe('entities and migrations', () => {
  it('agree: after every migration, TypeORM would change nothing in the schema', async () => {
    const url = await createEmptyDatabase();
    await runMigrations(url);
    const dataSource = new DataSource(dataSourceOptions(url, 2));
    await dataSource.initialize();
    try {
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });

  it('migrate twice applies nothing the second time', async () => {
    const url = await createEmptyDatabase();
    expect((await runMigrations(url)).length).toBeGreaterThan(0);
    expect(await runMigrations(url)).toEqual([]);
  });
});
