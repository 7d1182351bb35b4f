import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

/** One message the sink accepted. */
export interface SinkMessage {
  /** The Message-ID's local part, e.g. `receipt.<donation id>`: the same document mailed twice has the same one. */
  id: string;
  subject: string;
  /** Whether a PDF part was attached. */
  pdf: boolean;
  /** performance.now() when it was accepted. */
  at: number;
}

/** A local SMTP server that accepts every message and keeps a note of each, grouped by the prefix of its Message-ID. */
export interface SmtpSink {
  port: number;
  count(prefix: string): number;
  /** When the message that made count(prefix) reach n was accepted (performance.now()), or undefined. */
  acceptedAt(prefix: string, n: number): number | undefined;
  messages(prefix: string): SinkMessage[];
  reset(): void;
  close(): Promise<void>;
}

const MESSAGE_ID = /^message-id:\s*<(([a-z]+)\.[^@>]*)/im;
const SUBJECT = /^subject:[ \t]*(.*(?:\r?\n[ \t].*)*)/im;
const PDF = 'application/pdf';

export async function startSmtpSink(): Promise<SmtpSink> {
  let accepted = new Map<string, SinkMessage[]>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 20 * 1024 * 1024,
    onData(stream, _session, callback) {
      let head = '';
      let tail = '';
      let pdf = false;
      stream.on('data', (chunk: Buffer) => {
        const text = chunk.toString('latin1');
        if (head.length < 8192) head += text;
        // The tail of the previous chunk, in case the content type is split across two.
        if (!pdf) pdf = (tail + text).includes(PDF);
        tail = text.slice(-PDF.length);
      });
      stream.on('end', () => {
        const id = MESSAGE_ID.exec(head);
        const kind = id?.[2] ?? 'other';
        const subject = (SUBJECT.exec(head)?.[1] ?? '').replace(/\r?\n[ \t]/g, ' ');
        const list = accepted.get(kind) ?? [];
        list.push({ id: id?.[1] ?? '', subject, pdf, at: performance.now() });
        accepted.set(kind, list);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    count: (prefix) => accepted.get(prefix)?.length ?? 0,
    acceptedAt: (prefix, n) => accepted.get(prefix)?.[n - 1]?.at,
    messages: (prefix) => [...(accepted.get(prefix) ?? [])],
    reset: () => (accepted = new Map()),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
