import { Module } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import { ConfigModule } from '../../src/config/config.module.js';
import { parseConfig } from '../../src/config/load-config.js';
import { OutboxRepository } from '../../src/queue/outbox.repository.js';
import { QueueWorkers } from '../../src/queue/queue-workers.service.js';
import { WorkerModule } from '../../src/worker.module.js';
import { testEnv } from '../support/app.js';
import { createTestDatabase } from '../support/database.js';

describe('worker boot check', () => {
  it('refuses to start when a job in the registry has no handler', async () => {
    const config = parseConfig(testEnv('postgres://unused@127.0.0.1:1/unused'));
    // The check runs before anything connects: a placeholder stands in for the database.
    @Module({ imports: [ConfigModule.forRoot(config), DiscoveryModule], providers: [QueueWorkers, { provide: OutboxRepository, useValue: {} }] })
    class WorkerWithoutHandlers {}
    await expect(NestFactory.createApplicationContext(WorkerWithoutHandlers, { logger: false, abortOnError: false })).rejects.toThrow('job "worker.heartbeat" has no handler');
  });

  it('starts the real worker, which runs its scheduled heartbeat job', async () => {
    const config = parseConfig(testEnv(await createTestDatabase()));
    const context = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: false });
    await context.init();
    try {
      const { Redis } = await import('ioredis');
      const redis = new Redis(config.REDIS_URL);
      let heartbeat: string | null = null;
      for (let i = 0; i < 50 && !heartbeat; i++) {
        heartbeat = await redis.get(`${config.REDIS_PREFIX}:worker:heartbeat`);
        if (!heartbeat) await new Promise((r) => setTimeout(r, 100));
      }
      redis.disconnect();
      expect(Date.now() - Date.parse(heartbeat ?? '')).toBeLessThan(60_000);
    } finally {
      await context.close();
    }
  });
});
