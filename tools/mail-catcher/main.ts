import { startMailCatcher } from './mail-catcher.js';

/**
 * `node dist/tools/mail-catcher/main.js`: the mail catcher on its own. MAIL_CATCHER_SMTP_PORT (1025)
 * and MAIL_CATCHER_HTTP_PORT (8025) choose the ports, MAIL_CATCHER_HOST (127.0.0.1) the interface.
 */

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function portFromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  if (!/^\d+$/.test(text) || Number(text) > 65_535) fail(`${name} must be a port number (0 to 65535), got "${text}"`);
  return Number(text);
}

async function main(): Promise<void> {
  const catcher = await startMailCatcher({
    smtpPort: portFromEnv('MAIL_CATCHER_SMTP_PORT', 1025),
    httpPort: portFromEnv('MAIL_CATCHER_HTTP_PORT', 8025),
    host: process.env.MAIL_CATCHER_HOST || '127.0.0.1',
  });
  process.stdout.write(`Mail catcher: SMTP on ${catcher.smtpUrl}, messages at ${catcher.httpUrl}\n`);
  const stop = () => void catcher.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: Error) => fail(`mail catcher: ${error.message}`));
