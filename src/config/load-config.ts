import { z } from 'zod';
import { AppConfig, configSchema } from './config.schema.js';

class ConfigError extends Error {}

/** Parses the environment; the first problem becomes one line that names the variable. */
export function parseEnv<T extends z.ZodType>(schema: T, env: Record<string, string | undefined>): z.infer<T> {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = String(issue.path[0] ?? 'environment');
  const reason = present[name] === undefined ? 'is missing' : issue.message;
  throw new ConfigError(`Configuration error: ${name} ${reason}`);
}

export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  return parseEnv(configSchema, env);
}

/** For entrypoints: a bad environment ends the process with exit code 1 and one line on stderr. */
export function loadOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
