import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { entityDeclarations, moduleOf, OWNERSHIP, SRC_DIR, typeScriptFiles, type EntityDeclaration } from '../support/ownership.js';

/*
 * Table ownership (../shared/ARCHITECTURE.md): only the owning module's `*.repository.ts` files hold SQL on its
 * tables or obtain a TypeORM repository of its entities; other modules read its published `<module>_<name>_v`
 * views, from their own repository files. src/database/ (the data source, migrations runner) is exempt.
 */

interface SourceText {
  file: string;
  text: string;
}

/** A string looks like SQL when it holds one of these as an uppercase word (English text and HTML do not). */
const SQL_STATEMENT = /\b(SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|ALTER|TRUNCATE)\b/;
/** The keyword that names a table or view, and the name (schema prefix and quotes dropped). DELETE FROM is FROM. */
const NAMED_RELATION = /\b(FROM|JOIN|INTO|UPDATE|TABLE|TRUNCATE|REFERENCES)\s+(?:ONLY\s+|IF\s+(?:NOT\s+)?EXISTS\s+)?(?:public\.)?"?([A-Za-z_]\w*)"?/g;
const WRITES = new Set(['INTO', 'UPDATE', 'TABLE', 'TRUNCATE']);
/** Calls that take an entity class and reach its table: DataSource/EntityManager methods and Nest's injection. */
const REPOSITORY_CALLS = new Set([
  'getRepository',
  'getTreeRepository',
  'InjectRepository',
  'forFeature',
  'createQueryBuilder',
  'find',
  'findBy',
  'findOne',
  'findOneBy',
  'findOneOrFail',
  'findOneByOrFail',
  'findAndCount',
  'findAndCountBy',
  'count',
  'countBy',
  'exists',
  'existsBy',
  'sum',
  'average',
  'minimum',
  'maximum',
  'preload',
  'create',
  'merge',
  'save',
  'insert',
  'upsert',
  'update',
  'delete',
  'remove',
  'softDelete',
  'restore',
  'increment',
  'decrement',
  'clear',
  'from',
  'into',
  'innerJoin',
  'leftJoin',
  'innerJoinAndSelect',
  'leftJoinAndSelect',
]);

const TABLE_OWNER = new Map(Object.entries(OWNERSHIP).flatMap(([module, owned]) => owned.tables.map((table) => [table, module] as const)));
const VIEW_OWNER = new Map(Object.entries(OWNERSHIP).flatMap(([module, owned]) => owned.views.map((view) => [view, module] as const)));

const isRepositoryOf = (file: string, module: string) => moduleOf(file) === module && file.endsWith('.repository.ts');
const isPublishedView = (view: string, owner: string) => view.startsWith(`${owner}_`) && view.endsWith('_v');
const moduleName = (module: string) => module || 'src/ (root)';

/** Every string and template literal of a file: its start offset and its source text, `${...}` blanked out. */
function literals(source: ts.SourceFile): { start: number; text: string }[] {
  const found: { start: number; text: string }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
      const start = node.getStart(source);
      let text = source.text.slice(start, node.getEnd());
      if (ts.isTemplateExpression(node)) {
        for (const span of node.templateSpans) {
          const from = span.expression.getFullStart() - start;
          const to = span.expression.getEnd() - start;
          text = text.slice(0, from) + text.slice(from, to).replace(/[^\n]/g, ' ') + text.slice(to);
        }
      }
      found.push({ start, text });
    }
    ts.forEachChild(node, visit); // templates inside ${...} are literals of their own
  };
  visit(source);
  return found;
}

