import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Server as NetServer } from 'node:net';
import type { Readable } from 'node:stream';
import { simpleParser } from 'mailparser';
import type { ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { SMTPServerEnvelope } from 'smtp-server';

/**
 * A local SMTP server that keeps every message it receives in memory, with a small web UI and a
 * JSON API to read them: what the app sends mail to in development and in tests.
 */

interface CaughtAttachment {
  filename: string;
  contentType: string;
  size: number;
  content: Buffer;
}

interface CaughtMessage {
  id: number;
  /** The From header as parsed (`"Kizuna" <receipts@kizuna.example>`), else the envelope sender. */
  from: string;
  /** The envelope recipients: everyone the server was asked to deliver to, Bcc included. */
  to: string[];
  subject: string;
  messageId: string;
  /** The Date header, else the time the message arrived. */
  date: Date;
  text: string;
  html: string;
  /** Lowercased names; values as sent (unfolded, not MIME-decoded); repeated headers joined by ", ". */
  headers: Record<string, string>;
  attachments: CaughtAttachment[];
  raw: string;
}

export interface MailCatcher {
  smtpPort: number;
  httpPort: number;
  /** smtp://127.0.0.1:port */
  smtpUrl: string;
  httpUrl: string;
  messages(): CaughtMessage[];
  /** Resolves once at least `count` messages arrived; rejects after the timeout (default 30 s). */
  waitFor(count: number, timeoutMs?: number): Promise<CaughtMessage[]>;
  clear(): void;
  close(): Promise<void>;
}

export interface MailCatcherOptions {
  /** 0 (the default) picks a free port. */
  smtpPort?: number;
  httpPort?: number;
  /** The interface to listen on; 127.0.0.1 unless told otherwise. */
  host?: string;
}

interface Waiter {
  count: number;
  resolve: (messages: CaughtMessage[]) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

const DEFAULT_WAIT_MS = 30_000;
const LIST_PAGE_SIZE = 200;

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function headerRecord(parsed: ParsedMail): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    const value = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    headers[key] = key in headers ? `${headers[key]}, ${value}` : value;
  }
  return headers;
}

function attachmentsOf(parsed: ParsedMail): CaughtAttachment[] {
  return parsed.attachments.map((attachment, index) => ({
    filename: attachment.filename ?? `attachment-${index + 1}`,
    contentType: attachment.contentType,
    size: attachment.size,
    content: attachment.content,
  }));
}

/**
 * The bulky parts (raw source, text, HTML) are kept as Buffers, outside the V8 heap, and decoded
 * when read: a benchmark that catches 100,000 messages would otherwise exhaust the heap.
 */
function caughtMessage(id: number, raw: Buffer, parsed: ParsedMail, envelope: SMTPServerEnvelope): CaughtMessage {
  const text = Buffer.from(parsed.text ?? '');
  const html = Buffer.from(parsed.html || '');
  return {
    id,
    from: parsed.from?.text ?? (envelope.mailFrom ? envelope.mailFrom.address : ''),
    to: envelope.rcptTo.map((recipient) => recipient.address),
    subject: parsed.subject ?? '',
    messageId: parsed.messageId ?? '',
    date: parsed.date ?? new Date(),
    get text() {
      return text.toString('utf8');
    },
    get html() {
      return html.toString('utf8');
    },
    headers: headerRecord(parsed),
    attachments: attachmentsOf(parsed),
    get raw() {
      return raw.toString('utf8');
    },
  };
}

// The catcher only shows what arrived: the parser's conversions (HTML to text, links) are costly.
const PARSER_OPTIONS = { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true };

class MessageStore {
  private stored: CaughtMessage[] = [];
  private waiters: Waiter[] = [];
  // Ids keep growing across clear(), so an old link never shows a different message.
  private nextId = 1;

  async catch(raw: Buffer, envelope: SMTPServerEnvelope): Promise<void> {
    const parsed = await simpleParser(raw, PARSER_OPTIONS);
    this.stored.push(caughtMessage(this.nextId++, raw, parsed, envelope));
    this.wakeWaiters();
  }

