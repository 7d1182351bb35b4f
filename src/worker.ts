import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { bootOrExit } from './common/boot.js';
import { createLogger, PinoNestLogger } from './common/logger.js';
import { loadOrExit, parseConfig } from './config/load-config.js';
import { WorkerModule } from './worker.module.js';

async function main(): Promise<void> {
  const config = loadOrExit(() => parseConfig(process.env));
  // As the API: pino from the first line, and a failure to boot thrown here rather than Nest exiting by itself.
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: new PinoNestLogger(createLogger(config)),
    abortOnError: false,
  });
  app.enableShutdownHooks();
  await app.init();
}

bootOrExit('worker', main);
