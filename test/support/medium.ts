import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { createTestDatabase } from './database.js';

/**
 * Medium tests: services built by hand (no Nest, no HTTP) on a TypeORM DataSource over a fresh, migrated database
 * cloned from the template. One per test file; `close()` in afterAll.
 */
export interface MediumDatabase {
  dataSource: DataSource;
  /** Raw SQL outside any service: what the test sets up or looks at directly. */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function openMediumDatabase(poolSize = 4): Promise<MediumDatabase> {
  const dataSource = new DataSource(dataSourceOptions(await createTestDatabase(), poolSize));
  await dataSource.initialize();
  return {
    dataSource,
    sql: (text, params = []) => dataSource.query(text, params),
    close: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  };
}