  all(): CaughtMessage[] {
    return this.stored.slice();
  }

  find(id: number): CaughtMessage | undefined {
    return this.stored.find((message) => message.id === id);
  }

  clear(): void {
    this.stored = [];
  }

  waitFor(count: number, timeoutMs: number): Promise<CaughtMessage[]> {
    if (this.stored.length >= count) return Promise.resolve(this.all());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter.timer !== timer);
        reject(new Error(`mail catcher: waited ${timeoutMs} ms for ${count} messages, ${this.stored.length} arrived`));
      }, timeoutMs);
      this.waiters.push({ count, resolve, reject, timer });
    });
  }

  rejectWaiters(reason: string): void {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error(`mail catcher: ${reason} while waiting for ${waiter.count} messages (${this.stored.length} arrived)`));
    }
    this.waiters = [];
  }

  private wakeWaiters(): void {
    if (this.waiters.length === 0) return;
    const ready = this.waiters.filter((waiter) => this.stored.length >= waiter.count);
    if (ready.length === 0) return;
    this.waiters = this.waiters.filter((waiter) => this.stored.length < waiter.count);
    for (const waiter of ready) {
      clearTimeout(waiter.timer);
      waiter.resolve(this.all());
    }
  }
}

function createSmtpServer(store: MessageStore): SMTPServer {
  const server = new SMTPServer({
    // Plain SMTP on localhost: no TLS, and any credentials (or none) are accepted.
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    // Pooled clients keep idle connections open; without this close() would wait 30 s for them.
    closeTimeout: 200,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'anyone' }),
    onData: (stream, session, callback) => {
      readAll(stream)
        .then((raw) => store.catch(raw, session.envelope))
        .then(
          () => callback(),
          (error: Error) => callback(error),
        );
    },
  });
  // Clients that drop their connection are routine here, not a reason to crash.
  server.on('error', () => undefined);
  return server;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]);
}

function page(title: string, body: string): string {
  return [
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    '<style>body{font-family:system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse}',
    'th,td{text-align:left;padding:4px 12px 4px 0;vertical-align:top}pre{white-space:pre-wrap;background:#f6f6f6;padding:12px}',
    'iframe{width:100%;height:600px;border:1px solid #ccc}</style></head><body>',
    body,
    '</body></html>',
  ].join('\n');
}

function listPage(messages: CaughtMessage[]): string {
  const newest = messages.slice(-LIST_PAGE_SIZE).reverse();
  const rows = newest.map(
    (message) =>
      `<tr><td>${escapeHtml(message.date.toISOString())}</td><td>${escapeHtml(message.to.join(', '))}</td>` +
      `<td><a href="/messages/${message.id}">${escapeHtml(message.subject || '(no subject)')}</a></td></tr>`,
  );
  const shown = messages.length > newest.length ? ` (the newest ${newest.length} shown)` : '';
  return page(
    'Mail catcher',
    `<h1>Mail catcher</h1><p>${messages.length} messages${shown}</p>` + `<table><tr><th>Date</th><th>To</th><th>Subject</th></tr>${rows.join('\n')}</table>`,
  );
}

function messagePage(message: CaughtMessage): string {
  const headerRows = Object.entries(message.headers).map(([name, value]) => `<tr><th>${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`);
  const attachments = message.attachments.map(
    (attachment, index) =>
      `<li><a href="/messages/${message.id}/attachments/${index}">${escapeHtml(attachment.filename)}</a> ` +
      `(${escapeHtml(attachment.contentType)}, ${attachment.size} bytes)</li>`,
  );
  const sections = [
    '<p><a href="/">All messages</a></p>',
    `<h1>${escapeHtml(message.subject || '(no subject)')}</h1>`,
    `<table><tr><th>From</th><td>${escapeHtml(message.from)}</td></tr><tr><th>To</th><td>${escapeHtml(message.to.join(', '))}</td></tr></table>`,
    `<h2>Headers</h2><table>${headerRows.join('\n')}</table>`,
    attachments.length > 0 ? `<h2>Attachments</h2><ul>${attachments.join('\n')}</ul>` : '',
    `<h2>Text</h2><pre>${escapeHtml(message.text)}</pre>`,
    // An empty sandbox: the email's HTML is shown, but its scripts, forms and links cannot act.
    message.html ? `<h2>HTML</h2><iframe sandbox="" srcdoc="${escapeHtml(message.html)}"></iframe>` : '',
  ];
  return page(message.subject || `Message ${message.id}`, sections.join('\n'));
}

