import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createLogger, PinoNestLogger } from './common/logger.js';
import { loadOrExit, parseConfig } from './config/load-config.js';
import { WorkerModule } from './worker.module.js';

async function main(): Promise<void> {
  const config = loadOrExit(() => parseConfig(process.env));
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(new PinoNestLogger(createLogger(config)));
  app.enableShutdownHooks();
  await app.init();
}

main().catch((error: Error) => {
  process.stderr.write(`worker failed to start: ${error.message}\n`);
  process.exit(1);
});
