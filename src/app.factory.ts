import type { Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import { AppModule } from './app.module.js';
import { AUTH_ERROR_CODES } from './auth/auth.errors.js';
import { CAMPAIGN_ERROR_CODES } from './campaigns/campaign.errors.js';
import { COMMON_ERROR_CODES, HttpExceptionFilter } from './common/http-exception.filter.js';
import { DONATION_ERROR_CODES } from './donations/donation.errors.js';
import { FINANCE_ERROR_CODES } from './finance/finance.errors.js';
import { NOTIFICATION_ERROR_CODES } from './notifications/notification.errors.js';
import { WEBHOOK_ERROR_CODES } from './payments/webhook.errors.js';
import { RECONCILIATION_ERROR_CODES } from './reconciliation/reconciliation.errors.js';
import { USER_ERROR_CODES } from './users/user.errors.js';
import { ORGANISATION_ERROR_CODES } from './organisation/organisation.errors.js';
import { createLogger, PinoNestLogger, pathOnly } from './common/logger.js';
import { headerSetFor, securityHeaders } from './common/security-headers.js';
import { createValidationPipe } from './common/validation.pipe.js';
import type { AppConfig } from './config/config.schema.js';
import { trustProxyOption } from './config/trust-proxy.js';
import { MetricsService } from './health/metrics.service.js';
import { StaffAuthenticator } from './auth/staff.guard.js';
import { registerBullBoard } from './queue/bull-board.js';
import { QueueProducer } from './queue/queue-producer.service.js';

const BODY_LIMIT_BYTES = 1024 * 1024;
// Probes and scrapes every few seconds: logging them would bury the requests that matter.
const QUIET_ROUTES = new Set(['/health', '/health/ready', '/metrics']);

function isAnonymousRead(request: FastifyRequest, statusCode: number): boolean {
  return (request.method === 'GET' || request.method === 'HEAD') && statusCode < 400 && request.headers.authorization === undefined && request.headers.cookie === undefined;
}

/** Every code an error body can carry, listed in the OpenAPI document as the enum of ErrorResponse.code. */
const ERROR_CODES = [
  ...new Set([
    ...COMMON_ERROR_CODES,
    ...AUTH_ERROR_CODES,
    ...USER_ERROR_CODES,
    ...CAMPAIGN_ERROR_CODES,
    ...DONATION_ERROR_CODES,
    ...WEBHOOK_ERROR_CODES,
    ...NOTIFICATION_ERROR_CODES,
    ...RECONCILIATION_ERROR_CODES,
    ...FINANCE_ERROR_CODES,
    ...ORGANISATION_ERROR_CODES,
  ]),
].sort();

function openApiDocument(app: NestFastifyApplication, config: Omit<OpenAPIObject, 'paths'>): OpenAPIObject {
  const document = SwaggerModule.createDocument(app, config);
  const errorResponse = document.components?.schemas?.ErrorResponse as { properties?: Record<string, { enum?: string[] }> } | undefined;
  const code = errorResponse?.properties?.code;
  if (code) code.enum = ERROR_CODES;
  return document;
}

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
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: trustProxyOption(config.TRUST_PROXY),
    genReqId: requestId,
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }),
  });
  // Logs go through pino from the first line, and a failure to boot is thrown to the caller (src/main.ts logs it in
  // one line and exits 1; a test sees the error) instead of Nest exiting the process itself.
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    rawBody: true,
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  app.useGlobalFilters(new HttpExceptionFilter());
  app.useGlobalPipes(createValidationPipe());

  const fastify = app.getHttpAdapter().getInstance();
  // The pages' strict policy; the JSON API a shorter, stricter one; Swagger UI and Bull Board a looser one of their own (inline styles).
  const headers = { pages: securityHeaders('pages'), tools: securityHeaders('tools'), api: securityHeaders('api') };
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    void reply.headers(headers[headerSetFor(request.url)]);
    done();
  });
  fastify.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply) => {
    void reply.header('x-request-id', request.id);
  });
  const metrics = app.get(MetricsService);
  fastify.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    metrics.observe(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    // The path without its query string: status links and unsubscribe links carry their tokens there.
    const path = pathOnly(request.url);
    if (QUIET_ROUTES.has(path)) return;
    // An anonymous read that succeeded is what a surge of donors' pages makes, thousands a second: the metrics count
    // it, and the log has it at debug. Anything else (writes, staff, errors) is logged at info.
    const level = isAnonymousRead(request, reply.statusCode) ? 'debug' : 'info';
    if (!(request.log as Logger).isLevelEnabled(level)) return;
    request.log[level](
      { req: { method: request.method, route: request.routeOptions.url ?? 'unmatched', path }, res: { statusCode: reply.statusCode }, responseTime: reply.elapsedTime },
      'request completed',
    );
  });

  const authenticator = app.get(StaffAuthenticator);
  await registerBullBoard(fastify, app.get(QueueProducer), (token) => authenticator.authenticate(token));

  const openApi = new DocumentBuilder()
    .setTitle('Kizuna API')
    .setDescription(
      'Disaster-relief fundraising: campaigns, donations through Stripe, receipts, updates and reconciliation. Amounts are integers in the minor unit of their currency.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => openApiDocument(app, openApi), { jsonDocumentUrl: 'api/docs/openapi.json' });
  return app;
}
