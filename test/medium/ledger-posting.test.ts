import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { chargeEntry, type DonationRef, disputeEntry, feeEntry, payoutEntry, payoutFailureEntry, refundEntry, refundFailureEntry } from '../../src/ledger/ledger-entries.js';
import { LedgerRepository } from '../../src/ledger/ledger.repository.js';
import { type LedgerEntry, LedgerService } from '../../src/ledger/ledger.service.js';
import { type MediumDatabase, openMediumDatabase } from '../support/medium.js';

interface PostingRow {
  account: string;
  amount: string;
  currency: string;
}

describe('LedgerService on a real database', () => {
  let db: MediumDatabase;
  let ledger: LedgerService;
  const at = new Date('2026-03-11T05:46:00Z');

  beforeAll(async () => {
    db = await openMediumDatabase(4);
    ledger = new LedgerService(new LedgerRepository(db.dataSource));
  });
  afterAll(() => db?.close());

  // balancesOfDonation returns charged = -0 when nothing is charged (it negates a zero sum), which toEqual tells apart
  // from 0; the callers compare with ===, so these tests compare values (x + 0 turns -0 into 0).
  const balancesOf = async (donationId: string, tx?: EntityManager) => {
    const b = await ledger.balancesOfDonation(donationId, tx);
    return { charged: b.charged + 0, refunded: b.refunded + 0, disputed: b.disputed + 0 };
  };
  const donation = (currency = 'jpy'): DonationRef => ({ donationId: randomUUID(), campaignId: randomUUID(), currency });
  const post = (entry: LedgerEntry) => db.dataSource.transaction((tx) => ledger.post(tx, entry));
  const transactionsOf = (kind: string, stripeObjectId: string) =>
    db.sql<{ id: string; campaign_id: string | null; donation_id: string | null; currency: string; occurred_at: Date }>(
      `SELECT id, campaign_id, donation_id, currency, occurred_at FROM ledger_transactions WHERE kind = $1 AND stripe_object_id = $2`,
      [kind, stripeObjectId],
    );
  const postingsOf = (transactionId: string) =>
    db.sql<PostingRow>(`SELECT account, amount, currency FROM ledger_postings WHERE transaction_id = $1 ORDER BY account`, [transactionId]);
  const ledgerSize = async () =>
    (
      await db.sql<{ transactions: number; postings: number }>(
        `SELECT (SELECT count(*) FROM ledger_transactions)::int AS transactions, (SELECT count(*) FROM ledger_postings)::int AS postings`,
      )
    )[0];

  describe('post', () => {
    it('writes one transaction keyed by the Stripe object, with postings that sum to zero', async () => {
      const ref = donation('jpy');
      expect(await post(chargeEntry(ref, 'ch_post_one', 5000, at))).toBe(true);

      const transactions = await transactionsOf('charge', 'ch_post_one');
      expect(transactions).toHaveLength(1);
      expect(transactions[0]).toMatchObject({ campaign_id: ref.campaignId, donation_id: ref.donationId, currency: 'jpy', occurred_at: at });
      expect(await postingsOf(transactions[0].id)).toEqual([
        { account: 'campaign_gross', amount: '-5000', currency: 'jpy' },
        { account: 'stripe_balance', amount: '5000', currency: 'jpy' },
      ]);
    });

    it('posts every kind of money event balanced per currency, and the accounts add up to what moved', async () => {
      const ref = donation('usd');
      const entries = [
        chargeEntry(ref, 'ch_kinds', 10_000, at),
        feeEntry(ref, 'txn_kinds_charge', 320, at),
        refundEntry(ref, 're_kinds', 2_500, at),
        refundFailureEntry(ref, 're_kinds', 2_500, at),
        refundEntry(ref, 're_kinds_2', 1_000, at),
        disputeEntry(ref, 'txn_kinds_dispute', -6_500, at),
        feeEntry(ref, 'txn_kinds_dispute', 1_500, at),
        disputeEntry(ref, 'txn_kinds_reinstated', 6_500, at),
        feeEntry(ref, 'txn_kinds_reinstated', -1_500, at),
        payoutEntry('po_kinds', 'usd', 4_000, at),
        payoutFailureEntry('po_kinds', 'usd', 4_000, at),
        payoutEntry('po_kinds_2', 'usd', 8_680, at),
      ];
      for (const entry of entries) expect(await post(entry)).toBe(true);

      // A refund and its failure, or a payout and its failure, share the Stripe object but are two transactions.
      expect(await transactionsOf('refund', 're_kinds')).toHaveLength(1);
      expect(await transactionsOf('refund_failure', 're_kinds')).toHaveLength(1);

      const unbalanced = await db.sql(
        `SELECT p.transaction_id, p.currency, sum(p.amount) FROM ledger_postings p
           JOIN ledger_transactions t ON t.id = p.transaction_id
          WHERE t.stripe_object_id = ANY($1::text[]) GROUP BY 1, 2 HAVING sum(p.amount) <> 0`,
        [entries.map((e) => e.stripeObjectId)],
      );
      expect(unbalanced).toEqual([]);

      const balances = await db.sql<{ account: string; total: string }>(
        `SELECT p.account, sum(p.amount)::text AS total FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id
          WHERE t.stripe_object_id = ANY($1::text[]) GROUP BY p.account ORDER BY p.account`,
        [entries.map((e) => e.stripeObjectId)],
      );
      // 10 000 given, 320 + 0 (1 500 charged and given back) in fees, 1 000 refunded for good, the dispute won back;
      // 8 680 paid out to the bank, nothing left at Stripe.
      expect(balances).toEqual([
        { account: 'bank', total: '8680' },
        { account: 'campaign_disputes', total: '0' },
        { account: 'campaign_gross', total: '-10000' },
        { account: 'campaign_refunds', total: '1000' },
        { account: 'stripe_balance', total: '0' },
        { account: 'stripe_fees', total: '320' },
      ]);
    });

    it('posts the same (kind, Stripe object) once: true, then false, and one transaction stays', async () => {
      const ref = donation('jpy');
      const entry = chargeEntry(ref, 'ch_twice', 3000, at);
      expect(await post(entry)).toBe(true);
      expect(await post(entry)).toBe(false);
      // Even with a different amount or donation: the Stripe object is the key.
      expect(await post(chargeEntry(donation('jpy'), 'ch_twice', 9999, at))).toBe(false);

      const transactions = await transactionsOf('charge', 'ch_twice');
      expect(transactions).toHaveLength(1);
      expect(transactions[0].donation_id).toBe(ref.donationId);
      expect(await postingsOf(transactions[0].id)).toEqual([
        { account: 'campaign_gross', amount: '-3000', currency: 'jpy' },
        { account: 'stripe_balance', amount: '3000', currency: 'jpy' },
      ]);
    });

    it('posts once when the same event arrives in concurrent transactions', async () => {
      const entry = chargeEntry(donation('jpy'), 'ch_concurrent', 7000, at);
      const results = await Promise.all(Array.from({ length: 4 }, () => post(entry)));
      expect(results.filter(Boolean)).toHaveLength(1);
      const transactions = await transactionsOf('charge', 'ch_concurrent');
      expect(transactions).toHaveLength(1);
      expect(await postingsOf(transactions[0].id)).toHaveLength(2);
    });

    it('refuses an unbalanced entry before touching the database', async () => {
      const before = await ledgerSize();
      const entry: LedgerEntry = {
        ...chargeEntry(donation('jpy'), 'ch_unbalanced', 5000, at),
        postings: [
          { account: 'stripe_balance', amount: 5000 },
          { account: 'campaign_gross', amount: -4999 },
        ],
      };
      const queries: string[] = [];
      const recording = { query: async (text: string) => queries.push(text) } as unknown as EntityManager;
      await expect(ledger.post(recording, entry)).rejects.toThrow('ledger charge ch_unbalanced does not balance');
      expect(queries).toEqual([]);

      await expect(post(entry)).rejects.toThrow('does not balance');
      expect(await transactionsOf('charge', 'ch_unbalanced')).toEqual([]);
      expect(await ledgerSize()).toEqual(before);
    });

    it('rolls back with the caller: nothing is posted when the surrounding transaction fails', async () => {
      await expect(
        db.dataSource.transaction(async (tx) => {
          expect(await ledger.post(tx, chargeEntry(donation('jpy'), 'ch_rolled_back', 5000, at))).toBe(true);
          throw new Error('the webhook handler failed after posting');
        }),
      ).rejects.toThrow('the webhook handler failed after posting');
      expect(await transactionsOf('charge', 'ch_rolled_back')).toEqual([]);
      // The key is free again: the retried webhook posts.
      expect(await post(chargeEntry(donation('jpy'), 'ch_rolled_back', 5000, at))).toBe(true);
    });
  });

  describe('postAll', () => {
    it('posts a batch in one go: each new entry once, with its own postings; a repeat in the batch or one already posted is not', async () => {
      const first = donation('jpy');
      const second = donation('usd');
      expect(await post(chargeEntry(first, 'ch_all_old', 700, at))).toBe(true);
      const batch = [
        chargeEntry(first, 'ch_all_a', 3000, at),
        chargeEntry(first, 'ch_all_old', 700, at),
        feeEntry(second, 'txn_all_b', 95, at),
        chargeEntry(second, 'ch_all_b', 2500, at),
        chargeEntry(first, 'ch_all_a', 3000, at),
      ];
      const sizeBefore = await ledgerSize();

      expect(await db.dataSource.transaction((tx) => ledger.postAll(tx, batch))).toEqual([true, false, true, true, false]);

      expect(await ledgerSize()).toEqual({ transactions: sizeBefore.transactions + 3, postings: sizeBefore.postings + 6 });
      const [b] = await transactionsOf('charge', 'ch_all_b');
      expect(b).toMatchObject({ donation_id: second.donationId, currency: 'usd' });
      expect(await postingsOf(b.id)).toEqual([
        { account: 'campaign_gross', amount: '-2500', currency: 'usd' },
        { account: 'stripe_balance', amount: '2500', currency: 'usd' },
      ]);
      const [fee] = await transactionsOf('fee', 'txn_all_b');
      expect(await postingsOf(fee.id)).toEqual([
        { account: 'stripe_balance', amount: '-95', currency: 'usd' },
        { account: 'stripe_fees', amount: '95', currency: 'usd' },
      ]);
      expect(await balancesOf(first.donationId)).toEqual({ charged: 3700, refunded: 0, disputed: 0 });
    });
  });

  describe('the database itself', () => {
    /** Raw SQL in one transaction of its own, committed at the end (the balance check is deferred to the commit). */
    async function inTransaction(statements: (run: (text: string, params?: unknown[]) => Promise<unknown[]>) => Promise<void>) {
      const runner = db.dataSource.createQueryRunner();
      await runner.connect();
      try {
        await runner.startTransaction();
        try {
          await statements((text, params) => runner.query(text, params));
          await runner.commitTransaction();
        } catch (error) {
          if (runner.isTransactionActive) await runner.rollbackTransaction();
          throw error;
        }
      } finally {
        await runner.release();
      }
    }
    async function rawTransaction(stripeObjectId: string, postings: [string, number, string][]) {
      await inTransaction(async (run) => {
        const [{ id }] = (await run(`INSERT INTO ledger_transactions (kind, stripe_object_id, currency, occurred_at) VALUES ('charge', $1, 'jpy', now()) RETURNING id`, [
          stripeObjectId,
        ])) as { id: string }[];
        for (const [account, amount, currency] of postings) {
          await run(`INSERT INTO ledger_postings (transaction_id, account, amount, currency) VALUES ($1, $2, $3, $4)`, [id, account, amount, currency]);
        }
      });
    }

    it('refuses to commit a transaction whose postings do not sum to zero', async () => {
      const before = await ledgerSize();
      await expect(
        rawTransaction('ch_raw_unbalanced', [
          ['stripe_balance', 5000, 'jpy'],
          ['campaign_gross', -4000, 'jpy'],
        ]),
      ).rejects.toMatchObject({
        message: expect.stringMatching(/ledger transaction .* does not balance/),
        code: 'KZ002',
      });
      expect(await transactionsOf('charge', 'ch_raw_unbalanced')).toEqual([]);
      expect(await ledgerSize()).toEqual(before);
    });

    it('checks the balance per currency: 100 usd against 100 jpy does not balance', async () => {
      await expect(
        rawTransaction('ch_raw_two_currencies', [
          ['stripe_balance', 100, 'usd'],
          ['campaign_gross', -100, 'jpy'],
        ]),
      ).rejects.toMatchObject({
        code: 'KZ002',
      });
      expect(await transactionsOf('charge', 'ch_raw_two_currencies')).toEqual([]);

      // Each currency balanced on its own (a conversion) commits.
      await rawTransaction('ch_raw_conversion', [
        ['stripe_balance', 100, 'usd'],
        ['campaign_gross', -100, 'usd'],
        ['stripe_balance', 15_000, 'jpy'],
        ['campaign_gross', -15_000, 'jpy'],
      ]);
      expect(await transactionsOf('charge', 'ch_raw_conversion')).toHaveLength(1);
    });

    describe('is append-only', () => {
      let transactionId: string;
      beforeAll(async () => {
        await post(chargeEntry(donation('jpy'), 'ch_append_only', 8000, at));
        [{ id: transactionId }] = await transactionsOf('charge', 'ch_append_only');
      });

      it.each([
        ['UPDATE', 'ledger_postings', `UPDATE ledger_postings SET amount = amount * 2 WHERE transaction_id = $1`],
        ['DELETE', 'ledger_postings', `DELETE FROM ledger_postings WHERE transaction_id = $1`],
        ['UPDATE', 'ledger_transactions', `UPDATE ledger_transactions SET currency = 'usd' WHERE id = $1`],
        ['DELETE', 'ledger_transactions', `DELETE FROM ledger_transactions WHERE id = $1`],
        ['TRUNCATE', 'ledger_postings', `TRUNCATE ledger_postings, ledger_transactions`],
      ])('refuses %s on %s', async (operation, table, statement) => {
        await expect(db.sql(statement, statement.includes('$1') ? [transactionId] : [])).rejects.toMatchObject({
          message: `the ledger is append-only: ${operation} on ${table} is not allowed`,
          code: 'KZ003',
        });
        expect(await transactionsOf('charge', 'ch_append_only')).toMatchObject([{ id: transactionId, currency: 'jpy' }]);
        expect(await postingsOf(transactionId)).toEqual([
          { account: 'campaign_gross', amount: '-8000', currency: 'jpy' },
          { account: 'stripe_balance', amount: '8000', currency: 'jpy' },
        ]);
      });
    });
  });

  describe('balancesOfDonation', () => {
    it('after a charge, a partial refund and a dispute: what was charged, refunded and disputed', async () => {
      const ref = donation('jpy');
      await post(chargeEntry(ref, 'ch_balances', 10_000, at));
      await post(feeEntry(ref, 'txn_balances_charge', 360, at));
      await post(refundEntry(ref, 're_balances', 3_000, at));
      await post(disputeEntry(ref, 'txn_balances_dispute', -7_000, at));
      await post(feeEntry(ref, 'txn_balances_dispute', 1_500, at));
      // Another donation of the same campaign does not leak in.
      await post(chargeEntry({ ...ref, donationId: randomUUID() }, 'ch_balances_other', 50_000, at));

      expect(await balancesOf(ref.donationId)).toEqual({ charged: 10_000, refunded: 3_000, disputed: 7_000 });
    });

    it('a dispute won back nets to nothing disputed', async () => {
      const ref = donation('jpy');
      await post(chargeEntry(ref, 'ch_dispute_won', 4_000, at));
      await post(disputeEntry(ref, 'txn_dispute_won_withdrawn', -4_000, at));
      expect(await balancesOf(ref.donationId)).toEqual({ charged: 4_000, refunded: 0, disputed: 4_000 });
      await post(disputeEntry(ref, 'txn_dispute_won_reinstated', 4_000, at));
      expect(await balancesOf(ref.donationId)).toEqual({ charged: 4_000, refunded: 0, disputed: 0 });
    });

    it('a refund that failed after it was posted nets to zero refunded', async () => {
      const ref = donation('usd');
      await post(chargeEntry(ref, 'ch_refund_failed', 2_500, at));
      await post(refundEntry(ref, 're_refund_failed', 2_500, at));
      expect(await balancesOf(ref.donationId)).toEqual({ charged: 2_500, refunded: 2_500, disputed: 0 });
      expect(await post(refundFailureEntry(ref, 're_refund_failed', 2_500, at))).toBe(true);
      // The failure delivered again changes nothing.
      expect(await post(refundFailureEntry(ref, 're_refund_failed', 2_500, at))).toBe(false);

      expect(await balancesOf(ref.donationId)).toEqual({ charged: 2_500, refunded: 0, disputed: 0 });
      const [{ total }] = await db.sql<{ total: string }>(
        `SELECT sum(p.amount)::text AS total FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id
          WHERE t.donation_id = $1 AND p.account = 'stripe_balance'`,
        [ref.donationId],
      );
      expect(total).toBe('2500');
    });

    it('is all zeros for a donation with nothing posted', async () => {
      expect(await balancesOf(randomUUID())).toEqual({ charged: 0, refunded: 0, disputed: 0 });
    });

    it("reads inside the caller's transaction when given one", async () => {
      const ref = donation('jpy');
      await db.dataSource.transaction(async (tx) => {
        await ledger.post(tx, chargeEntry(ref, 'ch_balances_in_tx', 6_000, at));
        expect(await balancesOf(ref.donationId, tx)).toEqual({ charged: 6_000, refunded: 0, disputed: 0 });
        // Not yet committed: another connection sees nothing.
        expect(await balancesOf(ref.donationId)).toEqual({ charged: 0, refunded: 0, disputed: 0 });
      });
      expect(await balancesOf(ref.donationId)).toEqual({ charged: 6_000, refunded: 0, disputed: 0 });
    });
  });
});
