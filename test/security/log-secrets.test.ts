import { type ChildProcess, spawn } from 'node:child_process';
import Stripe from 'stripe';
import { freePort } from '../../tools/local/infra.js';
import { startMailCatcher, type MailCatcher } from '../../tools/mail-catcher/mail-catcher.js';
import { startStripeEmulator, type StripeEmulator } from '../../tools/stripe-emulator/emulator.js';
import { TEST_ADMIN, testEnv } from '../support/app.js';
import { createTestDatabase } from '../support/database.js';
import { waitUntil } from '../support/wait.js';

const WEBHOOK_SECRET = 'whsec_log_secrets';
const DONOR = { email: 'Hanako.Yamada+relief@example.jp', name: 'Hanako Yamada' };
const toDonor = (to: string[]) => to.some((address) => address.toLowerCase() === DONOR.email.toLowerCase());

/** A compiled entrypoint run as its own process (npm run build first), every byte of its output kept. */
class LoggedProcess {
  readonly child: ChildProcess;
  output = '';

  constructor(script: string, env: Record<string, string>) {
    this.child = spawn(process.execPath, [script], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => (this.output += chunk.toString());
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGTERM, then the exit: pino writes what it still holds before the process ends. */
  stop(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }
}

/**
 * A realistic run with every log line kept: the API and the worker as processes at LOG_LEVEL=debug, a staff
 * login, a campaign, a donor's gift through the Stripe emulator and its receipt, the thank-you page's status
 * link with its token, an update with its unsubscribe link, followed and used. Then a grep of everything
 * they wrote finds no token and nothing of the donor.
 */
describe('logs without secrets', () => {
  let emulator: StripeEmulator;
  let mail: MailCatcher;
  let api: LoggedProcess;
  let worker: LoggedProcess;
  let url: string;

  async function request(method: string, path: string, options: { body?: unknown; token?: string; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${url}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    const text = await response.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body, text };
  }

  beforeAll(async () => {
    emulator = await startStripeEmulator({ port: 0, webhookSecret: WEBHOOK_SECRET });
    mail = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const env = testEnv(await createTestDatabase(), {
      PORT: String(port),
      STRIPE_API_BASE: emulator.url,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      SMTP_URL: mail.smtpUrl,
      LOG_LEVEL: 'debug',
    });
    api = new LoggedProcess('dist/src/main.js', env);
    worker = new LoggedProcess('dist/src/worker.js', env);
    await waitUntil(
      'the API to answer /health',
      async () => {
        if (!api.running) throw new Error(`the API exited:\n${api.output}`);
        return fetch(`${url}/health`).then(
          (r) => r.ok,
          () => false,
        );
      },
      30_000,
    );
    emulator.setWebhookUrl(`${url}/api/webhooks/stripe`);
  });
  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
    await emulator?.close();
    await mail?.close();
  });

  it('never writes a token, an Authorization header or a donor’s email or name', async () => {
    const secrets: Record<string, string> = { 'donor email': DONOR.email, 'donor name': DONOR.name, 'admin password': TEST_ADMIN.password };

    // A staff login, and requests that carry its token, a wrong token, and a body with a password.
    const login = await request('POST', '/api/auth/login', { body: TEST_ADMIN });
    expect(login.status).toBe(200);
    const admin = login.body.accessToken as string;
    secrets['staff access token'] = admin;
    expect((await request('POST', '/api/auth/login', { body: { email: TEST_ADMIN.email, password: 'not-the-password' } })).status).toBe(401);
    expect((await request('GET', '/api/donations/00000000-0000-0000-0000-000000000000', { token: `${admin}x` })).status).toBe(401);

    const created = await request('POST', '/api/campaigns', {
      token: admin,
      body: { title: 'Quiet logs appeal', disasterType: 'flood', region: 'Kyūshū', currency: 'jpy', goalAmount: 1_000_000 },
    });
    expect(created.status).toBe(201);
    const campaignId = created.body.id as string;
    expect((await request('POST', `/api/campaigns/${campaignId}/publish`, { token: admin })).status).toBe(201);

    // The donor gives, as the donation page and Stripe.js do.
    const donation = await request('POST', `/api/campaigns/${campaignId}/donations`, {
      body: { amount: 5000, currency: 'jpy', email: DONOR.email, name: DONOR.name, message: 'For the families of Kyūshū', subscribeToUpdates: true },
      headers: { 'idempotency-key': 'log-secrets-gift' },
    });
    expect(donation.status).toBe(201);
    secrets['status token'] = donation.body.statusToken;
    secrets['client secret'] = donation.body.clientSecret;
    // A bad gift from the same donor: the 400 answer names the field, the log must not name the donor.
    expect((await request('POST', `/api/campaigns/${campaignId}/donations`, { body: { amount: 1, currency: 'jpy', email: DONOR.email, name: DONOR.name } })).status).toBe(400);
    const stripe = new Stripe('sk_test_emulator', { host: '127.0.0.1', port: emulator.port, protocol: 'http' });
    await stripe.paymentIntents.confirm(donation.body.paymentIntentId, { payment_method: 'pm_card_visa' });
    await emulator.idle();

    // The thank-you page follows the donation with the status link, as the browser does, until the receipt is out.
    const statusPath = `/api/donations/${donation.body.donationId}/status?token=${encodeURIComponent(donation.body.statusToken)}`;
    expect((await request('GET', `/thanks?donation=${donation.body.donationId}&token=${donation.body.statusToken}`)).status).toBe(200);
    await waitUntil('the receipt number', async () => (await request('GET', statusPath)).body.receiptNumber);
    await waitUntil('the receipt email', async () => mail.messages().some((m) => toDonor(m.to)));
    expect((await request('GET', `/api/donations/${donation.body.donationId}/status?token=${donation.body.statusToken}x`)).status).toBe(404);

    // An update reaches the donor; the donor opens its unsubscribe link and confirms.
    expect((await request('POST', `/api/campaigns/${campaignId}/updates`, { token: admin, body: { title: 'Boats are out', body: 'Thank you.' } })).status).toBe(201);
    const update = await waitUntil('the update email', async () => mail.messages().find((m) => toDonor(m.to) && m.headers['list-unsubscribe']));
    const link = new URL(/<([^>]+)>/.exec(update.headers['list-unsubscribe'])![1]);
    secrets['unsubscribe token'] = link.searchParams.get('token')!;
    const unsubscribePath = `${link.pathname}${link.search}`;
    expect((await request('GET', unsubscribePath)).status).toBe(200);
    expect((await request('POST', unsubscribePath)).status).toBe(200);
    expect((await request('GET', `${link.pathname}?donor=${link.searchParams.get('donor')}&token=${secrets['unsubscribe token']}x`)).status).toBe(400);

    // Staff read the donor's gift, with the token in the header.
    expect((await request('GET', `/api/donations/${donation.body.donationId}`, { token: admin })).status).toBe(200);
    expect((await request('GET', `/api/campaigns/${campaignId}/donations`, { token: admin })).status).toBeLessThan(500);

    // The logger writes in batches at least every second; a process stopped by a signal loses what it still holds.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await api.stop();
    await worker.stop();
    const logs = `${api.output}\n${worker.output}`;
    // The run was logged (request lines with their route and path), just without what is secret.
    expect(logs).toMatch(/"msg":"request completed"/);
    expect(logs).toContain('"path":"/unsubscribe"');
    expect(logs).toContain('"route":"/api/donations/:id/status"');
    const found = Object.entries(secrets)
      .flatMap(([what, value]) => [value, encodeURIComponent(value), value.toLowerCase()].map((form) => [what, form] as const))
      .filter(([, form]) => logs.toLowerCase().includes(form.toLowerCase()))
      .map(([what]) => what);
    expect([...new Set(found)]).toEqual([]);
    expect(logs).not.toMatch(/[?&]token=/);
    expect(logs).not.toMatch(/authorization/i);
  }, 180_000);
});
