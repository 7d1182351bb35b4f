import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { rawRequest, startEmulator } from './support.js';

const TRIGGERS = join(process.cwd(), '../shared/stripe-cli-triggers');

interface Step {
  name: string;
  path: string;
  method: 'get' | 'post';
  params?: Record<string, unknown>;
  expected_error_type?: string;
}

const recipes = readdirSync(TRIGGERS)
  .filter((file) => file.endsWith('.json'))
  .map((file) => [file.replace(/\.json$/, ''), JSON.parse(readFileSync(join(TRIGGERS, file), 'utf8')).fixtures as Step[]] as const);

/** `${payment_intent:id}` → the `id` of the response named `payment_intent`; paths are dotted (`data.0.id`). */
function resolve(value: unknown, responses: Map<string, unknown>): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{(\w+):([\w.]+)\}/g, (_, name: string, path: string) => {
      let node = responses.get(name) as any;
      for (const segment of path.split('.')) node = node?.[segment];
      if (typeof node !== 'string' && typeof node !== 'number') throw new Error(`unresolved reference ${name}:${path}`);
      return String(node);
    });
  }
  if (Array.isArray(value)) return value.map((item) => resolve(item, responses));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolve(item, responses)]));
  return value;
}

describe('Stripe CLI trigger recipes', () => {
  it('found the recipes', () => {
    expect(recipes.length).toBeGreaterThanOrEqual(13);
  });

  it.each(recipes)('%s runs as against Stripe and ends with its event', async (eventType, steps) => {
    // The Stripe CLI's recipes are written for an American account: they pay out in usd what they charged in usd.
    const emulator = await startEmulator({ settlementCurrency: 'usd' });
    try {
      const responses = new Map<string, unknown>();
      for (const step of steps) {
        const path = resolve(step.path, responses) as string;
        const params = resolve(step.params ?? {}, responses) as Record<string, unknown>;
        const result = await rawRequest(emulator, step.method.toUpperCase(), path, params);
        if (step.expected_error_type) {
          expect({ step: step.name, status: result.status, type: result.body.error?.type }).toEqual({ step: step.name, status: 402, type: step.expected_error_type });
        } else {
          expect({ step: step.name, status: result.status, error: result.body.error }).toEqual({ step: step.name, status: 200, error: undefined });
        }
        responses.set(step.name, result.body);
      }
      await emulator.idle();
      expect(emulator.events().map((event) => event.type)).toContain(eventType);
    } finally {
      await emulator.close();
    }
  });
});