/** Calls that pass an entity class to TypeORM: the method name and the class names among its first argument. */
function entityCalls(source: ts.SourceFile, entityNames: Set<string>): { start: number; method: string; entity: string }[] {
  const found: { start: number; method: string; entity: string }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const method = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
      const [first] = node.arguments;
      const passed = first && ts.isArrayLiteralExpression(first) ? [...first.elements] : first ? [first] : [];
      if (REPOSITORY_CALLS.has(method)) {
        for (const arg of passed) if (ts.isIdentifier(arg) && entityNames.has(arg.text)) found.push({ start: node.getStart(source), method, entity: arg.text });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** One line per violation: `file:line: what is wrong`. */
function ownershipViolations(files: SourceText[], entities: EntityDeclaration[]): string[] {
  const entityModule = new Map(entities.map((entity) => [entity.className, entity.module]));
  const violations = new Set<string>();
  for (const { file, text } of files) {
    const module = moduleOf(file);
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const at = (offset: number) => `${file}:${source.getLineAndCharacterOfPosition(offset).line + 1}`;

    for (const literal of literals(source)) {
      const sql = literal.text.replace(/--[^\n]*/g, (comment) => ' '.repeat(comment.length));
      if (!SQL_STATEMENT.test(sql)) continue;
      for (const match of sql.matchAll(NAMED_RELATION)) {
        const [, keyword, identifier] = match;
        const name = identifier.toLowerCase();
        const where = at(literal.start + match.index);
        const tableOwner = TABLE_OWNER.get(name);
        const viewOwner = VIEW_OWNER.get(name);
        if (tableOwner !== undefined) {
          if (tableOwner !== module) violations.add(`${where}: SQL names table ${name} of module ${tableOwner} (in module ${moduleName(module)})`);
          else if (!isRepositoryOf(file, tableOwner)) violations.add(`${where}: SQL on table ${name} outside a *.repository.ts file of ${tableOwner}`);
        } else if (viewOwner !== undefined || name.endsWith('_v')) {
          if (viewOwner === undefined) violations.add(`${where}: SQL names view ${name}, which no module publishes (test/support/ownership.ts)`);
          else if (viewOwner !== module && !isPublishedView(name, viewOwner))
            violations.add(`${where}: SQL names view ${name} of module ${viewOwner}, not a published ${viewOwner}_<name>_v view`);
          else if (viewOwner !== module && WRITES.has(keyword)) violations.add(`${where}: SQL writes to view ${name} of module ${viewOwner}; views are read-only contracts`);
          else if (!file.endsWith('.repository.ts')) violations.add(`${where}: SQL on view ${name} outside a *.repository.ts file`);
        }
      }
    }

    for (const call of entityCalls(source, new Set(entityModule.keys()))) {
      const owner = entityModule.get(call.entity)!;
      const allowed = isRepositoryOf(file, owner) || (call.method === 'forFeature' && moduleOf(file) === owner && file.endsWith('.module.ts'));
      if (!allowed) violations.add(`${at(call.start)}: ${call.method}(${call.entity}) reaches ${owner}'s entity outside a *.repository.ts file of ${owner}`);
    }
  }
  return [...violations];
}

describe('the ownership detector', () => {
  const entities: EntityDeclaration[] = [
    { file: 'src/donations/donation.entity.ts', module: 'donations', className: 'Donation', table: 'donations' },
    { file: 'src/campaigns/campaign.entity.ts', module: 'campaigns', className: 'Campaign', table: 'campaigns' },
  ];
  const check = (file: string, text: string) => ownershipViolations([{ file, text }], entities);

  it("reports SQL on another module's table, with file, line and table", () => {
    const text = 'const a = 1;\nconst rows = await tx.query(`\n  SELECT d.id FROM donations d\n  JOIN campaigns c ON c.id = d.campaign_id`);\n';
    expect(check('src/finance/finance.repository.ts', text)).toEqual([
      'src/finance/finance.repository.ts:3: SQL names table donations of module donations (in module finance)',
      'src/finance/finance.repository.ts:4: SQL names table campaigns of module campaigns (in module finance)',
    ]);
    expect(check('src/ledger/ledger.repository.ts', `q("INSERT INTO campaign_donors (campaign_id) VALUES ($1)")`)).toEqual([
      'src/ledger/ledger.repository.ts:1: SQL names table campaign_donors of module campaigns (in module ledger)',
    ]);
  });

  it("reports SQL on a module's own table outside its repository files, and allows it inside them", () => {
    expect(check('src/donations/donations.service.ts', "tx.query('UPDATE donations SET status = $2 WHERE id = $1')")).toEqual([
      'src/donations/donations.service.ts:1: SQL on table donations outside a *.repository.ts file of donations',
    ]);
    expect(check('src/donations/donations.repository.ts', "tx.query('UPDATE donations SET status = $2 WHERE id = $1')")).toEqual([]);
  });

  it("allows another module's published view in a repository file, but not elsewhere, and never a write to it", () => {
    expect(check('src/finance/finance.repository.ts', 'q(`SELECT * FROM ledger_transactions_v lt JOIN donations_summary_v d ON d.id = lt.donation_id`)')).toEqual([]);
    expect(check('src/finance/finance-reports.service.ts', 'q(`SELECT * FROM ledger_postings_v`)')).toEqual([
      'src/finance/finance-reports.service.ts:1: SQL on view ledger_postings_v outside a *.repository.ts file',
    ]);
    expect(check('src/finance/finance.repository.ts', 'q(`UPDATE ledger_postings_v SET amount = 0`)')).toEqual([
      'src/finance/finance.repository.ts:1: SQL writes to view ledger_postings_v of module ledger; views are read-only contracts',
    ]);
    expect(check('src/finance/finance.repository.ts', 'q(`SELECT * FROM payouts_v`)')).toEqual([
      'src/finance/finance.repository.ts:1: SQL names view payouts_v, which no module publishes (test/support/ownership.ts)',
    ]);
  });

  it('ignores English in messages and comments, SQL comments, and non-SQL strings', () => {
    const text = [
      '// We select from donations and update the campaigns: the repository does it.',
      "throw new DomainError('conflict', 'donation_closed', 'Cannot update donations from Stripe: update the page');",
      "logger.warn('payout from Stripe into the account');",
      'const sql = `SELECT 1 -- once read FROM donations\n`;',
      "const label = 'donations';",
      'const page = html`<select name="campaign"><option>from campaigns</option></select>`;',
    ].join('\n');
    expect(check('src/finance/finance-reports.service.ts', text)).toEqual([]);
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: the test's name quotes TypeScript source
  it('looks into templates inside ${...} and ignores what ${...} computes', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the snippet is TypeScript source, scanned as text
    const text = 'q(`SELECT id FROM ${table} WHERE ${cond ? `id IN (SELECT donation_id FROM donations)` : "true"}`)';
    expect(check('src/web/web.repository.ts', text)).toEqual(['src/web/web.repository.ts:1: SQL names table donations of module donations (in module web)']);
  });

  it("reports a TypeORM repository obtained outside the owner's repository files", () => {
    const text = [
      'constructor(@InjectRepository(Donation) private readonly donations: Repository<Donation>) {}',
      'const campaign = await tx.getRepository(Campaign).findOneBy({ id });',
      'await manager.find(Donation, { where: { id } });',
    ].join('\n');
    expect(check('src/notifications/receipts.service.ts', text)).toEqual([
      "src/notifications/receipts.service.ts:1: InjectRepository(Donation) reaches donations's entity outside a *.repository.ts file of donations",
      "src/notifications/receipts.service.ts:2: getRepository(Campaign) reaches campaigns's entity outside a *.repository.ts file of campaigns",
      "src/notifications/receipts.service.ts:3: find(Donation) reaches donations's entity outside a *.repository.ts file of donations",
    ]);
    expect(check('src/donations/donations.repository.ts', `${text.split('\n')[0]}\nawait tx.getRepository(Donation).save(row);`)).toEqual([]);
  });

  it("allows TypeOrmModule.forFeature only in the owner's module file", () => {
    expect(check('src/donations/donations.module.ts', '@Module({ imports: [TypeOrmModule.forFeature([Donation])] })')).toEqual([]);
    expect(check('src/finance/finance.module.ts', '@Module({ imports: [TypeOrmModule.forFeature([Donation, Campaign])] })')).toEqual([
      "src/finance/finance.module.ts:1: forFeature(Donation) reaches donations's entity outside a *.repository.ts file of donations",
      "src/finance/finance.module.ts:1: forFeature(Campaign) reaches campaigns's entity outside a *.repository.ts file of campaigns",
    ]);
  });
});

describe('table ownership in src/', () => {
  it("names no other module's table, keeps SQL and TypeORM repositories in the owner's *.repository.ts", () => {
    const files = typeScriptFiles(SRC_DIR)
      .filter((file) => !file.startsWith('src/database/') && !file.includes('/migrations/'))
      .map((file) => ({ file, text: readFileSync(join(process.cwd(), file), 'utf8') }));
    expect(files.length).toBeGreaterThan(50);
    const violations = ownershipViolations(files, entityDeclarations());
    if (violations.length) throw new Error(`${violations.length} ownership violations:\n${violations.join('\n')}`);
  });
});
