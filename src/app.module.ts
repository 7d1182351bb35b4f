import { DynamicModule, Module } from '@nestjs/common';
import { CampaignsModule } from './campaigns/campaigns.module.js';
import { WebModule } from './web/web.module.js';
import { ConfigModule } from './config/config.module.js';
import type { AppConfig } from './config/config.schema.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { QueueModule } from './queue/queue.module.js';
import { RedisModule } from './redis/redis.module.js';
import { UsersModule } from './users/users.module.js';
import { DonationsModule } from './donations/donations.module.js';
import { PaymentsModule } from './payments/payments.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { ReconciliationModule } from './reconciliation/reconciliation.module.js';
import { StripeModule } from './stripe/stripe.module.js';
import { FinanceReportsModule } from './finance/finance-reports.module.js';
import { OrganisationApiModule } from './organisation/organisation-api.module.js';

/**
 * Connections of one API process: a request holds one for its transaction, and a surge beyond this many waits
 * for a free one (up to the pool's connection timeout) rather than piling onto PostgreSQL.
 */
const API_POOL_SIZE = 20;

/** The HTTP API's root module. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot({ poolSize: API_POOL_SIZE }),
        RedisModule,
        QueueModule,
        StripeModule,
        HealthModule,
        UsersModule,
        OrganisationApiModule,
        CampaignsModule,
        DonationsModule,
        PaymentsModule,
        NotificationsModule,
        ReconciliationModule,
        FinanceReportsModule,
        WebModule,
      ],
    };
  }
}
