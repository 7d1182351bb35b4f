import { TestApp, startTestApp } from '../support/app.js';

const FINANCE_REPORT_ROUTES = [
  'GET /api/finance/ledger.csv',
  'GET /api/finance/reconciliation/runs/{id}/discrepancies.csv',
  'GET /api/finance/payouts',
  'GET /api/finance/payouts/{id}',
  'GET /api/finance/payouts/{id}/report.csv',
  'GET /api/finance/summary',
  'GET /api/finance/pledges',
  'GET /api/finance/pledges.csv',
  'GET /api/finance/cash-balances',
  'GET /api/finance/cash-balances.csv',
  'POST /api/finance/cash-balances/{customerId}/refund',
  'POST /api/finance/cash-balances/{customerId}/apply',
  'GET /api/finance/cash-returns',
  'GET /api/finance/receipts.csv',
  'GET /api/finance/receipts.zip',
  'POST /api/finance/annual-receipts',
  'GET /api/finance/annual-receipts/runs/{id}',
  'POST /api/finance/annual-receipts/{id}/reissue',
  'PUT /api/donations/{id}/tax-receipt',
];

describe('operability', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('answers liveness and readiness with PostgreSQL and Redis up', async () => {
    expect((await app.request('GET', '/health')).body).toEqual({ status: 'ok' });
    const ready = await app.request('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ok');
    expect(ready.body.details.database.status).toBe('up');
    expect(ready.body.details.redis.status).toBe('up');
  });

  it('exposes Prometheus metrics with the HTTP latency histogram and process metrics', async () => {
    await app.request('GET', '/api/campaigns');
    const metrics = await app.request('GET', '/metrics');
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(metrics.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/api\/campaigns",status_code="200"\} [1-9]/);
    expect(metrics.text).toMatch(/process_resident_memory_bytes \d+/);
  });

  it('documents every route in OpenAPI with request and response schemas', async () => {
    const docs = await app.request('GET', '/api/docs/openapi.json');
    expect(docs.status).toBe(200);
    const paths = docs.body.paths as Record<string, Record<string, any>>;
    const routes = Object.entries(paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`));
    expect(routes.sort()).toEqual(
      [
        'GET /health',
        'GET /health/ready',
        'GET /metrics',
        'POST /api/auth/login',
        'PATCH /api/auth/language',
        'POST /api/users',
        'POST /api/campaigns',
        'GET /api/campaigns',
        'GET /api/campaigns/{idOrSlug}',
        'PATCH /api/campaigns/{id}',
        'POST /api/campaigns/{id}/publish',
        'POST /api/campaigns/{id}/close',
        'GET /api/campaigns/{id}/totals',
        'GET /api/campaigns/{id}/totals/stream',
        'POST /api/campaigns/{id}/donations',
        'GET /api/donations/{id}',
        'POST /api/webhooks/stripe',
        'GET /api/fees',
        'GET /api/donations/{id}/status',
        'GET /api/campaigns/{id}/donations-over-time',
        'POST /api/campaigns/{id}/updates',
        'GET /api/campaigns/{id}/updates',
        'GET /api/campaigns/{id}/updates/{updateId}',
        'GET /unsubscribe',
        'POST /unsubscribe',
        'POST /api/finance/reconciliation/runs',
        'GET /api/finance/reconciliation/runs/{id}',
        'POST /api/finance/reconciliation/discrepancies/{id}/resolve',
        'GET /api/finance/reconciliation/discrepancies/{id}/audit',
        'POST /api/auth/logout',
        'POST /api/auth/password',
        'GET /api/users',
        'PATCH /api/users/{id}',
        'DELETE /api/users/{id}',
        'GET /api/audit-log',
        'GET /api/campaigns/{id}/coordinators',
        'PUT /api/campaigns/{id}/coordinators',
        'GET /api/donations/challenge',
        'GET /api/security/card-testing',
        'GET /api/mail/undelivered',
        'POST /api/mail/retry',
        'GET /api/finance/unmatched-events',
        'GET /api/organisation',
        'PUT /api/organisation',
        'GET /api/finance/donors',
        'POST /api/finance/donors/merge',
        ...FINANCE_REPORT_ROUTES,
      ].sort(),
    );
    for (const [path, ops] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const success = op.responses['200'] ?? op.responses['201'] ?? op.responses['202'];
        // A 204 is documented as having no body (logout, password change, deleting an account).
        const documented = Boolean(success?.content || success?.schema) || (!success && '204' in op.responses);
        expect({ route: `${method} ${path}`, hasSuccessSchema: documented }).toEqual({ route: `${method} ${path}`, hasSuccessSchema: true });
        if (method === 'post' && op.requestBody) expect(op.requestBody.content['application/json'].schema).toBeDefined();
      }
    }
    // Title and region come either flat or per language in translations, so neither is required on its own.
    expect(docs.body.components.schemas.CreateCampaignRequest.required).toEqual(expect.arrayContaining(['disasterType', 'currency', 'goalAmount']));
    expect(Object.keys(docs.body.components.schemas.CreateCampaignRequest.properties)).toEqual(expect.arrayContaining(['translations', 'title', 'region']));
    expect((await app.request('GET', '/api/docs')).text).toMatch(/swagger-ui/i);
  });

  it('tags every response with a request id, echoing the caller’s, and sends security headers', async () => {
    const generated = await app.request('GET', '/health');
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await app.request('GET', '/health', { headers: { 'x-request-id': 'trace-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('trace-123');
    expect(echoed.headers.get('x-content-type-options')).toBe('nosniff');
    expect(echoed.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(echoed.headers.get('strict-transport-security')).toBeTruthy();
  });

  it('maps every failure to {statusCode, error, message, code}', async () => {
    const unknownRoute = await app.request('GET', '/api/nothing-here');
    expect(unknownRoute.body).toEqual({ statusCode: 404, error: 'Not Found', message: expect.any(String), code: 'not_found' });
    const badJson = await app.request('POST', '/api/auth/login', { rawBody: '{"email":', headers: { 'content-type': 'application/json' } });
    expect(badJson.body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.stringMatching(/JSON/), code: 'invalid_json' });
    const huge = await app.request('POST', '/api/auth/login', { body: { email: 'a@b.c', password: 'x'.repeat(2 * 1024 * 1024) } });
    expect(huge.body).toEqual({ statusCode: 413, error: 'Payload Too Large', message: expect.any(String), code: 'payload_too_large' });
    const invalid = await app.request('POST', '/api/auth/login', { body: { email: 42 } });
    expect(invalid.body).toMatchObject({ statusCode: 400, code: 'validation_failed' });
    const unauthenticated = await app.request('GET', '/api/donations/00000000-0000-0000-0000-000000000000');
    expect(unauthenticated.body).toMatchObject({ statusCode: 401, code: 'missing_token' });
    const missing = await app.request('GET', '/api/campaigns/no-such-campaign');
    expect(missing.body).toMatchObject({ statusCode: 404, code: 'campaign_not_found' });
  });

  it('lists every error code in the OpenAPI document, each a stable snake_case name', async () => {
    const docs = await app.request('GET', '/api/docs/openapi.json');
    const codes: string[] = docs.body.components.schemas.ErrorResponse.properties.code.enum;
    expect(codes).toEqual(
      expect.arrayContaining([
        'validation_failed',
        'not_found',
        'campaign_not_found',
        'amount_below_minimum',
        'campaign_not_active',
        'bad_webhook_signature',
        'already_resolved',
        'nothing_to_refund',
        'cash_balance_changed',
        'cash_return_in_progress',
        'email_taken',
        'missing_token',
      ]),
    );
    for (const code of codes) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
    expect(docs.body.components.schemas.ErrorResponse.required).toContain('code');
  });
});

describe('Bull Board', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('is for admins only: 401 without a token, 403 for a coordinator, the board for an admin (header or cookie)', async () => {
    expect((await app.request('GET', '/admin/queues')).status).toBe(401);
    expect((await app.request('GET', '/admin/queues', { token: await app.staffToken('coordinator') })).status).toBe(403);
    const admin = await app.login();
    const board = await app.request('GET', '/admin/queues', { token: admin });
    expect(board.status).toBe(200);
    expect(board.text).toMatch(/<title>[^<]*<\/title>/);
    const queues = await app.request('GET', '/admin/queues/api/queues', { headers: { cookie: `kizuna_token=${admin}` } });
    expect(queues.status).toBe(200);
    expect(queues.body.queues.map((q: { name: string }) => q.name)).toEqual(expect.arrayContaining(['receipts', 'update-emails', 'stripe-sync']));
  });
});
