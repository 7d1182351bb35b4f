import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { DEFAULT_CONFIG, ExposeNodeParser, SchemaGenerator, createFormatter, createParser, createProgram, symbolAtNode } from 'ts-json-schema-generator';
import type { CompletedConfig, Context, Schema } from 'ts-json-schema-generator';

/**
 * JSON Schemas of Stripe's objects, generated from the type definitions of the installed `stripe` SDK
 * (the API version it pins), and a validator of the objects the emulator returns and sends.
 * A property without `?` is required, `T | null` admits null, an expandable `string | T` admits the id, and a
 * property the type does not declare is reported.
 */

/** The object types the emulator produces, by the value of their `object` field, and the SDK file declaring each. */
const OBJECT_TYPES: Record<string, { file: string; name: string }> = {
  payment_intent: { file: 'PaymentIntents', name: 'PaymentIntent' },
  charge: { file: 'Charges', name: 'Charge' },
  refund: { file: 'Refunds', name: 'Refund' },
  dispute: { file: 'Disputes', name: 'Dispute' },
  balance_transaction: { file: 'BalanceTransactions', name: 'BalanceTransaction' },
  payout: { file: 'Payouts', name: 'Payout' },
  balance: { file: 'Balance', name: 'Balance' },
  customer: { file: 'Customers', name: 'Customer' },
  cash_balance: { file: 'CashBalances', name: 'CashBalance' },
  customer_cash_balance_transaction: { file: 'CustomerCashBalanceTransactions', name: 'CustomerCashBalanceTransaction' },
  payment_method: { file: 'PaymentMethods', name: 'PaymentMethod' },
};

/** Event families whose typed event interfaces (`ChargeSucceededEvent`, …) get a schema. */
const EVENT_PREFIXES = ['balance.', 'cash_balance.', 'charge.', 'customer.', 'customer_cash_balance_transaction.', 'payment_intent.', 'payment_method.', 'payout.', 'refund.'];

/** Real paths: node_modules may be a link, and the compiler names files by their real path. */
const packageDir = (name: string) => realpathSync(join(process.cwd(), 'node_modules', name));
const RESOURCES_DIR = join(packageDir('stripe'), 'esm', 'resources');

interface GeneratedSchemas {
  /** Every definition reachable from the roots, named as the SDK's namespaces name them (`Issuing.Card`). */
  schema: Schema;
  /** Event type (`charge.succeeded`) → the definition of its typed event. */
  eventTypes: Record<string, string>;
  generatedInMs: number;
}

export interface Problem {
  path: string;
  message: string;
}

export interface StripeSchemas {
  /** How long generating took, 0 when it came from the cache. */
  generatedInMs: number;
  cacheFile: string;
  /** The definition an object is checked against, e.g. `Charge` or `ChargeSucceededEvent`; undefined when none applies. */
  typeOf(object: unknown): string | undefined;
  /** Missing and mistyped fields of `object` (a Stripe object, an event, or a list of them). */
  validate(object: unknown): Problem[];
}

export function loadStripeSchemas(): StripeSchemas {
  const cacheFile = join(process.cwd(), '.data', 'stripe-schemas', `${cacheKey()}.json`);
  const generated = existsSync(cacheFile) ? readCache(cacheFile) : writeCache(cacheFile, generateSchemas());
  return schemaValidator(generated, cacheFile);
}

function cacheKey(): string {
  const versions = ['stripe', 'ts-json-schema-generator'].map((name) => `${name}@${JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')).version}`);
  const inputs = JSON.stringify({ versions, OBJECT_TYPES, EVENT_PREFIXES, generation: GENERATION_VERSION });
  return `${versions.join('-')}-${createHash('sha256').update(inputs).digest('hex').slice(0, 12)}`;
}

function readCache(file: string): GeneratedSchemas {
  return { ...(JSON.parse(readFileSync(file, 'utf8')) as GeneratedSchemas), generatedInMs: 0 };
}

function writeCache(file: string, generated: GeneratedSchemas): GeneratedSchemas {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(generated));
  return generated;
}

/** Bump when how the schemas are generated changes, so that a cached schema made the old way is not reused. */
const GENERATION_VERSION = 2;

/**
 * The generator names a definition by its bare type name, but the SDK declares `Card` (and others) both in
 * `resources/` and in a product folder (`resources/Issuing/`): the folder becomes a prefix, as in `Stripe.Issuing.Card`.
 */
let namedByNamespace = false;

