import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * An SMTP server that keeps only the Message-ID of each message it accepts. The mail catcher parses every
 * message (a receipt carries a PDF), which at ten thousand receipts costs more CPU than the app under test;
 * the invariants need nothing but the ids.
 */
export class MailSink {
  /** Message-ID → how many times a message with it was accepted. */
  readonly received = new Map<string, number>();
  total = 0;
  /** Messages whose data has arrived but whose answer is held back (see hold()). */
  private held: { session: string; raw: Buffer; answer: () => void }[] = [];
  private holding = false;
  private readonly closed = new Set<string>();

  private constructor(
    private readonly server: SMTPServer,
    readonly smtpUrl: string,
  ) {}

  static async start(): Promise<MailSink> {
    let sink: MailSink | undefined;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      disableReverseLookup: true,
      logger: false,
      closeTimeout: 200,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => sink!.arrived(session.id, Buffer.concat(chunks), () => callback()));
      },
      onClose: (session) => sink!.closed.add(session.id),
    });
    server.on('error', () => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.server.address() as AddressInfo;
    sink = new MailSink(server, `smtp://127.0.0.1:${port}`);
    return sink;
  }

  /**
   * Stops answering the end of a message's data, as a mail server that has gone slow: the sender waits, and a
   * message is accepted only when release() answers it, if its sender is still connected.
   */
  hold(): void {
    this.holding = true;
  }

  /** How many messages are waiting for their answer, from senders still connected. */
  get waiting(): number {
    return this.held.filter((m) => !this.closed.has(m.session)).length;
  }

  release(): void {
    this.holding = false;
    const held = this.held;
    this.held = [];
    for (const message of held) this.arrived(message.session, message.raw, message.answer);
  }

  /** Receipt Message-IDs are `<receipt.<donationId>@…>`. */
  receiptIds(): Map<string, number> {
    return new Map([...this.received].filter(([id]) => id.startsWith('<receipt.')));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private arrived(session: string, raw: Buffer, answer: () => void): void {
    if (this.holding) {
      this.held.push({ session, raw, answer });
      return;
    }
    // A sender that hung up before its answer never learnt the message was taken: it was not accepted.
    if (this.closed.has(session)) return;
    this.record(raw);
    answer();
  }

  private record(raw: Buffer): void {
    const end = raw.indexOf('\r\n\r\n');
    const head = raw
      .subarray(0, end < 0 ? raw.length : end)
      .toString('utf8')
      .replace(/\r\n[ \t]+/g, ' ');
    const match = /^message-id:\s*(\S+)/im.exec(head);
    const id = match ? match[1] : '(none)';
    this.received.set(id, (this.received.get(id) ?? 0) + 1);
    this.total++;
  }
}
