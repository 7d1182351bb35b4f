import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../tools/local/infra.js';
import { createEmptyDatabase } from '../support/database.js';
import { waitUntil } from '../support/wait.js';
import { portAnswers } from '../support/ports.js';

const PORT = 3917;

function startLocal(databaseUrl: string): { child: ChildProcess; output: () => string; running: Promise<void> } {
  const env = {
    PATH: process.env.PATH,
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.TEST_REDIS_URL,
    REDIS_PREFIX: `local${PORT}`,
    PORT: String(PORT),
    LOG_LEVEL: 'warn',
    STRIPE_EMULATOR_PORT: String(PORT + 1),
    MAIL_CATCHER_SMTP_PORT: String(PORT + 2),
    MAIL_CATCHER_HTTP_PORT: String(PORT + 3),
  };
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
    expect(first.output()).toMatch(/demo campaigns added: 8/);
    expect((await fetch(`http://127.0.0.1:${PORT}/health/ready`)).status).toBe(200);
    const campaigns = (await (await fetch(`http://127.0.0.1:${PORT}/api/campaigns`)).json()) as {
      slug: string;
      currency: string;
      status: string;
      title: string;
      language: string;
    }[];
    expect(campaigns.map((c) => c.slug).sort()).toEqual([
      'great-east-japan-earthquake-2011',
      'haiti-earthquake-2010',
      'indian-ocean-tsunami-2004',
      'java-earthquake-2006',
      'noto-peninsula-earthquake-2024',
      'philippines-floods-2012',
      'thailand-floods-2011',
      'van-earthquake-2011',
    ]);
    expect(new Set(campaigns.map((c) => c.currency))).toEqual(new Set(['jpy', 'usd']));
    expect(new Set(campaigns.map((c) => c.status))).toEqual(new Set(['active', 'closed']));
    const inJapanese = (await (await fetch(`http://127.0.0.1:${PORT}/api/campaigns?lang=ja`)).json()) as { slug: string; title: string; language: string }[];
    const noto = inJapanese.find((c) => c.slug === 'noto-peninsula-earthquake-2024')!;
    expect(noto).toMatchObject({ title: '能登半島地震 緊急支援', language: 'ja' });
    expect(inJapanese.every((c) => c.language === 'ja')).toBe(true);
    expect(campaigns.find((c) => c.slug === 'noto-peninsula-earthquake-2024')).toMatchObject({ title: 'Noto Peninsula Earthquake Emergency Relief', language: 'en' });
    expect(campaigns.every((c) => c.language === 'en' && !/[\u3040-\u30ff\u4e00-\u9fff]/.test(c.title))).toBe(true);
    expect(await stop(first.child)).toBe(0);
    await expect(fetch(`http://127.0.0.1:${PORT}/health`)).rejects.toThrow();

    const second = startLocal(databaseUrl);
    await second.running;
    expect(second.output()).toMatch(/migrations applied: none pending/);
    expect(second.output()).toMatch(/demo campaigns added: 0/);
    expect(((await (await fetch(`http://127.0.0.1:${PORT}/api/campaigns`)).json()) as unknown[]).length).toBe(8);
    expect(await stop(second.child)).toBe(0);
  }, 120_000);

  // npm runs `sh -c "npm run build && node dist/tools/local/run.js"`: a SIGTERM to npm reaches that shell only, and a
  // Ctrl-C in the terminal reaches the whole foreground process group at once.
  it.each([
    ['a SIGTERM to the shell npm runs it in', (shell: ChildProcess) => shell.kill('SIGTERM')],
    ['a Ctrl-C in the terminal', (shell: ChildProcess) => process.kill(-shell.pid!, 'SIGINT')],
  ])(
    'stops everything it started on %s, its own PostgreSQL and Redis last, without a stack trace',
    async (_, interrupt) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'kizuna-local-'));
      chmodSync(dataDir, 0o755); // PostgreSQL runs as the postgres user when the tests run as root
      const [port, emulator, smtp, mailUi, postgres, redis] = await Promise.all(Array.from({ length: 6 }, () => freePort()));
      const env = {
        PATH: process.env.PATH,
        npm_lifecycle_event: 'local',
        LOG_LEVEL: 'warn',
        PORT: String(port),
        STRIPE_EMULATOR_PORT: String(emulator),
        MAIL_CATCHER_SMTP_PORT: String(smtp),
        MAIL_CATCHER_HTTP_PORT: String(mailUi),
        LOCAL_DATA_DIR: dataDir,
        LOCAL_POSTGRES_PORT: String(postgres),
        LOCAL_REDIS_PORT: String(redis),
      };
      // In a process group of its own, as a terminal's foreground job.
      const shell = spawn('sh', ['-c', 'true && node dist/tools/local/run.js'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      let output = '';
      const closed = Promise.all([shell.stdout!, shell.stderr!].map((stream) => new Promise((resolve) => stream.on('close', resolve))));
      shell.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      shell.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      let started: number[] = [];
      try {
        await waitUntil('npm run local to start', async () => output.includes('Kizuna is running'), 90_000);
        expect(output).toContain(`PostgreSQL     postgres://kizuna@127.0.0.1:${postgres}/kizuna`);
        expect(output).toContain(`Redis          redis://127.0.0.1:${redis}`);
        started = descendants(shell.pid!);
        const commands = started.map(commandOf);
        for (const expected of ['dist/tools/local/run.js', 'dist/src/main.js', 'dist/src/worker.js', 'bin/postgres', 'redis-server']) {
          expect(commands.some((command) => command.includes(expected))).toBe(true);
        }
        const ports = [port, emulator, smtp, mailUi, postgres, redis];
        expect(await Promise.all(ports.map(portAnswers))).toEqual(ports.map(() => true));

        interrupt(shell);
        await waitUntil('every process npm run local started to end', async () => started.every((pid) => !alive(pid)), 60_000);
        await closed;
        expect(await Promise.all(ports.map(portAnswers))).toEqual(ports.map(() => false));
        const stopping = output.slice(output.indexOf('stopping Kizuna'));
        expect(stopping).toMatch(/^stopping Kizuna/);
        expect(stopping).not.toMatch(/^\s+at .*\(|Unhandled error|ECONNREFUSED|Error:/m);
      } finally {
        for (const pid of [...started, ...descendants(shell.pid!)].filter(alive)) process.kill(pid, 'SIGKILL');
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    180_000,
  );
});

/** Every process under `root` now (Linux: /proc), the deepest last. */
function descendants(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      // "pid (comm) state ppid …": the command name may hold spaces and parentheses.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // ended meanwhile
    }
  }
  const found: number[] = [];
  const visit = (pid: number) => {
    for (const [child, parent] of parents) {
      if (parent === pid) {
        found.push(child);
        visit(child);
      }
    }
  };
  visit(root);
  return found;
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** Running: neither gone nor a zombie waiting to be reaped. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
