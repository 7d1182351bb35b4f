import { spawn } from 'node:child_process';
import type { StripeEmulator } from '../../tools/stripe-emulator/emulator.js';
import { startEmulator } from './support.js';

/** Runs the built `npm run stripe:smoke` script, as an operator would, and collects what it prints. */
function smoke(env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/tools/stripe-smoke/main.js'], { env: { PATH: process.env.PATH ?? '', ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('npm run stripe:smoke against the emulator', () => {
  let emulator: StripeEmulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator?.close());

  it('walks a yen gift and a refund, prints their balance transactions and the payouts, and every check passes', async () => {
    const { code, out, err } = await smoke({ STRIPE_SECRET_KEY: 'sk_test_emulator', STRIPE_API_BASE: emulator.url });
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toMatch(/^gift pi_\w+: 1000 jpy, succeeded$/m);
    expect(out).toMatch(/^ {2}charge ch_\w+ → charge txn_\w+: 1000 jpy, fee \d+ jpy, net \d+ jpy/m);
    expect(out).toMatch(/^refund re_\w+: 500 jpy, succeeded$/m);
    expect(out).toMatch(/^ {2}→ refund txn_\w+: -500 jpy/m);
    expect(out).toMatch(/^balance: available .*; pending .*$/m);
    expect(out).toMatch(/^all \d+ checks passed$/m);
    expect(out).not.toMatch(/^FAIL/m);
  });

  it('walks a dollar gift on the yen account: the charge and the refund land in yen, each at its rate', async () => {
    const { code, out } = await smoke({ STRIPE_SECRET_KEY: 'sk_test_emulator', STRIPE_API_BASE: emulator.url, SMOKE_CURRENCY: 'usd', SMOKE_AMOUNT: '2500' });
    expect(code).toBe(0);
    expect(out).toMatch(/^gift pi_\w+: 2500 usd, succeeded$/m);
    expect(out).toMatch(/^ {2}charge ch_\w+ → charge txn_\w+: \d+ jpy, fee \d+ jpy, net \d+ jpy, rate [\d.]+, pending/m);
    expect(out).toMatch(/^ok {3}charge: converted at its rate/m);
    expect(out).toMatch(/^refund re_\w+: 1250 usd, succeeded$/m);
    expect(out).toMatch(/^ {2}→ refund txn_\w+: -\d+ jpy/m);
  });

  it('reports an automatic payout as the net of what it paid out, once the clock has moved on', async () => {
    emulator.advanceClock(8 * 24 * 3600);
    const { code, out } = await smoke({ STRIPE_SECRET_KEY: 'sk_test_emulator', STRIPE_API_BASE: emulator.url });
    expect(code).toBe(0);
    expect(out).toMatch(/^payout po_\w+: \d+ jpy, paid, automatic$/m);
    expect(out).toMatch(/^ok {3}payout po_\w+ = net of its items/m);
  });

  it('refuses a live key or a bad amount before calling anything', async () => {
    const live = await smoke({ STRIPE_SECRET_KEY: 'sk_live_abc', STRIPE_API_BASE: emulator.url });
    expect(live.code).toBe(1);
    expect(live.err).toMatch(/must be a test key/);
    const amount = await smoke({ STRIPE_SECRET_KEY: 'sk_test_emulator', STRIPE_API_BASE: emulator.url, SMOKE_AMOUNT: '12.5' });
    expect(amount.code).toBe(1);
    expect(amount.err).toMatch(/SMOKE_AMOUNT must be a positive integer/);
  });
});
