import { request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { waitUntil } from './wait.js';

export interface SseEvent {
  event: string;
  data: string;
}

/** A Server-Sent Events client as a browser's EventSource reads a stream, keeping everything it received. */
export class SseClient {
  readonly events: SseEvent[] = [];
  comments = 0;
  retryMs?: number;
  ended = false;
  private buffer = '';

  private constructor(
    readonly status: number,
    readonly headers: IncomingHttpHeaders,
    private readonly response: IncomingMessage,
    readonly body: () => string,
  ) {}

  /** Resolves once the response's headers arrive; a non-200 answer is read to its end (its body in `body()`). */
  static open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      const req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (response) => {
        response.setEncoding('utf8');
        let text = '';
        const client = new SseClient(response.statusCode ?? 0, response.headers, response, () => text);
        response.on('data', (chunk: string) => {
          text += chunk;
          client.read(chunk);
        });
        response.on('end', () => (client.ended = true));
        response.on('error', () => (client.ended = true));
        if (client.status !== 200) response.on('end', () => resolve(client));
        else resolve(client);
      });
      req.on('error', reject);
      req.end();
    });
  }

  /** The data of every `totals` event so far, parsed. */
  totals(): any[] {
    return this.events.filter((e) => e.event === 'totals').map((e) => JSON.parse(e.data));
  }

  waitForTotals(what: string, match: (totals: any) => boolean, timeoutMs = 15_000): Promise<any> {
    return waitUntil(`${what} on the stream`, async () => this.totals().find(match), timeoutMs);
  }

  close(): void {
    this.response.destroy();
  }

  private read(chunk: string): void {
    this.buffer += chunk;
    let end = this.buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      end = this.buffer.indexOf('\n\n');
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) this.comments++;
        else if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
        else if (line.startsWith('retry: ')) this.retryMs = Number(line.slice(7));
      }
      if (data.length) this.events.push({ event, data: data.join('\n') });
    }
  }
}