function messageSummaries(messages: CaughtMessage[]): object[] {
  return messages.map(({ id, from, to, subject, date }) => ({ id, from, to, subject, date: date.toISOString() }));
}

function send(response: ServerResponse, status: number, contentType: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  response.writeHead(status, {
    'content-type': contentType,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "script-src 'none'; object-src 'none'",
    ...headers,
  });
  response.end(body);
}

function sendAttachment(response: ServerResponse, attachment: CaughtAttachment): void {
  const contentType = /^[\w.+-]+\/[\w.+-]+$/.test(attachment.contentType) ? attachment.contentType : 'application/octet-stream';
  // Headers must be ASCII: a plain fallback name, and the exact one in RFC 5987 form.
  const fallback = attachment.filename.replace(/[^\x20-\x7E]|["\\]/g, '_');
  const disposition = `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`;
  send(response, 200, contentType, attachment.content, { 'content-disposition': disposition });
}

function route(store: MessageStore, request: IncomingMessage, response: ServerResponse): void {
  if (request.method !== 'GET') {
    send(response, 405, 'text/plain; charset=utf-8', 'Only GET is supported\n', { allow: 'GET' });
    return;
  }
  const path = new URL(request.url ?? '/', 'http://catcher').pathname;
  if (path === '/') {
    send(response, 200, 'text/html; charset=utf-8', listPage(store.all()));
    return;
  }
  if (path === '/api/messages') {
    send(response, 200, 'application/json', JSON.stringify(messageSummaries(store.all())));
    return;
  }
  const match = /^\/messages\/(\d+)(?:\/attachments\/(\d+))?$/.exec(path);
  const message = match ? store.find(Number(match[1])) : undefined;
  if (!match || !message) {
    send(response, 404, 'text/plain; charset=utf-8', `No such page: ${path}\n`);
    return;
  }
  if (match[2] === undefined) {
    send(response, 200, 'text/html; charset=utf-8', messagePage(message));
    return;
  }
  const attachment = message.attachments[Number(match[2])];
  if (!attachment) {
    send(response, 404, 'text/plain; charset=utf-8', `Message ${message.id} has no attachment ${match[2]}\n`);
    return;
  }
  sendAttachment(response, attachment);
}

function listen(server: NetServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function closeHttp(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startMailCatcher(options: MailCatcherOptions = {}): Promise<MailCatcher> {
  const host = options.host ?? '127.0.0.1';
  const store = new MessageStore();
  const smtp = createSmtpServer(store);
  const http = createServer((request, response) => route(store, request, response));
  const smtpPort = await listen(smtp.server, options.smtpPort ?? 0, host);
  let httpPort: number;
  try {
    httpPort = await listen(http, options.httpPort ?? 0, host);
  } catch (error) {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    throw error;
  }
  return {
    smtpPort,
    httpPort,
    smtpUrl: `smtp://${urlHost(host)}:${smtpPort}`,
    httpUrl: `http://${urlHost(host)}:${httpPort}`,
    messages: () => store.all(),
    waitFor: (count, timeoutMs = DEFAULT_WAIT_MS) => store.waitFor(count, timeoutMs),
    clear: () => store.clear(),
    close: async () => {
      store.rejectWaiters('closed');
      await Promise.all([new Promise<void>((resolve) => smtp.close(() => resolve())), closeHttp(http)]);
    },
  };
}
