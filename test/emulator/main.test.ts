import { freePort } from '../../tools/local/infra.js';
import { runProcess } from '../support/processes.js';

const MAIN = 'dist/tools/stripe-emulator/main.js';

function envWithout(...names: string[]): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of names) delete env[name];
  return env;
}

describe('npm run stripe:emulator (main.ts)', () => {
  it('exits 1 with one line naming STRIPE_WEBHOOK_SECRET when it is missing', async () => {
    const result = await runProcess(process.execPath, [MAIN], envWithout('STRIPE_WEBHOOK_SECRET'), 10_000);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/STRIPE_WEBHOOK_SECRET/);
  });

  it('exits 1 naming the variable when the secret or a number is malformed', async () => {
    const malformed = await runProcess(process.execPath, [MAIN], { ...envWithout(), STRIPE_WEBHOOK_SECRET: 'not-a-secret' }, 10_000);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr.trim()).toMatch(/^STRIPE_WEBHOOK_SECRET .*whsec_/);
    const duplicates = await runProcess(process.execPath, [MAIN], { ...envWithout(), STRIPE_WEBHOOK_SECRET: 'whsec_x', STRIPE_EMULATOR_DUPLICATES: '0' }, 10_000);
    expect(duplicates.code).toBe(1);
    expect(duplicates.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^STRIPE_EMULATOR_DUPLICATES/)]);
  });

  it('exits 1 naming the variable when the settlement currency or the payout schedule is unknown', async () => {
    for (const [name, value] of [
      ['STRIPE_EMULATOR_SETTLEMENT_CURRENCY', 'xyz'],
      ['STRIPE_EMULATOR_PAYOUT_SCHEDULE', 'hourly'],
    ]) {
      const result = await runProcess(process.execPath, [MAIN], { ...envWithout(), STRIPE_WEBHOOK_SECRET: 'whsec_x', [name]: value }, 10_000);
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^${name} .*"${value}"`))]);
    }
  });

  it('serves /health on STRIPE_EMULATOR_PORT and stops on SIGTERM', async () => {
    // A port the system just handed out: a random one could be a test database's or Redis's.
    const port = await freePort();
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, STRIPE_WEBHOOK_SECRET: 'whsec_main_test', STRIPE_EMULATOR_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const printed = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => resolve(chunk.toString()));
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      // This machine only, and without the controls that rewrite its state, unless asked.
      expect(printed).toContain(`listening on 127.0.0.1:${port}`);
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(await health.json()).toEqual({ status: 'ok' });
      const control = await fetch(`http://127.0.0.1:${port}/_emulator/events`);
      expect(control.status).toBe(404);
      expect(await control.json()).toEqual({ error: expect.stringContaining('STRIPE_EMULATOR_CONTROL=1') });
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('serves its test controls when STRIPE_EMULATOR_CONTROL=1, and refuses a flag it does not know', async () => {
    // A port the system just handed out: a random one could be a test database's or Redis's.
    const port = await freePort();
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, STRIPE_WEBHOOK_SECRET: 'whsec_main_test', STRIPE_EMULATOR_PORT: String(port), STRIPE_EMULATOR_CONTROL: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', () => resolve());
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const events = await fetch(`http://127.0.0.1:${port}/_emulator/events`);
      expect(events.status).toBe(200);
      expect(await events.json()).toEqual({ data: [] });
    } finally {
      child.kill('SIGKILL');
    }
    const wrong = await runProcess(process.execPath, [MAIN], { ...envWithout(), STRIPE_WEBHOOK_SECRET: 'whsec_x', STRIPE_EMULATOR_CONTROL: 'yes' }, 10_000);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^STRIPE_EMULATOR_CONTROL must be 1/)]);
  });
});
