import { JOBS, JobName, MAIL_BACKOFF, MAIL_DELIVERY_ERROR, MAIL_RETRY_DELAYS_MS, mailJobRetryDelayMs, mailRetryDelayMs } from '../../src/queue/queue.registry.js';

const HOUR = 3_600_000;
const MAILING_JOBS = [JobName.IssueReceipt, JobName.SendReceipt, JobName.ReissueAfterRefundFailure, JobName.SendUpdateEmail];

describe('the retry policy of jobs that mail', () => {
  it('waits out a mail server away for at least three days, with waits that grow', () => {
    const total = MAIL_RETRY_DELAYS_MS.reduce((sum, delay) => sum + delay, 0);
    expect(total).toBeGreaterThanOrEqual(72 * HOUR);
    for (let i = 1; i < MAIL_RETRY_DELAYS_MS.length; i++) expect(MAIL_RETRY_DELAYS_MS[i]).toBeGreaterThanOrEqual(MAIL_RETRY_DELAYS_MS[i - 1]);
    expect(MAIL_RETRY_DELAYS_MS[0]).toBeLessThanOrEqual(60_000);
  });

  it.each(MAILING_JOBS)('%s has an attempt after every wait, on the mail backoff', (job) => {
    expect(JOBS[job].options).toMatchObject({ attempts: MAIL_RETRY_DELAYS_MS.length + 1, backoff: { type: MAIL_BACKOFF } });
  });

  it('gives the wait after each failure, scaled for tests', () => {
    expect(mailRetryDelayMs(1, 1)).toBe(60_000);
    expect(mailRetryDelayMs(4, 1)).toBe(HOUR);
    expect(mailRetryDelayMs(MAIL_RETRY_DELAYS_MS.length, 1)).toBe(24 * HOUR);
    expect(mailRetryDelayMs(MAIL_RETRY_DELAYS_MS.length + 5, 1)).toBe(24 * HOUR);
    expect(mailRetryDelayMs(8, 1 / 3600)).toBe(24_000);
    expect(mailRetryDelayMs(1, 1e-9)).toBe(1);
  });

  it('keeps the long waits for the mail server not taking a message, and retries anything else within seconds', () => {
    const mailError = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { name: MAIL_DELIVERY_ERROR });
    expect(mailJobRetryDelayMs(5, 1, mailError)).toBe(3 * HOUR);
    expect(mailJobRetryDelayMs(1, 1, new Error('donation d1: the original receipt is not issued yet'))).toBe(1_000);
    expect(mailJobRetryDelayMs(3, 1, new Error('another run is mailing this document'))).toBe(4_000);
    expect(mailJobRetryDelayMs(20, 1, new Error('still not'))).toBe(300_000);
  });
});
