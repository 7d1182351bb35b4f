import { Global, Module } from '@nestjs/common';
import Stripe from 'stripe';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';

export const STRIPE = Symbol('STRIPE');

/** Explicit bounds: a slow Stripe must not hold a donor's request for long (the SDK retries with the same idempotency key). */
const STRIPE_TIMEOUT_MS = 10_000;
const STRIPE_NETWORK_RETRIES = 2;

function createStripeClient(config: Pick<AppConfig, 'STRIPE_SECRET_KEY' | 'STRIPE_API_BASE'>): Stripe {
  const base = config.STRIPE_API_BASE ? new URL(config.STRIPE_API_BASE) : undefined;
  return new Stripe(config.STRIPE_SECRET_KEY, {
    timeout: STRIPE_TIMEOUT_MS,
    maxNetworkRetries: STRIPE_NETWORK_RETRIES,
    appInfo: { name: 'Kizuna' },
    ...(base && {
      host: base.hostname,
      port: Number(base.port || (base.protocol === 'https:' ? 443 : 80)),
      protocol: base.protocol === 'https:' ? 'https' : 'http',
    }),
  });
}

@Global()
@Module({
  providers: [{ provide: STRIPE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createStripeClient(config) }],
  exports: [STRIPE],
})
export class StripeModule {}
