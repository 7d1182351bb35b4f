import Stripe from 'stripe';
import type { StripeEmulator } from '../../tools/stripe-emulator/emulator.js';
import type { Receiver } from './support.js';
import { sdkFor, startEmulator, startReceiver } from './support.js';

const RETURN_URL = 'http://localhost:3000/donations/d-42/thanks?campaign=tohoku';

describe('card form (GET/POST /checkout/:pi)', () => {
  let receiver: Receiver;
  let emulator: StripeEmulator;
  let stripe: Stripe;

  beforeEach(async () => {
    receiver = await startReceiver();
    emulator = await startEmulator({ webhookUrl: receiver.url });
    stripe = sdkFor(emulator);
  });
  afterEach(async () => {
    await emulator.close();
    await receiver.close();
  });

  const checkoutUrl = (intent: Stripe.PaymentIntent, query: Record<string, string> = {}) => {
    const params = new URLSearchParams({ client_secret: intent.client_secret!, return_url: RETURN_URL, ...query });
    return `${emulator.url}/checkout/${intent.id}?${params}`;
  };

  const pay = (intent: Stripe.PaymentIntent, card: Record<string, string>) =>
    fetch(`${emulator.url}/checkout/${intent.id}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_secret: intent.client_secret!, return_url: RETURN_URL, locale: 'en', exp: '12 / 34', cvc: '123', ...card }),
    });

  /** The text a browser shows in the role="alert" element. */
  const alertText = (html: string) =>
    /<div[^>]*role="alert"[^>]*>(.*?)<\/div>/s
      .exec(html)?.[1]
      .replace(/<[^>]+>/g, ' ')
      .replaceAll('&#39;', "'")
      .replaceAll('&quot;', '"')
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&amp;', '&')
      .trim();

  it('shows the amount in the currency, the emulator banner and an accessible card form', async () => {
    const jpy = await stripe.paymentIntents.create({ amount: 3000, currency: 'jpy' });
    const response = await fetch(checkoutUrl(jpy));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-[\w+/=]+'; form-action 'self' http:\/\/localhost:3000;/);
    const html = await response.text();
    expect(html).toContain('Kizuna test payments — Stripe emulator');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('¥3,000');
    expect(html).toContain('>Pay ¥3,000</button>');
    for (const [name, autocomplete] of [
      ['card_number', 'cc-number'],
      ['exp', 'cc-exp'],
      ['cvc', 'cc-csc'],
    ]) {
      expect(html).toMatch(new RegExp(`<label for="${name}">[^<]+</label>`));
      expect(html).toMatch(new RegExp(`<input id="${name}" name="${name}" type="text" inputmode="numeric" autocomplete="${autocomplete}"`));
    }
    expect(html).toContain('4242 4242 4242 4242');
    expect(html).not.toContain('role="alert"');
    expect(html).not.toMatch(/<script|src=|href=/);

    const usd = await stripe.paymentIntents.create({ amount: 2500, currency: 'usd' });
    const usdHtml = await (await fetch(checkoutUrl(usd))).text();
    expect(usdHtml).toContain('>Pay $25.00</button>');
  });

  it('speaks Japanese with locale=ja: title, banner, every label and button, amounts as Japanese pages write them', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 3000, currency: 'jpy' });
    const html = await (await fetch(checkoutUrl(intent, { locale: 'ja' }))).text();
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain('<title>￥3,000 を支払う — Kizuna テスト決済 — Stripe エミュレーター</title>');
    expect(html).toContain('<h1>Kizuna テスト決済 — Stripe エミュレーター</h1>');
    expect(html).toContain('実際のカードには請求されません。');
    expect(html).toContain('<label for="card_number">カード番号</label>');
    expect(html).toContain('<label for="exp">有効期限（MM / YY）</label>');
    expect(html).toContain('<label for="cvc">セキュリティコード（CVC）</label>');
    expect(html).toContain('>￥3,000 を支払う</button>');
    expect(html).toContain('<h2 id="test-cards">テストカード</h2>');
    expect(html).toContain('<input type="hidden" name="locale" value="ja">');
    expect(html).not.toMatch(/>[^<]*\b(Pay|Card number|Expiry|Security code|Test cards|succeeds|declined)\b/);

    const usd = await stripe.paymentIntents.create({ amount: 2500, currency: 'usd' });
    expect(await (await fetch(checkoutUrl(usd, { locale: 'ja' }))).text()).toContain('>$25.00 を支払う</button>');
  });

  it('follows the browser with locale=auto or no locale, as Stripe does, and takes ja-JP', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 3000, currency: 'jpy' });
    const lang = async (query: Record<string, string>, acceptLanguage?: string) =>
      /<html lang="(\w+)">/.exec(await (await fetch(checkoutUrl(intent, query), { headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {} })).text())?.[1];
    expect(await lang({ locale: 'auto' }, 'ja-JP,ja;q=0.9,en;q=0.8')).toBe('ja');
    expect(await lang({}, 'ja')).toBe('ja');
    expect(await lang({ locale: 'auto' }, 'en-GB,en;q=0.9')).toBe('en');
    expect(await lang({ locale: 'ja-JP' })).toBe('ja');
    expect(await lang({ locale: 'en' }, 'ja')).toBe('en');
  });

  it.each([
    [{ exp: '13 / 30' }, '有効期限の月が正しくありません。'],
    [{ exp: '01 / 20' }, '有効期限が過ぎています。'],
    [{ exp: 'soon' }, '有効期限を MM / YY の形式で入力してください。'],
    [{ cvc: '12' }, 'セキュリティコードが不完全です。'],
    [{ cvc: '12a' }, 'セキュリティコードが正しくありません。'],
    [{ card_number: '4111 1111 1111 1111' }, 'カード番号が正しくありません。'],
    [{ card_number: '' }, 'カード番号が不完全です。'],
    [{ card_number: '4000 0000 0000 9995' }, 'カードの残高が不足しています。'],
  ])('says what is wrong with %o in Japanese', async (card, message) => {
    const intent = await stripe.paymentIntents.create({ amount: 3000, currency: 'jpy' });
    const response = await pay(intent, { card_number: '4242424242424242', locale: 'ja', ...card });
    const html = await response.text();
    expect(alertText(html)).toBe(message);
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain('>￥3,000 を支払う</button>');
  });

  it('refuses a bad link in Japanese', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 3000, currency: 'jpy' });
    const wrongSecret = await (await fetch(checkoutUrl(intent, { locale: 'ja', client_secret: `${intent.id}_secret_wrong` }))).text();
    expect(wrongSecret).toContain('この支払いリンクは無効です（client_secret が支払いと一致しません）。');
    expect(wrongSecret).toContain('<title>Kizuna テスト決済 — Stripe エミュレーター</title>');
    await stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
    expect(await (await fetch(checkoutUrl(intent, { locale: 'ja' }))).text()).toContain('この支払いはできません（ステータス: succeeded）。');
  });

  it('refuses a wrong client_secret, a return_url that is not http(s), an unknown PaymentIntent and a paid one', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 3000, currency: 'jpy' });
    const wrongSecret = await fetch(checkoutUrl(intent, { client_secret: `${intent.id}_secret_wrong` }));
    expect(wrongSecret.status).toBe(400);
    expect(await wrongSecret.text()).toContain('client_secret does not match');
    const scriptUrl = await fetch(checkoutUrl(intent, { return_url: 'javascript:alert(1)' }));
    expect(scriptUrl.status).toBe(400);
    expect(await scriptUrl.text()).toContain('return_url must be an http or https URL');
    expect((await fetch(`${emulator.url}/checkout/pi_unknown?client_secret=x&return_url=${encodeURIComponent(RETURN_URL)}`)).status).toBe(404);

    const postWithWrongSecret = await pay({ ...intent, client_secret: `${intent.id}_secret_wrong` }, { card_number: '4242424242424242' });
    expect(postWithWrongSecret.status).toBe(400);
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('requires_payment_method');

    await stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
    const paid = await fetch(checkoutUrl(intent));
    expect(paid.status).toBe(409);
    expect(await paid.text()).toContain('its status is succeeded');
  });

  it('pays with 4242…: 303 to return_url with Stripe’s three params, the PaymentIntent succeeded and its webhook sent', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 3000, currency: 'jpy' });
    const response = await pay(intent, { card_number: '4242 4242 4242 4242' });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe('http://localhost:3000/donations/d-42/thanks');
    expect([...location.searchParams]).toEqual([
      ['campaign', 'tohoku'],
      ['payment_intent', intent.id],
      ['payment_intent_client_secret', intent.client_secret],
      ['redirect_status', 'succeeded'],
    ]);

    const paid = await stripe.paymentIntents.retrieve(intent.id, { expand: ['payment_method'] });
    expect(paid).toMatchObject({ status: 'succeeded', amount_received: 3000 });
    expect((paid.payment_method as Stripe.PaymentMethod).card).toMatchObject({ brand: 'visa', last4: '4242' });
    await emulator.idle();
    const succeeded = receiver.deliveries.filter((delivery) => delivery.event.type === 'payment_intent.succeeded');
    expect(succeeded).toHaveLength(1);
    expect(JSON.parse(succeeded[0].body).data.object.id).toBe(intent.id);
  });

  it.each([
    ['4000000000000002', 'Your card was declined.'],
    ['4000 0000 0000 9995', 'Your card has insufficient funds.'],
  ])('declines %s with a 402 page, and a retry with 4242… pays', async (cardNumber, message) => {
    const intent = await stripe.paymentIntents.create({ amount: 2500, currency: 'usd' });
    const declined = await pay(intent, { card_number: cardNumber });
    expect(declined.status).toBe(402);
    const html = await declined.text();
    expect(alertText(html)).toBe(message);
    expect(html).toContain('>Pay $25.00</button>');
    const failed = await stripe.paymentIntents.retrieve(intent.id);
    expect(failed.status).toBe('requires_payment_method');
    expect(failed.last_payment_error).toMatchObject({ code: 'card_declined' });
    expect(emulator.events().map((event) => event.type)).toContain('payment_intent.payment_failed');

    const retry = await pay(intent, { card_number: '4242424242424242' });
    expect(retry.status).toBe(303);
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('succeeded');
  });

  it('says the decline in Japanese with locale=ja', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 3000, currency: 'jpy' });
    const declined = await pay(intent, { card_number: '4000000000000002', locale: 'ja' });
    expect(declined.status).toBe(402);
    expect(alertText(await declined.text())).toBe('カードが拒否されました。');
  });

  it('pays with 4000…0259 and then opens a dispute', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 3000, currency: 'jpy' });
    expect((await pay(intent, { card_number: '4000000000000259' })).status).toBe(303);
    await emulator.idle();
    expect((await stripe.disputes.list({ payment_intent: intent.id })).data).toHaveLength(1);
  });

  it.each([
    [{ exp: '13 / 30' }, "Your card's expiration month is invalid."],
    [{ exp: '01 / 20' }, "Your card's expiration date is in the past."],
    [{ exp: 'soon' }, "Enter your card's expiration date as MM / YY."],
    [{ cvc: '12' }, "Your card's security code is incomplete."],
    [{ cvc: '12a' }, "Your card's security code is invalid."],
    [{ card_number: '4111 1111 1111 1111' }, 'Your card number is incorrect.'],
    [{ card_number: '' }, 'Your card number is incomplete.'],
  ])('refuses %o with a 400 page and confirms nothing', async (card, message) => {
    const intent = await stripe.paymentIntents.create({ amount: 3000, currency: 'jpy' });
    const response = await pay(intent, { card_number: '4242424242424242', ...card });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(alertText(html)).toBe(message);
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('>Pay ¥3,000</button>');
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('requires_payment_method');
    expect(emulator.events().map((event) => event.type)).toEqual(['payment_intent.created']);
  });

  it('accepts the expiry without a slash and with a four-digit year', async () => {
    const first = await stripe.paymentIntents.create({ amount: 3000, currency: 'jpy' });
    expect((await pay(first, { card_number: '4242424242424242', exp: '1234' })).status).toBe(303);
    const second = await stripe.paymentIntents.create({ amount: 3000, currency: 'jpy' });
    expect((await pay(second, { card_number: '4242424242424242', exp: '12/2034' })).status).toBe(303);
  });
});
