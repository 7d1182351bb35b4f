import { TestApp, startTestApp } from '../support/app.js';

/** Request shapes the fault suite's malformed-input sweep found answered with a 500 or accepted; each must be a 400 that writes nothing. */
describe('requests the validation pipe must refuse', () => {
  let app: TestApp;
  let admin: string;
  let campaignId: string;
  beforeAll(async () => {
    app = await startTestApp();
    admin = await app.login();
    const created = await app.request('POST', '/api/campaigns', {
      token: admin,
      body: { title: 'Shapes', disasterType: 'flood', region: 'Kyūshū', currency: 'jpy', goalAmount: 100_000 },
    });
    campaignId = created.body.id;
  });
  afterAll(() => app.close());

  const rows = async () =>
    (
      await app.sql(
        `SELECT (SELECT count(*) FROM campaigns)::int AS campaigns, (SELECT max(updated_at)::text FROM campaigns) AS updated, (SELECT count(*) FROM reconciliation_runs)::int AS runs`,
      )
    )[0];
  const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

  it.each([
    ['arrays nested 5,000 deep as the body', 'POST', '/api/campaigns', () => deep(5000), /^the request body must be a JSON object$/],
    ['arrays nested 5,000 deep in a field', 'POST', '/api/campaigns', () => `{"title": ${deep(5000)}}`, /^the request body is nested too deeply/],
    ['objects nested 5,000 deep in a field', 'PATCH', '/api/campaigns/:id', () => `${'{"story":'.repeat(5000)}1${'}'.repeat(5000)}`, /^the request body is nested too deeply/],
    ['a JSON null body', 'PATCH', '/api/campaigns/:id', () => 'null', /^the request body must be a JSON object$/],
    ['a JSON array body', 'POST', '/api/finance/reconciliation/runs', () => '[]', /^the request body must be a JSON object$/],
    ['a JSON string body', 'POST', '/api/finance/reconciliation/runs', () => '"hello"', /^the request body must be a JSON object$/],
  ])('%s: 400 and nothing written', async (_, method, path, body, message) => {
    const before = await rows();
    const result = await app.request(method, path.replace(':id', campaignId), { token: admin, rawBody: body(), headers: { 'content-type': 'application/json' } });
    expect({ status: result.status, message: result.body.message }).toEqual({ status: 400, message: expect.stringMatching(message) });
    expect(await rows()).toEqual(before);
  });

  it.each(['title', 'disasterType', 'region', 'currency', 'goalAmount', 'story', 'slug'])('PATCH with %s: null is a 400 and changes nothing', async (field) => {
    const before = await rows();
    const result = await app.request('PATCH', `/api/campaigns/${campaignId}`, { token: admin, body: { [field]: null } });
    expect({ status: result.status, message: result.body.message }).toEqual({ status: 400, message: expect.stringMatching(new RegExp(`^${field} `)) });
    expect(await rows()).toEqual(before);
  });

  it('a new campaign with a null story is a 400 too, as for PATCH', async () => {
    const result = await app.request('POST', '/api/campaigns', {
      token: admin,
      body: { title: 'Null story', disasterType: 'flood', region: 'Kyūshū', currency: 'jpy', goalAmount: 1000, story: null },
    });
    expect({ status: result.status, message: result.body.message }).toEqual({ status: 400, message: 'story must be a string' });
  });

  // PostgreSQL cannot store a NUL character in text: one that reached a query came back as a 500.
  it.each([
    ['in a path id', 'GET', '/api/campaigns/%00', undefined, /^idOrSlug must not contain NUL characters$/],
    ['in a path id', 'GET', '/api/campaigns/a%00b/totals', undefined, /^id must not contain NUL characters$/],
    ['in a query value', 'GET', '/api/finance/payouts?from=2026-01-01%00', undefined, /^from must not contain NUL characters$/],
    [
      'in a body field',
      'POST',
      '/api/campaigns',
      { title: 'Relief\u0000', disasterType: 'flood', region: 'Kyūshū', currency: 'jpy', goalAmount: 1000 },
      /^title must not contain NUL characters$/,
    ],
    ['in a body field', 'PATCH', '/api/campaigns/:id', { story: 'Once\u0000upon' }, /^story must not contain NUL characters$/],
  ])('a NUL character %s (%s %s) is a 400', async (_, method, path, body, message) => {
    const before = await rows();
    const result = await app.request(method, path.replace(':id', campaignId), { token: admin, body });
    expect({ status: result.status, message: result.body.message }).toEqual({ status: 400, message: expect.stringMatching(message) });
    expect(await rows()).toEqual(before);
  });

  // The unsubscribe routes answer HTML; an error raised before their handler ran was sent as JSON labelled text/html, which failed as a 500.
  it.each(['GET', 'POST'])('%s /unsubscribe with a NUL character in the query is a JSON 400', async (method) => {
    const result = await app.request(method, '/unsubscribe?donor=a%00b&token=t');
    expect({ status: result.status, type: result.headers.get('content-type'), message: result.body.message }).toEqual({
      status: 400,
      type: expect.stringMatching(/^application\/json/),
      message: 'donor must not contain NUL characters',
    });
  });

  it('still takes a request without a body where every field is optional', async () => {
    const result = await app.request('POST', '/api/finance/reconciliation/runs', { token: admin });
    expect(result.status).toBe(202);
  });
});
