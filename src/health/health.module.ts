import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { QueueModule } from '../queue/queue.module.js';
import { HealthController } from './health.controller.js';
import { MetricsService } from './metrics.service.js';

@Module({
  imports: [TerminusModule, QueueModule],
  controllers: [HealthController],
  providers: [MetricsService],
  exports: [MetricsService],
})
export class HealthModule {}
