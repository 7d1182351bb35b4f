import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SECRET_VARIABLES } from '../../src/config/secret-rules.js';

const SECRET_NAMES = new Set<string>(SECRET_VARIABLES);

/** `NAME=value` lines of .env.example whose NAME holds a secret. */
function envExampleSecrets(): string[] {
  return readFileSync('.env.example', 'utf8')
    .split('\n')
    .map((line) => /^([A-Z0-9_]+)=(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null && SECRET_NAMES.has(match[1]))
    .map((match) => match[2]);
}

/** Values docker-compose.yml gives a secret: literal ones and `${NAME:-fallback}` / `${NAME-fallback}` fallbacks. */
function composeSecrets(): string[] {
  const values: string[] = [];
  for (const line of readFileSync('docker-compose.yml', 'utf8').split('\n')) {
    const match = /^\s*([A-Z0-9_]+):\s*(.*?)\s*$/.exec(line);
    if (!match || !SECRET_NAMES.has(match[1])) continue;
    const value = match[2].replace(/^["']|["']$/g, '');
    const substitution = /^\$\{[A-Z0-9_]+(:?[-?])(.*)\}$/.exec(value);
    if (!substitution) values.push(value);
    else if (substitution[1].endsWith('-')) values.push(substitution[2]);
  }
  return values;
}

/** Every non-empty secret value the two files show, so that a placeholder added there is covered at once. */
export function secretValuesInFiles(): string[] {
  return [...new Set([...envExampleSecrets(), ...composeSecrets()])].filter(Boolean);
}

/** Secrets that production accepts. */
export function strongSecrets(): Record<(typeof SECRET_VARIABLES)[number], string> {
  return {
    JWT_SECRET: randomBytes(48).toString('base64'),
    JWT_SECRET_PREVIOUS: randomBytes(32).toString('hex'),
    STRIPE_WEBHOOK_SECRET: `whsec_${randomBytes(32).toString('hex')}`,
    ADMIN_PASSWORD: randomBytes(32).toString('base64url'),
  };
}
