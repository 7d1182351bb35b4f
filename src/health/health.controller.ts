import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { QueueProducer } from '../queue/queue-producer.service.js';
import { QueueName } from '../queue/queue.registry.js';
import { REDIS } from '../redis/redis.module.js';
import { MetricsService } from './metrics.service.js';
import { HEARTBEAT_KEY } from './worker-heartbeat.job.js';

const CHECK_TIMEOUT_MS = 2_000;

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly producer: QueueProducer,
    private readonly metrics: MetricsService,
  ) {}

  @Get('health')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live(): { status: string } {
    return { status: 'ok' };
  }

  @Get('health/ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: PostgreSQL and Redis answer; also shows queue backlog and the last worker heartbeat' })
  @ApiOkResponse({
    schema: {
      example: {
        status: 'ok',
        details: { database: { status: 'up' }, redis: { status: 'up', lastWorkerHeartbeat: '2026-11-28T06:00:00.000Z' }, queues: { status: 'up', waiting: { maintenance: 0 } } },
      },
    },
  })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down', schema: { example: { status: 'error', details: { database: { status: 'down' } } } } })
  ready() {
    return this.health.check([
      () =>
        this.indicators
          .check('database')
          .attempt(() => this.dataSource.query('SELECT 1'))
          .withTimeout(CHECK_TIMEOUT_MS),
      () =>
        this.indicators
          .check('redis')
          .attempt(async () => ({ lastWorkerHeartbeat: (await this.redis.get(HEARTBEAT_KEY)) ?? 'never' }))
          .withTimeout(CHECK_TIMEOUT_MS),
      () =>
        this.indicators
          .check('queues')
          .attempt(async () => {
            const waiting = await Promise.all(Object.values(QueueName).map(async (name) => [name, await this.producer.queue(name).getWaitingCount()]));
            return { waiting: Object.fromEntries(waiting) };
          })
          .withTimeout(CHECK_TIMEOUT_MS),
    ]);
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics: HTTP latency histogram and process metrics' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ schema: { type: 'string' } })
  metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
