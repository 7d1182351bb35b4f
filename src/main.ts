import 'reflect-metadata';
import { createApi } from './app.factory.js';
import { bootOrExit } from './common/boot.js';
import { loadOrExit, parseConfig } from './config/load-config.js';

async function main(): Promise<void> {
  const config = loadOrExit(() => parseConfig(process.env));
  const app = await createApi(config);
  app.enableShutdownHooks();
  await app.listen({ port: config.PORT, host: '0.0.0.0' });
}

bootOrExit('api', main);
