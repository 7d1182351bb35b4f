import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import { AppModule } from './app.module.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import { createLogger, PinoNestLogger } from './common/logger.js';
import { securityHeaders } from './common/security-headers.js';
import { createValidationPipe } from './common/validation.pipe.js';
import type { AppConfig } from './config/config.schema.js';
import { MetricsService } from './health/metrics.service.js';
import { TokenService } from './auth/token.service.js';
import { registerBullBoard } from './queue/bull-board.js';
import { QueueProducer } from './queue/queue-producer.service.js';

const BODY_LIMIT_BYTES = 1024 * 1024;
// Probes and scrapes every few seconds: logging them would bury the requests that matter.
const QUIET_ROUTES = new Set(['/health', '/health/ready', '/metrics']);

/** The caller's X-Request-Id when it sends a sane one, so a trace crosses services; otherwise a fresh UUID. */
function requestId(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
}

/** Builds the HTTP API (not yet listening): used by src/main.ts and by the tests. */
export async function createApi(config: AppConfig): Promise<NestFastifyApplication> {
  const logger = createLogger(config);
  // Fastify's own request logging is off: one line per request is written below, when the response is sent.
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES, trustProxy: true, genReqId: requestId, loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, { rawBody: true, bufferLogs: true });
  app.useLogger(new PinoNestLogger(logger));
  app.useGlobalFilters(new HttpExceptionFilter());
  app.useGlobalPipes(createValidationPipe());

  const fastify = app.getHttpAdapter().getInstance();
  const headers = securityHeaders();
  fastify.addHook('onRequest', (_request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    void reply.headers(headers);
    done();
  });
  fastify.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply) => {
    void reply.header('x-request-id', request.id);
  });
  const metrics = app.get(MetricsService);
  fastify.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    metrics.observe(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    if (!QUIET_ROUTES.has(request.url)) {
      request.log.info({ req: { method: request.method, url: request.url }, res: { statusCode: reply.statusCode }, responseTime: reply.elapsedTime }, 'request completed');
    }
  });

  await registerBullBoard(fastify, app.get(QueueProducer), (token) => app.get(TokenService).verify(token));

  const openApi = new DocumentBuilder()
    .setTitle('Kizuna API')
    .setDescription('Disaster-relief fundraising: campaigns, donations through Stripe, receipts, updates and reconciliation. Amounts are integers in the minor unit of their currency.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi), { jsonDocumentUrl: 'api/docs/openapi.json' });
  return app;
}