function nameDefinitionsByNamespace(): void {
  if (namedByNamespace) return;
  namedByNamespace = true;
  const prototype = ExposeNodeParser.prototype as unknown as { getDefinitionName(node: unknown, context: Context): string };
  const bareName = prototype.getDefinitionName;
  prototype.getDefinitionName = function (this: { typeChecker: { getFullyQualifiedName(symbol: unknown): string } }, node, context) {
    const name = bareName.call(this, node, context);
    const folder = /\/resources\/([A-Za-z]+)\/[^"/]+"\./.exec(this.typeChecker.getFullyQualifiedName(symbolAtNode(node as never)));
    return folder ? `${folder[1]}.${name}` : name;
  };
}

interface DeclarationNode {
  name?: { text: string };
  members?: Array<{ name?: { text: string }; type?: { literal?: { text?: string } } }>;
}

function generateSchemas(): GeneratedSchemas {
  const started = Date.now();
  nameDefinitionsByNamespace();
  const files = [...new Set(Object.values(OBJECT_TYPES).map((type) => type.file)), 'Events'];
  const config: CompletedConfig = {
    ...DEFAULT_CONFIG,
    path: `${RESOURCES_DIR}/{${files.join(',')}}.d.ts`,
    expose: 'all',
    jsDoc: 'none',
    skipTypeCheck: true,
    // A field the pinned version does not declare is reported too: it belongs to another version, or to none.
    additionalProperties: false,
  };
  const program = createProgram(config);
  const declarations = (file: string) => program.getSourceFile(join(RESOURCES_DIR, `${file}.d.ts`))?.statements as unknown as DeclarationNode[];
  const roots = Object.values(OBJECT_TYPES).map(({ file, name }) => findDeclaration(declarations(file), name));
  const eventTypes = typedEvents(declarations('Events'));
  roots.push(...Object.values(eventTypes).map((name) => findDeclaration(declarations('Events'), name)));
  const generator = new SchemaGenerator(program, createParser(program, config), createFormatter(config), config);
  const schema = generator.createSchemaFromNodes(roots as never);
  return { schema, eventTypes, generatedInMs: Date.now() - started };
}

function findDeclaration(statements: DeclarationNode[], name: string): DeclarationNode {
  const found = statements.find((statement) => statement.name?.text === name && statement.members);
  if (!found) throw new Error(`The stripe SDK declares no interface ${name}`);
  return found;
}

/** `interface ChargeSucceededEvent extends EventBase { type: 'charge.succeeded'; … }` → `{'charge.succeeded': 'ChargeSucceededEvent'}`. */
function typedEvents(statements: DeclarationNode[]): Record<string, string> {
  const byType: Record<string, string> = {};
  for (const statement of statements) {
    const eventType = statement.members?.find((member) => member.name?.text === 'type')?.type?.literal?.text;
    if (statement.name && eventType && EVENT_PREFIXES.some((prefix) => eventType.startsWith(prefix))) byType[eventType] = statement.name.text;
  }
  return byType;
}

function schemaValidator(generated: GeneratedSchemas, cacheFile: string): StripeSchemas {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addSchema(generated.schema as object, 'stripe');
  const compiled = new Map<string, ValidateFunction>();
  const validatorFor = (definition: string) => {
    if (!compiled.has(definition)) compiled.set(definition, ajv.compile({ $ref: `stripe#/definitions/${encodeURIComponent(definition)}` }));
    return compiled.get(definition) as ValidateFunction;
  };
  const typeOf = (object: unknown): string | undefined => {
    const node = object as { object?: string; type?: string } | null;
    if (!node || typeof node !== 'object') return undefined;
    if (node.object === 'event') return generated.eventTypes[node.type ?? ''];
    return OBJECT_TYPES[node.object ?? '']?.name;
  };
  const validate = (object: unknown): Problem[] => {
    const node = object as { object?: string; data?: unknown[]; type?: string };
    if (node?.object === 'list') return validateList(node, validate);
    const definition = typeOf(object);
    if (!definition) return [{ path: '', message: `no SDK type for object ${JSON.stringify(node?.object)}${node?.type ? ` (${node.type})` : ''}` }];
    const validator = validatorFor(definition);
    return validator(object) ? [] : describeErrors(validator.errors ?? []);
  };
  return { generatedInMs: generated.generatedInMs, cacheFile, typeOf, validate };
}

/** The SDK's `ApiList<T>`: `{object: 'list', data: T[], has_more, url}`; each item is checked as its own type. */
function validateList(list: { data?: unknown[] } & Record<string, unknown>, validate: (object: unknown) => Problem[]): Problem[] {
  const problems: Problem[] = [];
  if (!Array.isArray(list.data)) problems.push({ path: '/data', message: 'must be array' });
  if (typeof list.has_more !== 'boolean') problems.push({ path: '/has_more', message: 'must be boolean' });
  if (typeof list.url !== 'string') problems.push({ path: '/url', message: 'must be string' });
  (list.data ?? []).forEach((item, index) => {
    for (const problem of validate(item)) problems.push({ path: `/data/${index}${problem.path}`, message: problem.message });
  });
  return problems;
}

/**
 * ajv reports every branch of a failed union. An expandable `string | T` holding an object, or a nullable `T | null`
 * holding a value, is reported against `T` only, so that the message names the field at fault; a value that is none
 * of the union's types is reported as such.
 */
function describeErrors(errors: ErrorObject[]): Problem[] {
  const unionPaths = new Set(errors.filter((error) => error.keyword === 'anyOf').map((error) => error.instancePath));
  const isBranchMismatch = (error: ErrorObject) => unionPaths.has(error.instancePath) && error.keyword === 'type';
  const kept = errors.filter((error) => error.keyword !== 'anyOf' && !isBranchMismatch(error));
  const unexplained = [...unionPaths].filter((path) => !kept.some((error) => error.instancePath === path || error.instancePath.startsWith(`${path}/`)));
  const problems = [...kept.map(describeError), ...unexplained.map((path) => ({ path, message: 'is none of the types the SDK allows' }))];
  return problems.filter((problem, index) => problems.findIndex((other) => other.path === problem.path && other.message === problem.message) === index);
}

function describeError(error: ErrorObject): Problem {
  if (error.keyword === 'required') return { path: `${error.instancePath}/${String(error.params.missingProperty)}`, message: 'missing' };
  if (error.keyword === 'additionalProperties') return { path: `${error.instancePath}/${String(error.params.additionalProperty)}`, message: 'not in the SDK type' };
  if (error.keyword === 'type') return { path: error.instancePath, message: `must be ${String(error.params.type).split(',').join(' or ')}` };
  return { path: error.instancePath, message: error.message ?? error.keyword };
}
