// @ts-expect-error: plain JavaScript, run by jest's global setup before anything is compiled
import { missingPackagesMessage, missingSystemPackages } from '../support/system-packages.js';

type Probes = Record<'postgres' | 'redis' | 'chromium' | 'japaneseFont' | 'poppler' | 'unzip' | 'compose', () => boolean>;
const machine = (lacking: (keyof Probes)[]): Probes => ({
  postgres: () => !lacking.includes('postgres'),
  redis: () => !lacking.includes('redis'),
  chromium: () => !lacking.includes('chromium'),
  japaneseFont: () => !lacking.includes('japaneseFont'),
  poppler: () => !lacking.includes('poppler'),
  unzip: () => !lacking.includes('unzip'),
  compose: () => !lacking.includes('compose'),
});
const packages = (suite: string, lacking: (keyof Probes)[], env: Record<string, string> = {}): string[] =>
  missingSystemPackages(suite, { env, probes: machine(lacking) }).map((r: { pkg: string }) => r.pkg);

describe('the system packages the tests need', () => {
  it('finds nothing missing on a machine that has everything', () => {
    expect(packages('test', [])).toEqual([]);
  });

  it('names every missing package, and one apt-get line that installs them all', () => {
    const missing = missingSystemPackages('test', { env: {}, probes: machine(['postgres', 'redis', 'chromium', 'japaneseFont', 'poppler', 'unzip', 'compose']) });
    const message: string = missingPackagesMessage('test', missing, { root: false });
    expect(message.split('\n')).toEqual([
      'npm test needs system packages that this machine lacks:',
      expect.stringMatching(/^ {2}- postgresql: PostgreSQL server binaries/),
      expect.stringMatching(/^ {2}- redis-server: /),
      expect.stringMatching(/^ {2}- chromium: .*test\/browser/),
      expect.stringMatching(/^ {2}- fonts-ipafont-gothic: .*Japanese/),
      expect.stringMatching(/^ {2}- poppler-utils: .*receipt-pdf\.test\.ts/),
      expect.stringMatching(/^ {2}- unzip: .*receipt-register\.test\.ts/),
      expect.stringMatching(/^ {2}- docker-compose: .*docker-compose\.test\.ts/),
      'Install them (Debian/Ubuntu) with:',
      '  sudo apt-get install -y --no-install-recommends postgresql redis-server chromium fonts-ipafont-gothic poppler-utils unzip docker-compose',
      '',
    ]);
    expect(missingPackagesMessage('test', missing.slice(0, 1), { root: true })).toContain('\n  apt-get install -y --no-install-recommends postgresql\n');
  });

  it('does not ask for PostgreSQL when npm test is given a running server', () => {
    expect(packages('test', ['postgres'], { TEST_DATABASE_URL: 'postgres://kizuna@db/postgres' })).toEqual([]);
    expect(packages('test', ['postgres'])).toEqual(['postgresql']);
  });

  it('asks the fault suite only for the servers it starts itself', () => {
    expect(packages('faults', ['postgres', 'redis', 'chromium', 'japaneseFont', 'poppler', 'unzip', 'compose'], { TEST_DATABASE_URL: 'postgres://kizuna@db/postgres' })).toEqual([
      'postgresql',
      'redis-server',
    ]);
  });
});
