import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { runMigrations } from '../../src/database/migrate.js';
import { createEmptyDatabase } from '../support/database.js';
import { entityDeclarations, OWNERSHIP } from '../support/ownership.js';

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

/** Each test lists what is wrong, one line per table or view, and expects the list to be empty. */
describe('every table and view has one owner (test/support/ownership.ts)', () => {
  const ownersOf = (kind: 'tables' | 'views', name: string) => Object.keys(OWNERSHIP).filter((module) => OWNERSHIP[module][kind].includes(name));
  const listed = (kind: 'tables' | 'views') => [...new Set(Object.values(OWNERSHIP).flatMap((owned) => owned[kind]))];
  let tables: string[];
  let views: string[];
  let entityTables: Set<string>;

  beforeAll(async () => {
    const url = await createEmptyDatabase();
    await runMigrations(url);
    const dataSource = new DataSource(dataSourceOptions(url, 2));
    await dataSource.initialize();
    try {
      const relations: { name: string; kind: string }[] = await dataSource.query(
        `SELECT c.relname AS name, c.relkind AS kind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm') ORDER BY c.relname`,
      );
      // TypeORM's own bookkeeping table belongs to no module.
      tables = relations.filter((r) => (r.kind === 'r' || r.kind === 'p') && r.name !== 'migrations').map((r) => r.name);
      views = relations.filter((r) => r.kind === 'v' || r.kind === 'm').map((r) => r.name);
      entityTables = new Set(dataSource.entityMetadatas.map((metadata) => metadata.tableName));
    } finally {
      await dataSource.destroy();
    }
  });

  it('finds the tables and views', () => {
    expect(tables).toContain('donations');
    expect(views).toContain('ledger_transactions_v');
  });

  it('every table has an entity in ENTITIES', () => {
    expect(tables.filter((table) => !entityTables.has(table)).map((table) => `table ${table}: no entity in src/database/entities.ts`)).toEqual([]);
  });

  it('every table is in OWNERSHIP exactly once, under the module whose folder holds its entity file', () => {
    const entities = entityDeclarations();
    const problems = tables.flatMap((table) => {
      const owners = ownersOf('tables', table);
      if (owners.length !== 1) return [`table ${table}: listed under ${owners.length} modules in OWNERSHIP (${owners.join(', ') || 'none'})`];
      const declared = entities.filter((entity) => entity.table === table);
      if (declared.length !== 1) return [`table ${table}: declared by ${declared.length} *.entity.ts files (${declared.map((e) => e.file).join(', ') || 'none'})`];
      if (declared[0].module !== owners[0]) return [`table ${table}: owned by ${owners[0]} in OWNERSHIP, but its entity is in ${declared[0].file}`];
      return [];
    });
    const missing = listed('tables')
      .filter((table) => !tables.includes(table))
      .map((table) => `table ${table}: in OWNERSHIP but not in the database`);
    expect([...problems, ...missing]).toEqual([]);
  });

  it('every view is in OWNERSHIP exactly once, and every view in OWNERSHIP exists', () => {
    const problems = views.flatMap((view) => {
      const owners = ownersOf('views', view);
      return owners.length === 1 ? [] : [`view ${view}: listed under ${owners.length} modules in OWNERSHIP (${owners.join(', ') || 'none'})`];
    });
    const missing = listed('views')
      .filter((view) => !views.includes(view))
      .map((view) => `view ${view}: in OWNERSHIP but not in the database`);
    expect([...problems, ...missing]).toEqual([]);
  });

  it('every view is named <owning module>_<name>_v', () => {
    const misnamed = Object.entries(OWNERSHIP).flatMap(([module, owned]) =>
      owned.views
        .filter((view) => !(view.startsWith(`${module}_`) && view.endsWith('_v') && view.length > module.length + 3))
        .map((view) => `view ${view}: owned by ${module}, so its name must be ${module}_<name>_v`),
    );
    expect(misnamed).toEqual([]);
  });
});
