import { createServer, type Server } from 'node:net';
import { createTestDatabase } from '../support/database.js';
import { testEnv } from '../support/app.js';
import { runProcess } from '../support/processes.js';

/** The compiled entrypoints (npm test builds first), started as an operator would start them. */
describe('boot with a bad environment', () => {
  let env: Record<string, string>;
  beforeAll(async () => {
    env = { PATH: process.env.PATH!, ...testEnv(await createTestDatabase()) };
  });

  const start = (entry: string, change: Record<string, string | undefined>) => {
    const next: NodeJS.ProcessEnv = { ...env, ...change };
    for (const [key, value] of Object.entries(change)) if (value === undefined) delete next[key];
    return runProcess(process.execPath, [entry], next);
  };

  it.each(['dist/src/main.js', 'dist/src/worker.js'])('%s exits 1 with one line naming a missing variable', async (entry) => {
    const result = await start(entry, { DATABASE_URL: undefined });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('Configuration error: DATABASE_URL is missing\n');
  });

  it.each([
    ['DATABASE_URL', 'mysql://localhost/kizuna', 'DATABASE_URL must be a URL starting with postgres:// or postgresql://'],
    ['PORT', 'eighty', 'PORT'],
    ['STRIPE_WEBHOOK_SECRET', 'secret', 'STRIPE_WEBHOOK_SECRET must start with whsec_'],
    ['JWT_SECRET', 'short', 'JWT_SECRET must be at least 32 characters'],
    ['MAIL_FROM', 'not an email', 'MAIL_FROM must be an email address'],
  ])('the API exits 1 naming a malformed %s', async (name, value, message) => {
    const result = await start('dist/src/main.js', { [name]: value });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining(`Configuration error: ${message}`)]);
  });

  // TypeORM tries to connect 6 times a second apart (src/database/database.module.ts): both run at once to keep it short.
  it('the API and the worker exit 1 with one line when PostgreSQL does not answer', async () => {
    const closed = 'postgres://kizuna@127.0.0.1:1/kizuna';
    const [api, worker] = await Promise.all(['dist/src/main.js', 'dist/src/worker.js'].map((entry) => start(entry, { DATABASE_URL: closed })));
    expect(api.code).toBe(1);
    expect(api.stderr).toBe('api failed to start: connect ECONNREFUSED 127.0.0.1:1\n');
    expect(worker.code).toBe(1);
    expect(worker.stderr).toBe('worker failed to start: connect ECONNREFUSED 127.0.0.1:1\n');
  });

  it('the API exits 1 with one line when its port is taken', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '0.0.0.0', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const result = await start('dist/src/main.js', { PORT: String(port) });
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`api failed to start: listen EADDRINUSE: address already in use 0.0.0.0:${port}\n`);
    } finally {
      taken.close();
    }
  });

  it('the migration command exits 1 naming a missing DATABASE_URL', async () => {
    const result = await runProcess(process.execPath, ['dist/src/database/migrate.js'], { PATH: process.env.PATH });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('Configuration error: DATABASE_URL is missing\n');
  });
});
