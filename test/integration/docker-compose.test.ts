import { execFileSync, spawnSync } from 'node:child_process';

/** `docker compose` (plugin) or the standalone `docker-compose`: both validate without a Docker engine. */
function composeCommand(): string[] | null {
  if (spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0) return ['docker', 'compose'];
  if (spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0) return ['docker-compose'];
  return null;
}

describe('docker-compose.yml', () => {
  it('is accepted by the compose client, with every service, healthchecks and start-up order', () => {
    const compose = composeCommand();
    if (!compose) throw new Error('no compose client: install one (apt-get install docker-compose) to check docker-compose.yml');
    const [command, ...prefix] = compose;
    const resolved = execFileSync(command, [...prefix, 'config'], { encoding: 'utf8' });
    for (const service of ['postgres', 'redis', 'mailpit', 'stripe-emulator', 'migrate', 'api', 'worker']) {
      expect(resolved).toMatch(new RegExp(`^  ${service}:`, 'm'));
    }
    expect(resolved).toMatch(/condition: service_completed_successfully/);
    expect(resolved).toMatch(/condition: service_healthy/);
    expect(resolved).toMatch(/--appendonly[\s\S]*yes[\s\S]*--maxmemory-policy[\s\S]*noeviction/);
    expect(resolved.match(/healthcheck:/g)?.length).toBeGreaterThanOrEqual(6);
  });
});
