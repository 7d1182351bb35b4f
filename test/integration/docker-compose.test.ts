import { spawnSync } from 'node:child_process';

/** `docker compose` (plugin) or the standalone `docker-compose`: both validate without a Docker engine. */
function composeCommand(): string[] | null {
  if (spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0) return ['docker', 'compose'];
  if (spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0) return ['docker-compose'];
  return null;
}

// What an operator puts in .env: the compose file has no fallback for any secret.
const SECRETS = { JWT_SECRET: 'j'.repeat(64), STRIPE_WEBHOOK_SECRET: `whsec_${'w'.repeat(64)}`, ADMIN_PASSWORD: 'a'.repeat(44) };

function compose(args: string[], env: NodeJS.ProcessEnv) {
  const command = composeCommand();
  if (!command) throw new Error('no compose client: install one (apt-get install docker-compose) to check docker-compose.yml');
  const [name, ...prefix] = command;
  // Jest sets NODE_ENV=test; the file's own default is what is checked.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !(key in SECRETS) && key !== 'NODE_ENV'));
  return spawnSync(name, [...prefix, ...args], { encoding: 'utf8', env: { ...inherited, ...env } });
}

describe('docker-compose.yml', () => {
  it.each(Object.keys(SECRETS))('refuses to start without %s, naming it', (name) => {
    const result = compose(['config'], { ...SECRETS, [name]: '' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`set ${name}`);
  });

  it('is accepted by the compose client, with every service, healthchecks and start-up order', () => {
    const result = compose(['config'], SECRETS);
    expect(result.stderr).not.toMatch(/error/i);
    const resolved = result.stdout;
    expect(resolved).toMatch(/NODE_ENV: production/);
    for (const service of ['postgres', 'redis', 'mailpit', 'stripe-emulator', 'migrate', 'api', 'worker']) {
      expect(resolved).toMatch(new RegExp(`^  ${service}:`, 'm'));
    }
    expect(resolved).toMatch(/condition: service_completed_successfully/);
    expect(resolved).toMatch(/condition: service_healthy/);
    expect(resolved).toMatch(/--appendonly[\s\S]*yes[\s\S]*--maxmemory-policy[\s\S]*noeviction/);
    expect(resolved.match(/healthcheck:/g)?.length).toBeGreaterThanOrEqual(6);
  });
});
