import nodemailer from 'nodemailer';
import { startMailCatcher } from '../../tools/mail-catcher/mail-catcher.js';
import type { MailCatcher } from '../../tools/mail-catcher/mail-catcher.js';

const PDF = Buffer.from('%PDF-1.4\n(receipt)\n%%EOF\n');
const TRICKY_HTML = '<p>Hello <b>"donor"</b></p><script>alert(1)</script>';

describe('mail catcher', () => {
  let catcher: MailCatcher;

  beforeAll(async () => {
    catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
  });

  afterAll(async () => {
    await catcher.close();
  });

  it('listens on random ports and reports its URLs', () => {
    expect(catcher.smtpPort).toBeGreaterThan(0);
    expect(catcher.httpPort).toBeGreaterThan(0);
    expect(catcher.smtpPort).not.toBe(catcher.httpPort);
    expect(catcher.smtpUrl).toBe(`smtp://127.0.0.1:${catcher.smtpPort}`);
    expect(catcher.httpUrl).toBe(`http://127.0.0.1:${catcher.httpPort}`);
  });

  it('catches 200 messages sent concurrently over a connection pool, parsed', async () => {
    const transport = nodemailer.createTransport({ url: catcher.smtpUrl, pool: true, maxConnections: 8 } as never);
    const sends = Array.from({ length: 199 }, (_, index) =>
      transport.sendMail({
        from: 'Kizuna <mail@kizuna.example>',
        to: `donor${index}@example.org`,
        subject: `Update ${index}`,
        text: `Body ${index}`,
        html: `<p>Body ${index}</p>`,
      }),
    );
    sends.push(
      transport.sendMail({
        from: '"Kizuna" <receipts@kizuna.example>',
        to: 'aiko@example.org',
        bcc: 'audit@kizuna.example',
        subject: '<b>Receipt</b> KZ-2026-000123 領収書',
        text: 'Thank you',
        html: TRICKY_HTML,
        messageId: '<receipt.pi_123@kizuna.example>',
        headers: { 'List-Unsubscribe': '<https://kizuna.example/u?t=1>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        attachments: [{ filename: 'KZ-2026-000123.pdf', content: PDF, contentType: 'application/pdf' }],
      }),
    );
    await Promise.all(sends);
    transport.close();

    const messages = await catcher.waitFor(200, 10_000);
    expect(messages).toHaveLength(200);
    expect(new Set(messages.map((message) => message.id)).size).toBe(200);
    expect(messages.filter((message) => /^Update \d+$/.test(message.subject))).toHaveLength(199);
    const update = messages.find((message) => message.subject === 'Update 7')!;
    expect(update.to).toEqual(['donor7@example.org']);
    expect(update.from).toBe('"Kizuna" <mail@kizuna.example>');
    expect(update.text.trim()).toBe('Body 7');
    expect(update.html).toBe('<p>Body 7</p>');
    expect(update.attachments).toEqual([]);

    const receipt = messages.find((message) => message.subject.includes('KZ-2026-000123'))!;
    expect(receipt.subject).toBe('<b>Receipt</b> KZ-2026-000123 領収書');
    expect(receipt.to.sort()).toEqual(['aiko@example.org', 'audit@kizuna.example']);
    expect(receipt.messageId).toBe('<receipt.pi_123@kizuna.example>');
    expect(receipt.headers['list-unsubscribe']).toBe('<https://kizuna.example/u?t=1>');
    expect(receipt.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(receipt.headers['message-id']).toBe('<receipt.pi_123@kizuna.example>');
    expect(receipt.html).toBe(TRICKY_HTML);
    expect(receipt.date).toBeInstanceOf(Date);
    expect(Math.abs(receipt.date.getTime() - Date.now())).toBeLessThan(60_000);
    expect(receipt.attachments).toHaveLength(1);
    expect(receipt.attachments[0]).toMatchObject({ filename: 'KZ-2026-000123.pdf', contentType: 'application/pdf', size: PDF.length });
    expect(receipt.attachments[0].content.equals(PDF)).toBe(true);
    expect(receipt.raw).toMatch(/^List-Unsubscribe: <https:\/\/kizuna\.example\/u\?t=1>\r$/m);
    expect({ ...receipt }.html).toBe(TRICKY_HTML); // the lazily decoded parts survive a spread
  });

  it('lists the messages newest first in the web UI, escaped', async () => {
    const response = await fetch(`${catcher.httpUrl}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    expect(html).toContain('200 messages');
    const receipt = catcher.messages().find((message) => message.subject.includes('KZ-2026-000123'))!;
    expect(html).toContain(`<a href="/messages/${receipt.id}">&lt;b&gt;Receipt&lt;/b&gt; KZ-2026-000123 領収書</a>`);
    expect(html).not.toContain('<b>Receipt');
    expect(html).toContain(receipt.date.toISOString());
    const ids = [...html.matchAll(/href="\/messages\/(\d+)"/g)].map((match) => Number(match[1]));
    expect(ids).toHaveLength(200);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it('shows one message with its headers, text, sandboxed HTML and attachment link', async () => {
    const receipt = catcher.messages().find((message) => message.subject.includes('KZ-2026-000123'))!;
    const response = await fetch(`${catcher.httpUrl}/messages/${receipt.id}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<h1>&lt;b&gt;Receipt&lt;/b&gt; KZ-2026-000123 領収書</h1>');
    expect(html).toContain('<th>list-unsubscribe</th><td>&lt;https://kizuna.example/u?t=1&gt;</td>');
    expect(html).toContain('<pre>Thank you');
    expect(html).toContain('<iframe sandbox="" srcdoc="&lt;p&gt;Hello &lt;b&gt;&quot;donor&quot;&lt;/b&gt;&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>');
    expect(html).not.toContain('<script>');
    expect(html).toContain(`<a href="/messages/${receipt.id}/attachments/0">KZ-2026-000123.pdf</a>`);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'none'");
  });

  it('downloads an attachment', async () => {
    const receipt = catcher.messages().find((message) => message.subject.includes('KZ-2026-000123'))!;
    const response = await fetch(`${catcher.httpUrl}/messages/${receipt.id}/attachments/0`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="KZ-2026-000123.pdf"; filename*=UTF-8''KZ-2026-000123.pdf`);
    expect(Buffer.from(await response.arrayBuffer()).equals(PDF)).toBe(true);
    expect((await fetch(`${catcher.httpUrl}/messages/${receipt.id}/attachments/1`)).status).toBe(404);
  });

  it('answers the JSON API', async () => {
    const response = await fetch(`${catcher.httpUrl}/api/messages`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const list = (await response.json()) as { id: number; from: string; to: string[]; subject: string; date: string }[];
    expect(list).toHaveLength(200);
    expect(list.map((message) => message.id)).toEqual(catcher.messages().map((message) => message.id));
    const receipt = list.find((message) => message.subject.includes('KZ-2026-000123'))!;
    expect(receipt).toEqual({
      id: expect.any(Number),
      from: '"Kizuna" <receipts@kizuna.example>',
      to: expect.arrayContaining(['aiko@example.org', 'audit@kizuna.example']),
      subject: '<b>Receipt</b> KZ-2026-000123 領収書',
      date: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('answers 404 for unknown pages and 405 for other methods', async () => {
    expect((await fetch(`${catcher.httpUrl}/messages/999999`)).status).toBe(404);
    expect((await fetch(`${catcher.httpUrl}/nothing`)).status).toBe(404);
    const post = await fetch(`${catcher.httpUrl}/api/messages`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
  });

  it('says how many arrived when waiting times out, and starts afresh after clear()', async () => {
    await expect(catcher.waitFor(201, 200)).rejects.toThrow('waited 200 ms for 201 messages, 200 arrived');
    const lastId = Math.max(...catcher.messages().map((message) => message.id));
    catcher.clear();
    expect(catcher.messages()).toEqual([]);

    const waiting = catcher.waitFor(1, 10_000);
    const transport = nodemailer.createTransport({ url: catcher.smtpUrl });
    await transport.sendMail({ from: 'a@example.org', to: 'b@example.org', subject: 'after clear', text: 'x' });
    const [message] = await waiting;
    expect(message.subject).toBe('after clear');
    expect(message.id).toBeGreaterThan(lastId);
    expect((await (await fetch(`${catcher.httpUrl}/api/messages`)).json()) as unknown[]).toHaveLength(1);
  });

  it('accepts clients that log in, since nothing is checked', async () => {
    const transport = nodemailer.createTransport({ url: catcher.smtpUrl.replace('smtp://', 'smtp://user:secret@') });
    const info = await transport.sendMail({ from: 'a@example.org', to: 'c@example.org', subject: 'with auth', text: 'x' });
    expect(info.accepted).toEqual(['c@example.org']);
    expect(catcher.messages().map((message) => message.subject)).toContain('with auth');
  });
});

describe('mail catcher shutdown', () => {
  it('closes promptly despite idle pooled connections, rejecting pending waits', async () => {
    const catcher = await startMailCatcher({});
    const transport = nodemailer.createTransport({ url: catcher.smtpUrl, pool: true } as never);
    await transport.sendMail({ from: 'a@example.org', to: 'b@example.org', subject: 'one', text: 'x' });
    const waiting = catcher.waitFor(5);
    const started = Date.now();
    await catcher.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect(waiting).rejects.toThrow('closed while waiting for 5 messages (1 arrived)');
    await expect(fetch(`${catcher.httpUrl}/`)).rejects.toThrow();
    transport.close();
  });

  it('refuses a port that is taken', async () => {
    const first = await startMailCatcher({});
    await expect(startMailCatcher({ smtpPort: first.smtpPort })).rejects.toThrow(/EADDRINUSE/);
    await expect(startMailCatcher({ httpPort: first.httpPort })).rejects.toThrow(/EADDRINUSE/);
    await first.close();
  });
});
