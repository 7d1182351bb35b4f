import type { AppConfig } from '../../src/config/config.schema.js';
import { MailBatchSender, type PreparedMail } from '../../src/notifications/mail-batch.js';
import type { MailBatchRepository } from '../../src/notifications/mail-batch.repository.js';
import type { MailService, OutgoingMail } from '../../src/notifications/mail.service.js';

/** The sending record as PostgreSQL keeps it, at the edge of this unit: while `away`, every statement fails. */
class SendingRecord {
  away = false;
  readonly sent: string[] = [];
  private check() {
    if (this.away) throw new Error('connection terminated: PostgreSQL is away');
  }
  async renew() {
    this.check();
  }
  async markSent(_table: string, ids: string[]) {
    this.check();
    this.sent.push(...ids);
  }
  async markFailed() {
    this.check();
  }
}

/** The SMTP server at the edge: each message is accepted when the test lets it through. */
class MailServer {
  readonly accepted: string[] = [];
  private readonly waiting: (() => void)[] = [];
  send(mail: OutgoingMail): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(() => {
        this.accepted.push(mail.messageId);
        resolve();
      });
    });
  }
  acceptAll() {
    for (const accept of this.waiting.splice(0)) accept();
  }
}

const config = { QUEUE_LOCK_MS: 1_000, MAIL_CONNECTIONS: 4, MAIL_BATCH_SIZE: 10, MAIL_RETRY_SCALE: 1 } as AppConfig;
/** A refill that claims nothing and records what it was told to keep off. */
const recordingOwed = (seen: string[][]) => async (_limit: number, _leaseMs: number, owed: string[]) => {
  seen.push(owed);
  return [];
};
const receipt = (id: string): PreparedMail => ({ id, mail: { to: 'donor@example.jp', subject: 'receipt', html: '', text: '', messageId: `<${id}@kizuna>` } });

describe('the batch sender while PostgreSQL is away', () => {
  it('keeps another drain of the process off a receipt whose message is out and whose mark is not yet written', async () => {
    const record = new SendingRecord();
    const server = new MailServer();
    const sender = new MailBatchSender(server as unknown as MailService, record as unknown as MailBatchRepository, config);

    let refills = 0;
    const first = sender.drain({
      table: 'receipts',
      maxBatches: 5,
      next: async () => {
        refills += 1;
        if (refills === 1) return [receipt('r1')];
        // r1 is out at the mail server when PostgreSQL goes away: the next refill fails, and so will r1's mark.
        record.away = true;
        throw new Error('connection terminated: PostgreSQL is away');
      },
    });
    await new Promise((resolve) => setImmediate(resolve));

    const owedToSecond: string[][] = [];
    await sender.drain({ table: 'receipts', maxBatches: 1, next: recordingOwed(owedToSecond) });

    server.acceptAll();
    setTimeout(() => {
      record.away = false;
    }, 200);
    await expect(first).rejects.toThrow('PostgreSQL is away');
    expect(owedToSecond).toEqual([['r1']]);
    expect(server.accepted).toEqual(['<r1@kizuna>']);
    expect(record.sent).toEqual(['r1']);

    // Marked: the receipt is nobody's to keep off any more.
    const owedAfter: string[][] = [];
    await sender.drain({ table: 'receipts', maxBatches: 1, next: recordingOwed(owedAfter) });
    expect(owedAfter).toEqual([[]]);
  });

  it('keeps off only the table the message belongs to', async () => {
    const record = new SendingRecord();
    const server = new MailServer();
    const sender = new MailBatchSender(server as unknown as MailService, record as unknown as MailBatchRepository, config);
    const batches = [[receipt('r2')]];
    const receipts = sender.drain({ table: 'receipts', maxBatches: 1, next: async () => batches.shift() ?? [] });
    await new Promise((resolve) => setImmediate(resolve));
    const owed: string[][] = [];
    await sender.drain({ table: 'update_deliveries', maxBatches: 1, next: recordingOwed(owed) });
    server.acceptAll();
    await receipts;
    expect(owed).toEqual([[]]);
    expect(record.sent).toEqual(['r2']);
  });
});
