import 'reflect-metadata';
import { pathToFileURL } from 'node:url';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { configFields } from '../config/config.schema.js';
import { loadOrExit, parseEnv } from '../config/load-config.js';
import { dataSourceOptions } from './data-source-options.js';

/** Applies pending migrations to a database and returns their names. */
export async function runMigrations(databaseUrl: string): Promise<string[]> {
  const dataSource = new DataSource({ ...dataSourceOptions(databaseUrl, 2), logging: false });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations();
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { DATABASE_URL } = loadOrExit(() => parseEnv(z.object({ DATABASE_URL: configFields.shape.DATABASE_URL }), process.env));
  runMigrations(DATABASE_URL).then(
    (names) => {
      process.stdout.write(names.length ? `applied: ${names.join(', ')}\n` : 'no pending migrations\n');
    },
    (error: Error) => {
      process.stderr.write(`migration failed: ${error.message}\n`);
      process.exit(1);
    },
  );
}
