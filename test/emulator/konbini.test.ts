import type Stripe from 'stripe';
import type { StripeEmulator } from '../../tools/stripe-emulator/emulator.js';
import { sdkFor, startEmulator } from './support.js';

/** Konbini vouchers as in Stripe's test mode: the billing email decides whether and when the voucher is paid. */
describe('konbini', () => {
  let emulator: StripeEmulator;
  let stripe: Stripe;

  beforeAll(async () => {
    emulator = await startEmulator();
    stripe = sdkFor(emulator);
  });
  afterAll(() => emulator.close());

  function voucher(email: string, amount = 5000, options: Stripe.PaymentIntentCreateParams.PaymentMethodOptions.Konbini = {}) {
    return stripe.paymentIntents.create({
      amount,
      currency: 'jpy',
      allowed_payment_method_types: ['konbini'],
      payment_method_options: { konbini: options },
      payment_method_data: { type: 'konbini', billing_details: { email, name: '山田 花子' } },
      confirm: true,
    });
  }

  function eventsOf(intentId: string): string[] {
    return emulator
      .events()
      .filter(
        (event) =>
          (event.data.object as { id?: string; payment_intent?: string }).id === intentId || (event.data.object as { payment_intent?: string }).payment_intent === intentId,
      )
      .map((event) => event.type);
  }

  it('shows a voucher with payment codes per store and a deadline three days on at 23:59:59 JST', async () => {
    const confirmedAt = emulator.nowSeconds();
    const intent = await voucher('hanako@example.jp');
    expect(intent.status).toBe('requires_action');
    expect(intent.payment_method_types).toEqual(['konbini']);
    const details = intent.next_action?.konbini_display_details as Stripe.PaymentIntent.NextAction.KonbiniDisplayDetails;
    expect(intent.next_action?.type).toBe('konbini_display_details');
    // The emulator serves the voucher itself, on its own URL (Stripe's is on payments.stripe.com).
    expect(details.hosted_voucher_url).toMatch(new RegExp(`^${emulator.url}/konbini/voucher/test_\\w{40}$`));
    for (const store of ['familymart', 'lawson', 'ministop'] as const) {
      expect(details.stores[store]).toEqual({ payment_code: expect.stringMatching(/^\d{6}$/), confirmation_number: expect.stringMatching(/^\d{11}$/) });
    }
    expect(details.stores.seicomart).toEqual({ payment_code: expect.stringMatching(/^\d{11}$/) });
    // 23:59:59 JST is 14:59:59 UTC; three calendar days after the day of confirmation in Japan.
    const jstDay = Math.floor((confirmedAt + 9 * 3600) / 86_400);
    expect(details.expires_at).toBe((jstDay + 4) * 86_400 - 9 * 3600 - 1);
    const paymentMethod = await stripe.paymentMethods.retrieve(intent.payment_method as string);
    expect(paymentMethod).toMatchObject({ type: 'konbini', konbini: {}, billing_details: { email: 'hanako@example.jp', name: '山田 花子' } });
  });

  it('any other address: paid three minutes later, with its charge and a 3.6% fee pending for 4 business days', async () => {
    const intent = await voucher('taro@example.jp', 5000);
    emulator.advanceClock(179);
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('requires_action');
    emulator.advanceClock(2);
    const paid = await stripe.paymentIntents.retrieve(intent.id, { expand: ['latest_charge.balance_transaction'] });
    expect(paid).toMatchObject({ status: 'succeeded', amount_received: 5000, next_action: null });
    const charge = paid.latest_charge as Stripe.Charge;
    expect(charge.payment_method_details).toEqual({ type: 'konbini', konbini: { store: { chain: 'lawson' } } });
    const transaction = charge.balance_transaction as Stripe.BalanceTransaction;
    expect(transaction).toMatchObject({ type: 'charge', amount: 5000, fee: 180, net: 4820, currency: 'jpy', status: 'pending' });
    expect(transaction.available_on - transaction.created).toBeGreaterThanOrEqual(4 * 86_400);
    expect(eventsOf(intent.id)).toEqual(['payment_intent.created', 'payment_intent.requires_action', 'charge.succeeded', 'payment_intent.succeeded']);
  });

  it('succeed_immediately: the confirmation shows the voucher, paid a moment later', async () => {
    const intent = await voucher('hanako+succeed_immediately@example.jp');
    expect(intent.status).toBe('requires_action');
    await emulator.idle();
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('succeeded');
    expect(eventsOf(intent.id)).toEqual(['payment_intent.created', 'payment_intent.requires_action', 'charge.succeeded', 'payment_intent.succeeded']);
  });

  it('expire_immediately: a voucher due now, expired a moment later: requires_payment_method and payment_intent.payment_failed', async () => {
    const confirmed = await voucher('expire_immediately@example.jp', 5000, { expires_after_days: 10 });
    expect(confirmed.status).toBe('requires_action');
    expect(confirmed.next_action?.konbini_display_details?.expires_at).toBeLessThanOrEqual(emulator.nowSeconds());
    await emulator.idle();
    const intent = await stripe.paymentIntents.retrieve(confirmed.id);
    expect(intent).toMatchObject({ status: 'requires_payment_method', next_action: null, payment_method: null, latest_charge: null });
    expect(intent.last_payment_error).toMatchObject({ code: 'payment_intent_payment_attempt_expired', type: 'invalid_request_error', payment_method: { type: 'konbini' } });
    expect(eventsOf(intent.id)).toEqual(['payment_intent.created', 'payment_intent.requires_action', 'payment_intent.payment_failed']);
  });

  it('expire_with_delay: a voucher due in three minutes, whatever was asked, expires then', async () => {
    const before = emulator.nowSeconds();
    const intent = await voucher('hanako_expire_with_delay@example.jp');
    const expiresAt = intent.next_action?.konbini_display_details?.expires_at as number;
    expect(expiresAt - 180).toBeGreaterThanOrEqual(before);
    expect(expiresAt - 180).toBeLessThanOrEqual(emulator.nowSeconds());
    emulator.advanceClock(170);
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('requires_action');
    emulator.advanceClock(20);
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('requires_payment_method');
    expect(eventsOf(intent.id)).toEqual(['payment_intent.created', 'payment_intent.requires_action', 'payment_intent.payment_failed']);
  });

  it('fill_never: never paid, expires at its deadline (expires_after_days)', async () => {
    const intent = await voucher('fill_never@example.jp', 5000, { expires_after_days: 1 });
    const expiresAt = intent.next_action?.konbini_display_details?.expires_at as number;
    expect(intent.payment_method_options?.konbini).toMatchObject({ expires_after_days: 1, expires_at: null });
    emulator.advanceClock(expiresAt - emulator.nowSeconds() - 10);
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('requires_action');
    emulator.advanceClock(20);
    const expired = await stripe.paymentIntents.retrieve(intent.id);
    expect(expired.status).toBe('requires_payment_method');
    expect(expired.last_payment_error?.code).toBe('payment_intent_payment_attempt_expired');
  });

  it('the test confirmation numbers decide as the emails do', async () => {
    const now = await voucher('taro@example.jp', 5000, { confirmation_number: '22222222220' });
    expect(now.next_action?.konbini_display_details?.stores.lawson?.confirmation_number).toBe('22222222220');
    const never = await voucher('taro@example.jp', 5000, { confirmation_number: '55555555550', expires_after_days: 1 });
    await emulator.idle();
    expect((await stripe.paymentIntents.retrieve(now.id)).status).toBe('succeeded');
    emulator.advanceClock(600);
    expect((await stripe.paymentIntents.retrieve(never.id)).status).toBe('requires_action');
  });

  it('takes an expires_at deadline as given', async () => {
    const at = emulator.nowSeconds() + 2 * 3600;
    const intent = await voucher('fill_never@example.jp', 5000, { expires_at: at });
    expect(intent.next_action?.konbini_display_details?.expires_at).toBe(at);
  });

  it('a voucher canceled while waiting is neither paid nor expired', async () => {
    const intent = await voucher('taro@example.jp');
    const canceled = await stripe.paymentIntents.cancel(intent.id);
    expect(canceled).toMatchObject({ status: 'canceled', next_action: null });
    emulator.advanceClock(600);
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('canceled');
  });

  it('confirms a konbini PaymentIntent created first, then confirmed with payment_method_data', async () => {
    const draft = await stripe.paymentIntents.create({ amount: 1200, currency: 'jpy', allowed_payment_method_types: ['konbini'] });
    const intent = await stripe.paymentIntents.confirm(draft.id, {
      payment_method_data: { type: 'konbini', billing_details: { email: 'succeed_immediately@example.jp', name: 'Taro' } },
    });
    expect(intent.status).toBe('requires_action');
    await emulator.idle();
    expect((await stripe.paymentIntents.retrieve(draft.id)).status).toBe('succeeded');
  });

  it('refuses amounts outside ¥120 to ¥300,000 and currencies other than yen, as Stripe does', async () => {
    await expect(voucher('taro@example.jp', 119)).rejects.toMatchObject({ type: 'StripeInvalidRequestError', code: 'amount_too_small', param: 'amount' });
    await expect(voucher('taro@example.jp', 300_001)).rejects.toMatchObject({ type: 'StripeInvalidRequestError', code: 'amount_too_large', param: 'amount' });
    await expect(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', allowed_payment_method_types: ['konbini'] })).rejects.toMatchObject({
      code: 'payment_method_currency_mismatch',
    });
    await expect(voucher('taro@example.jp', 300_000)).resolves.toMatchObject({ status: 'requires_action' });
    await expect(voucher('taro@example.jp', 120)).resolves.toMatchObject({ status: 'requires_action' });
  });

  it("refuses a konbini confirmation without the donor's email or name, creating nothing", async () => {
    const before = (await stripe.paymentIntents.list({ limit: 100 })).data.length;
    await expect(
      stripe.paymentIntents.create({
        amount: 1000,
        currency: 'jpy',
        allowed_payment_method_types: ['konbini'],
        payment_method_data: { type: 'konbini', billing_details: { name: 'Taro' } },
        confirm: true,
      }),
    ).rejects.toMatchObject({ code: 'parameter_missing', param: 'payment_method_data[billing_details][email]' });
    expect((await stripe.paymentIntents.list({ limit: 100 })).data.length).toBe(before);
  });

  describe('the hosted voucher page', () => {
    function voucherUrl(intent: Stripe.PaymentIntent): string {
      return intent.next_action?.konbini_display_details?.hosted_voucher_url as string;
    }

    /** The deadline as the page should show it: the wall clock in Japan, to the minute. */
    function jstDeadline(expiresAt: number): string {
      const date = new Date((expiresAt + 9 * 3600) * 1000);
      const pad = (value: number) => String(value).padStart(2, '0');
      return `${date.getUTCFullYear()}年${date.getUTCMonth() + 1}月${date.getUTCDate()}日 ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
    }

    it('shows the amount, the deadline in Japan time and each chain’s codes, in Japanese, without an API key', async () => {
      const intent = await voucher('hanako@example.jp', 3000);
      const details = intent.next_action?.konbini_display_details as Stripe.PaymentIntent.NextAction.KonbiniDisplayDetails;
      const response = await fetch(voucherUrl(intent));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
      const html = await response.text();
      expect(html).toContain('<html lang="ja">');
      expect(html).toMatch(/<title>コンビニ払い 払込票 ¥3,000 — Stripe emulator<\/title>/);
      expect(html).toContain('¥3,000');
      expect(html).toContain(jstDeadline(details.expires_at));
      // The default deadline is 23:59:59 JST.
      expect(html).toContain(' 23:59（日本時間）');
      for (const chain of ['familymart', 'lawson', 'ministop'] as const) {
        expect(html).toContain(`<code>${details.stores[chain]?.payment_code}</code>`);
        expect(html).toContain(`<code>${details.stores[chain]?.confirmation_number}</code>`);
      }
      expect(html).toContain(`<code>${details.stores.seicomart?.payment_code}</code>`);
      for (const name of ['ファミリーマート', 'ローソン', 'ミニストップ', 'セイコーマート', 'お支払いをお待ちしています']) expect(html).toContain(name);
    });

    it('says paid once the voucher is paid, and no longer shows the codes', async () => {
      const intent = await voucher('taro@example.jp', 3000);
      const code = intent.next_action?.konbini_display_details?.stores.lawson?.payment_code as string;
      emulator.advanceClock(181);
      const html = await (await fetch(voucherUrl(intent))).text();
      expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('succeeded');
      expect(html).toContain('支払い済み');
      expect(html).toContain('¥3,000');
      expect(html).not.toContain(code);
    });

    it('says expired once the deadline has passed, and canceled for a canceled payment', async () => {
      const expired = await voucher('expire_immediately@example.jp', 3000);
      await emulator.idle();
      expect(await (await fetch(voucherUrl(expired))).text()).toContain('期限切れ');
      const canceled = await voucher('taro@example.jp', 3000);
      await stripe.paymentIntents.cancel(canceled.id);
      expect(await (await fetch(voucherUrl(canceled))).text()).toContain('キャンセル済み');
    });

    it('speaks English with ?locale=en', async () => {
      const intent = await voucher('hanako@example.jp', 12_345, { expires_after_days: 2 });
      const html = await (await fetch(`${voucherUrl(intent)}?locale=en`)).text();
      expect(html).toContain('<html lang="en">');
      expect(html).toContain('¥12,345');
      expect(html).toMatch(/Pay by<\/dt><dd><time datetime="[^"]+">\d{1,2} [A-Z][a-z]+ \d{4}, 23:59 \(Japan time\)<\/time>/);
      expect(html).toContain('FamilyMart');
      expect(html).toContain('Awaiting payment.');
    });

    it('answers an unknown voucher with a 404 page, and any method but GET with 405', async () => {
      const unknown = await fetch(`${emulator.url}/konbini/voucher/test_nope`);
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await unknown.text()).toContain('この払込票は見つかりません');
      const intent = await voucher('hanako@example.jp');
      const posted = await fetch(voucherUrl(intent), { method: 'POST' });
      expect(posted.status).toBe(405);
      expect(posted.headers.get('allow')).toBe('GET, HEAD');
    });

    it('puts the URL it was told browsers reach it at in the voucher', async () => {
      const other = await startEmulator({ publicUrl: 'http://localhost:4242/' });
      try {
        const intent = await sdkFor(other).paymentIntents.create({
          amount: 1000,
          currency: 'jpy',
          allowed_payment_method_types: ['konbini'],
          payment_method_data: { type: 'konbini', billing_details: { email: 'hanako@example.jp', name: 'Hanako' } },
          confirm: true,
        });
        const url = voucherUrl(intent);
        expect(url).toMatch(/^http:\/\/localhost:4242\/konbini\/voucher\/test_\w{40}$/);
        expect((await fetch(`${other.url}${new URL(url).pathname}`)).status).toBe(200);
      } finally {
        await other.close();
      }
    });
  });

  it('refuses both expires_after_days and expires_at', async () => {
    await expect(voucher('taro@example.jp', 1000, { expires_after_days: 2, expires_at: emulator.nowSeconds() + 7200 })).rejects.toMatchObject({
      param: 'payment_method_options[konbini][expires_at]',
    });
  });
});
