import type { DynamicModule, FactoryProvider, Provider, Type } from '@nestjs/common';
import { AppModule } from '../../src/app.module.js';
import { APP_CONFIG } from '../../src/config/config.module.js';
import type { AppConfig } from '../../src/config/config.schema.js';
import { QUEUES } from '../../src/queue/queue.registry.js';
import { WorkerModule } from '../../src/worker.module.js';

const config = { DATABASE_URL: 'postgres://kizuna@127.0.0.1:5432/kizuna', WEBHOOK_APPLIERS: 4 } as AppConfig;

/** Every provider of a module tree built by forRoot(), through its dynamic imports. */
function providersOf(module: DynamicModule): Provider[] {
  const imported = (module.imports ?? []).filter((m): m is DynamicModule => typeof m === 'object' && m !== null && 'module' in m);
  return [...(module.providers ?? []), ...imported.flatMap(providersOf)];
}

/**
 * The `max` of the pg pool that the process's TypeORM options ask for: the options factory called with what Nest
 * would inject into it from the module tree (the config, the pool size).
 */
function poolSize(root: DynamicModule): number {
  const providers = providersOf(root).filter((p): p is Exclude<Provider, Type> => typeof p === 'object');
  const values = new Map(providers.filter((p) => 'useValue' in p).map((p) => [p.provide, (p as { useValue: unknown }).useValue]));
  const factories = providers.filter((p): p is FactoryProvider => 'useFactory' in p && (p.inject ?? []).includes(APP_CONFIG));
  const options = factories
    .map((p) => p.useFactory(...(p.inject ?? []).map((token) => values.get(token as symbol))) as { type?: string; extra?: { max?: number } })
    .filter((o) => o?.type === 'postgres');
  expect(options).toHaveLength(1);
  return options[0].extra!.max!;
}

describe('database pool sizes', () => {
  it('gives the worker a connection for every job that can run at once, and some for the relay and the completion marks', () => {
    const concurrentJobs = Object.values(QUEUES).reduce((sum, queue) => sum + queue.concurrency, 0);
    expect(concurrentJobs).toBe(45);
    // The outbox relay's transaction, the batched completion marks and the inbox appliers run beside the jobs.
    expect(poolSize(WorkerModule.forRoot(config))).toBeGreaterThanOrEqual(concurrentJobs + 2 + config.WEBHOOK_APPLIERS);
  });

  it('keeps the API at its own size', () => {
    expect(poolSize(AppModule.forRoot(config))).toBe(20);
  });
});
