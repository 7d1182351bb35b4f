import { ChildProcess, spawn } from 'node:child_process';
import { createEmptyDatabase } from '../support/database.js';

const PORT = 3917;

function startLocal(databaseUrl: string): { child: ChildProcess; output: () => string; running: Promise<void> } {
  const env = { PATH: process.env.PATH, DATABASE_URL: databaseUrl, REDIS_URL: process.env.TEST_REDIS_URL, REDIS_PREFIX: `local${PORT}`, PORT: String(PORT), LOG_LEVEL: 'warn', STRIPE_EMULATOR_PORT: String(PORT + 1), MAIL_CATCHER_SMTP_PORT: String(PORT + 2), MAIL_CATCHER_HTTP_PORT: String(PORT + 3) };
  const child = spawn(process.execPath, ['dist/tools/local/run.js'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const running = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Kizuna is running')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`npm run local exited with ${code}:\n${output}`)));
  });
  return { child, output: () => output, running };
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  return exited;
}

/** `npm run local` with a given DATABASE_URL and REDIS_URL (the tests' own servers, started by the same helper). */
describe('npm run local', () => {
  it('migrates, seeds the demo campaigns, answers readiness, stops on Ctrl-C, and reuses the data next time', async () => {
    const databaseUrl = await createEmptyDatabase();

    const first = startLocal(databaseUrl);
    await first.running;
    expect(first.output()).toMatch(/admin login +admin@kizuna\.local \/ \S+/);
    expect(first.output()).toMatch(/demo campaigns added: 7/);
    expect((await fetch(`http://127.0.0.1:${PORT}/health/ready`)).status).toBe(200);
    const campaigns = (await (await fetch(`http://127.0.0.1:${PORT}/api/campaigns`)).json()) as { slug: string; currency: string; status: string }[];
    expect(campaigns.map((c) => c.slug).sort()).toEqual([
      'great-east-japan-earthquake-2011', 'haiti-earthquake-2010', 'indian-ocean-tsunami-2004', 'java-earthquake-2006',
      'philippines-floods-2012', 'thailand-floods-2011', 'van-earthquake-2011',
    ]);
    expect(new Set(campaigns.map((c) => c.currency))).toEqual(new Set(['jpy', 'usd']));
    expect(new Set(campaigns.map((c) => c.status))).toEqual(new Set(['active', 'closed']));
    expect(await stop(first.child)).toBe(0);
    await expect(fetch(`http://127.0.0.1:${PORT}/health`)).rejects.toThrow();

    const second = startLocal(databaseUrl);
    await second.running;
    expect(second.output()).toMatch(/migrations applied: none pending/);
    expect(second.output()).toMatch(/demo campaigns added: 0/);
    expect(((await (await fetch(`http://127.0.0.1:${PORT}/api/campaigns`)).json()) as unknown[]).length).toBe(7);
    expect(await stop(second.child)).toBe(0);
  }, 120_000);
});
