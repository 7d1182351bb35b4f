import { checkJobHandlers } from '../../src/queue/job-handler.js';

describe('checkJobHandlers', () => {
  const jobs = ['receipts.send', 'stripe.sync'];

  it('accepts exactly one handler per job', () => {
    expect(() => checkJobHandlers(jobs, ['stripe.sync', 'receipts.send'])).not.toThrow();
  });

  it('refuses a job without a handler', () => {
    expect(() => checkJobHandlers(jobs, ['receipts.send'])).toThrow('job "stripe.sync" has no handler');
  });

  it('refuses a job with two handlers', () => {
    expect(() => checkJobHandlers(jobs, ['receipts.send', 'stripe.sync', 'stripe.sync'])).toThrow('job "stripe.sync" has 2 handlers');
  });

  it('refuses a handler for a job that is not in the registry', () => {
    expect(() => checkJobHandlers(jobs, [...jobs, 'old.job'])).toThrow('"old.job", which is not in the job registry');
  });
});
