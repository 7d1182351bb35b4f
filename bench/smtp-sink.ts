import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

/** A local SMTP server that accepts every message and only counts them, by the prefix of their Message-ID. */
export interface SmtpSink {
  port: number;
  count(prefix: string): number;
  /** When the message that made count(prefix) reach n was accepted (performance.now()), or undefined. */
  acceptedAt(prefix: string, n: number): number | undefined;
  reset(): void;
  close(): Promise<void>;
}

const MESSAGE_ID = /^message-id:\s*<([a-z]+)\./im;

export async function startSmtpSink(): Promise<SmtpSink> {
  let accepted = new Map<string, number[]>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 20 * 1024 * 1024,
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        if (head.length < 8192) head += chunk.toString('latin1');
      });
      stream.on('end', () => {
        const kind = MESSAGE_ID.exec(head)?.[1] ?? 'other';
        const times = accepted.get(kind) ?? [];
        times.push(performance.now());
        accepted.set(kind, times);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    count: (prefix) => accepted.get(prefix)?.length ?? 0,
    acceptedAt: (prefix, n) => accepted.get(prefix)?.[n - 1],
    reset: () => (accepted = new Map()),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
