import { PUBLISHED_SECRETS, SECRET_VARIABLES } from '../../src/config/secret-rules.js';
import { parseConfig } from '../../src/config/load-config.js';
import { testEnv } from '../support/app.js';
import { createTestDatabase } from '../support/database.js';
import { runProcess } from '../support/processes.js';
import { secretValuesInFiles, strongSecrets } from './secret-files.js';

const values = secretValuesInFiles();
const production = (change: Record<string, string>) => ({
  ...testEnv('postgres://kizuna@127.0.0.1/kizuna'),
  ...strongSecrets(),
  NODE_ENV: 'production',
  ...change,
});

describe('secrets published in .env.example and docker-compose.yml', () => {
  it('are found in the files', () => {
    expect(values.length).toBeGreaterThanOrEqual(3);
  });

  it('are all in the list production refuses', () => {
    expect(values.filter((value) => !PUBLISHED_SECRETS.has(value))).toEqual([]);
  });

  const cases = SECRET_VARIABLES.flatMap((name) => [...new Set([...values, ...PUBLISHED_SECRETS])].map((value) => [name, value] as const));
  it.each(cases)('production refuses %s=%s with one line naming it', (name, value) => {
    expect(() => parseConfig(production({ [name]: value }))).toThrow(new RegExp(`^Configuration error: ${name} [^\\n]+$`));
  });

  it('production boots the configuration with generated secrets', () => {
    expect(parseConfig(production({})).NODE_ENV).toBe('production');
  });

  it('development keeps accepting them, as before', () => {
    expect(parseConfig(testEnv('postgres://kizuna@127.0.0.1/kizuna')).NODE_ENV).toBe('development');
  });
});

describe('the compiled entrypoints in production', () => {
  let env: Record<string, string>;
  beforeAll(async () => {
    env = { PATH: process.env.PATH!, ...testEnv(await createTestDatabase()), ...strongSecrets(), NODE_ENV: 'production' };
  });

  it.each([
    ['dist/src/main.js', 'JWT_SECRET'],
    ['dist/src/worker.js', 'ADMIN_PASSWORD'],
  ])('%s exits 1 with one line naming %s when it is an example value', async (entry, name) => {
    for (const value of values) {
      const result = await runProcess(process.execPath, [entry], { ...env, [name]: value });
      expect({ value, code: result.code, lines: result.stderr.trim().split('\n') }).toEqual({
        value,
        code: 1,
        lines: [expect.stringMatching(new RegExp(`^Configuration error: ${name} `))],
      });
    }
  });
});
