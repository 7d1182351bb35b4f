import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { dataSourceOptions } from './data-source-options.js';

export interface DatabaseModuleOptions {
  /**
   * The most connections this process holds at once. Each entrypoint sizes it for its own work (src/app.module.ts,
   * src/worker.module.ts): the database layer knows nothing of the layers above it.
   */
  poolSize: number;
}

/** The pool size this process was given (DatabaseModule.forRoot), injected into the TypeORM options. */
const DATABASE_POOL_SIZE = Symbol('DATABASE_POOL_SIZE');

// Registered once for the process, as TypeORM wants one registration per data source name; each application
// built in the process (the API and the worker share one in the tests) gets its own data source from it, sized
// by the DATABASE_POOL_SIZE of its own root module.
const TYPEORM = TypeOrmModule.forRootAsync({
  inject: [APP_CONFIG, DATABASE_POOL_SIZE],
  useFactory: (config: AppConfig, poolSize: number) => ({ ...dataSourceOptions(config.DATABASE_URL, poolSize), retryAttempts: 5, retryDelay: 1_000 }),
});

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    if (!Number.isSafeInteger(options.poolSize) || options.poolSize < 1) throw new Error(`database pool size must be a positive integer, got ${options.poolSize}`);
    return {
      module: DatabaseModule,
      imports: [TYPEORM],
      providers: [{ provide: DATABASE_POOL_SIZE, useValue: options.poolSize }],
      exports: [DATABASE_POOL_SIZE],
    };
  }
}
