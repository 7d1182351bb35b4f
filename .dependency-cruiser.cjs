/**
 * Dependency rules for src/ (npm run deps): the layer stack of ../shared/ARCHITECTURE.md, highest first.
 * A folder may import folders in lower layers; within one layer only while no cycle forms between folders.
 * Type-only imports count like any other: a type from a higher layer is still an upward dependency.
 * CommonJS because package.json says "type": "module" and dependency-cruiser loads its config with require().
 */

/** Highest first. The files directly in src/ (main.ts, worker.ts, app.module.ts, worker.module.ts, app.factory.ts) sit above them all. */
const LAYERS = [
  ['web', 'finance'],
  ['notifications', 'reconciliation'],
  ['payments'],
  ['donations'],
  ['campaigns', 'ledger', 'users', 'queue', 'stripe', 'health', 'redis', 'organisation'],
  ['auth', 'common'],
  ['config', 'database'],
];

const TOP_FILES = '^src/[^/]+\\.ts$';
const folders = (names) => `^src/(${names.join('|')})/`;
const KNOWN_FOLDERS = folders(LAYERS.flat());
const BARREL = ['^src/index\\.[cm]?[jt]s$', '^src/.*/index\\.[cm]?[jt]s$'];

const noUpward = LAYERS.slice(1).map((layer, index) => {
  const higher = LAYERS.slice(0, index + 1).flat();
  return {
    name: `no-upward-from-${layer.join('-')}`,
    severity: 'error',
    comment: `${layer.join(', ')} may import only lower layers (ARCHITECTURE.md), not ${higher.join(', ')} or the entrypoints in src/`,
    from: { path: folders(layer) },
    to: { path: `${folders(higher)}|${TOP_FILES}` },
  };
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...noUpward,
    {
      name: 'no-upward-from-top-layer',
      severity: 'error',
      comment: 'web and finance import only lower layers, never the entrypoints or app/worker modules in src/',
      from: { path: folders(LAYERS[0]) },
      to: { path: TOP_FILES },
    },
    {
      name: 'no-folder-cycle',
      severity: 'error',
      comment: 'two module folders depend on each other (directly or through others): one of them must stop importing the other',
      scope: 'folder',
      from: { path: '^src/([^/]+)' },
      to: { circular: true, path: '^src/', pathNot: '^src/$1(/|$)' },
    },
    {
      name: 'no-runtime-cycle',
      severity: 'error',
      comment: 'files importing each other in a circle at run time: with ES modules and decorators one of them sees the other undefined while loading',
      from: { path: '^src/' },
      to: { circular: true, dependencyTypesNot: ['type-only'], viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'unknown-src-folder',
      severity: 'error',
      comment: 'every folder in src/ needs a place in the layer stack: add it to ARCHITECTURE.md and to LAYERS in .dependency-cruiser.cjs',
      from: { path: '^src/[^/]+/', pathNot: KNOWN_FOLDERS },
      to: {},
    },
    {
      name: 'no-import-of-unknown-src-folder',
      severity: 'error',
      comment: 'every folder in src/ needs a place in the layer stack: add it to ARCHITECTURE.md and to LAYERS in .dependency-cruiser.cjs',
      from: { path: '^src/' },
      to: { path: '^src/[^/]+/', pathNot: KNOWN_FOLDERS },
    },
    {
      name: 'no-tools-or-bench-from-src',
      severity: 'error',
      comment: 'src/ never imports tools/ or bench/ (they are not in the image)',
      from: { path: '^src/' },
      to: { path: '^(tools|bench)/' },
    },
    {
      name: 'repositories-are-private',
      severity: 'error',
      comment: "a module's *.repository.ts is private: use the owning module's exported service (ARCHITECTURE.md, tables and owners)",
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/[^/]+/.*\\.repository\\.ts$', pathNot: '^src/$1/' },
    },
    {
      name: 'repositories-are-private-from-top',
      severity: 'error',
      comment: "a module's *.repository.ts is private: use the owning module's exported service",
      from: { path: TOP_FILES },
      to: { path: '\\.repository\\.ts$' },
    },
    {
      name: 'no-barrel-import',
      severity: 'error',
      comment: 'no barrel index files: import the file that defines the thing',
      from: { path: '^src/' },
      to: { path: BARREL },
    },
    {
      name: 'no-barrel',
      severity: 'error',
      comment: 'no barrel index files in src/',
      from: { path: BARREL },
      to: {},
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'this import resolves to nothing: a typo, or a dependency missing from package.json',
      from: { path: '^src/', pathNot: '^src/web/assets/' },
      to: { couldNotResolve: true },
    },
    {
      name: 'browser-scripts-import-served-files',
      severity: 'error',
      comment:
        'the browser scripts import files that /assets/ serves: the other scripts there, and money-format.js, postal-prefecture.js and postal-code.js, which web/assets.controller.ts serves compiled from src/',
      from: { path: '^src/web/assets/' },
      to: { couldNotResolve: true, pathNot: '^\\./(money-format|postal-prefecture|postal-code)\\.js$' },
    },
    {
      name: 'not-to-dev-dependency',
      severity: 'error',
      comment: 'src/ runs in production, where devDependencies are not installed',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    // database/entities.ts and database/migrations.ts list every entity and migration by design (TypeORM needs the
    // full lists); they are not followed, so the lowest layer importing every module is neither an upward import
    // nor a cycle. Everything else in database/ is checked like any other folder.
    doNotFollow: { path: ['node_modules', '^src/database/(entities|migrations)\\.ts$'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], mainFields: ['module', 'main', 'types'] },
    moduleSystems: ['es6', 'cjs'],
    cache: false,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
