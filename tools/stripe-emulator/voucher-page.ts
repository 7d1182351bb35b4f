import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Account } from './account.js';
import { VOUCHER_PATH } from './async-payments.js';
import { sendHtml } from './http.js';
import type { KonbiniVoucher } from './types.js';

/**
 * The konbini voucher page, standing in for the one Stripe hosts (`hosted_voucher_url`) in local runs and tests.
 * The donor's browser opens it, so it takes no API key: the unguessable token in the URL is the credential, as
 * in Stripe's. It shows the amount, the deadline in Japan time and, while the voucher can still be paid, the
 * codes for each store chain; a paid, expired or canceled voucher says so instead.
 *
 * GET /konbini/voucher/:token?locale=ja|en (Japanese unless `en`)
 *   200 the voucher · 404 no such voucher · 405 any method but GET and HEAD
 */

type Locale = 'ja' | 'en';
type State = 'awaiting' | 'paid' | 'expired' | 'canceled';
type Chain = 'familymart' | 'lawson' | 'ministop' | 'seicomart';

const CHAINS: Chain[] = ['familymart', 'lawson', 'ministop', 'seicomart'];

interface Texts {
  title: string;
  notice: string;
  amount: string;
  deadline: string;
  deadlineValue: (date: JstDate) => string;
  states: Record<State, string>;
  howToPay: string;
  paymentCode: string;
  confirmationNumber: string;
  chains: Record<Chain, string>;
  instructions: Record<Chain, string>;
  payInCash: string;
  otherLanguage: string;
  notFound: string;
  methodNotAllowed: (method: string) => string;
}

interface JstDate {
  year: number;
  month: number;
  day: number;
  time: string;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const TEXTS: Record<Locale, Texts> = {
  ja: {
    title: 'コンビニ払い 払込票',
    notice: 'Stripe エミュレーターが発行したテスト用の払込票です。実際のお支払いはできません。',
    amount: 'お支払い金額',
    deadline: 'お支払い期限',
    deadlineValue: (date) => `${date.year}年${date.month}月${date.day}日 ${date.time}（日本時間）`,
    states: {
      awaiting: 'お支払いをお待ちしています。期限までに下記のコンビニでお支払いください。',
      paid: '支払い済み：このお支払いは完了しています。',
      expired: '期限切れ：お支払い期限を過ぎたため、この払込票ではお支払いできません。',
      canceled: 'キャンセル済み：このお支払いは取り消されました。',
    },
    howToPay: 'お支払い方法',
    paymentCode: 'お支払い番号',
    confirmationNumber: '確認番号',
    chains: { familymart: 'ファミリーマート', lawson: 'ローソン', ministop: 'ミニストップ', seicomart: 'セイコーマート' },
    instructions: {
      familymart: '店内のマルチコピー機で「代金支払い」を選び、お支払い番号と確認番号を入力します。出てきた申込券を30分以内にレジへお持ちください。',
      lawson: '店内の Loppi で「各種番号をお持ちの方」を選び、お支払い番号と確認番号を入力します。出てきた申込券を30分以内にレジへお持ちください。',
      ministop: '店内の Loppi で「各種番号をお持ちの方」を選び、お支払い番号と確認番号を入力します。出てきた申込券を30分以内にレジへお持ちください。',
      seicomart: 'レジで「インターネット支払い」とお伝えし、お支払い番号をお示しください。',
    },
    payInCash: 'お支払いは現金のみです。お支払い後の取り消しはできません。',
    otherLanguage: 'English',
    notFound: 'この払込票は見つかりません。URL をご確認ください。',
    methodNotAllowed: (method) => `この払込票ページは ${method} リクエストに応答しません。`,
  },
  en: {
    title: 'Konbini payment voucher',
    notice: 'A test voucher issued by the Stripe emulator. Nothing can be paid with it.',
    amount: 'Amount',
    deadline: 'Pay by',
    deadlineValue: (date) => `${date.day} ${MONTHS[date.month - 1]} ${date.year}, ${date.time} (Japan time)`,
    states: {
      awaiting: 'Awaiting payment. Pay at one of the convenience stores below before the deadline.',
      paid: 'Paid: this payment is complete.',
      expired: 'Expired: the deadline has passed, so this voucher can no longer be paid.',
      canceled: 'Canceled: this payment was canceled.',
    },
    howToPay: 'How to pay',
    paymentCode: 'Payment code',
    confirmationNumber: 'Confirmation number',
    chains: { familymart: 'FamilyMart', lawson: 'Lawson', ministop: 'Ministop', seicomart: 'Seicomart' },
    instructions: {
      familymart:
        'At the multi-copy machine choose bill payment (代金支払い) and enter the payment code and confirmation number; take the slip it prints to the register within 30 minutes.',
      lawson:
        'At the Loppi terminal choose the entry for payment numbers (各種番号をお持ちの方) and enter the payment code and confirmation number; take the slip it prints to the register within 30 minutes.',
      ministop:
        'At the Loppi terminal choose the entry for payment numbers (各種番号をお持ちの方) and enter the payment code and confirmation number; take the slip it prints to the register within 30 minutes.',
      seicomart: 'Tell the cashier you are making an internet payment (インターネット支払い) and show the payment code.',
    },
    payInCash: 'Pay in cash. A payment cannot be undone once made.',
    otherLanguage: '日本語',
    notFound: 'There is no such voucher. Check the URL.',
    methodNotAllowed: (method) => `The voucher page does not answer ${method} requests.`,
  },
};

const CSS = `
*{box-sizing:border-box}
body{margin:0;background:#f4f5f7;color:#1a1a1a;font:16px/1.6 system-ui,-apple-system,"Segoe UI","Hiragino Sans","Noto Sans JP",sans-serif}
main{max-width:34rem;margin:0 auto;padding:1rem}
.banner{background:#fff3bf;border:2px solid #8a6d00;border-radius:.5rem;color:#3d2e00;padding:.75rem 1rem;margin:0 0 1rem}
.banner p{margin:0}
.panel{background:#fff;border-radius:.5rem;box-shadow:0 1px 3px rgba(0,0,0,.2);padding:1.25rem;margin:0 0 1rem}
h1{font-size:1.5rem;margin:0 0 .75rem}
h2{font-size:1.25rem;margin:0 0 .75rem}
h3{font-size:1.0625rem;margin:1rem 0 .25rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}
dt{font-weight:600}
dd{margin:0}
.amount{font-size:1.5rem;font-weight:700}
.status{font-weight:700;padding:.5rem .75rem;border-radius:.375rem;margin:0 0 1rem}
.status-awaiting{background:#e8f0fe;color:#173a7a}
.status-paid{background:#e6f4ea;color:#0d5223}
.status-expired,.status-canceled{background:#fdecea;color:#7a1610}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:1.125rem;letter-spacing:.05em}
a{color:#1d4ed8}
a:focus-visible{outline:3px solid #111;outline-offset:2px}
`;

// A hash rather than 'unsafe-inline': the page's own stylesheet is the only style allowed, and nothing else loads.
const CONTENT_SECURITY_POLICY = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(CSS).digest('base64')}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

export function handleVoucherRequest(account: Account, request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? '/', 'http://emulator');
  const locale: Locale = url.searchParams.get('locale') === 'en' ? 'en' : 'ja';
  const texts = TEXTS[locale];
  const method = request.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    sendHtml(response, 405, page(locale, texts.title, `<p>${escapeHtml(texts.methodNotAllowed(method))}</p>`), { ...HEADERS, Allow: 'GET, HEAD' });
    return;
  }
  const voucher = account.vouchers.get(url.pathname.slice(VOUCHER_PATH.length));
  if (!voucher) sendHtml(response, 404, page(locale, texts.title, `<p>${escapeHtml(texts.notFound)}</p>`), HEADERS);
  else sendHtml(response, 200, renderVoucher(voucher, stateOf(account, voucher), locale), HEADERS);
}

const HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};

/** The voucher's payment attempt as it stands now: paid, canceled, expired (or replaced by another attempt), or still open. */
function stateOf(account: Account, voucher: KonbiniVoucher): State {
  const intent = account.paymentIntents.find(voucher.paymentIntent);
  if (!intent || intent.payment_method !== voucher.paymentMethod) return 'expired';
  if (intent.status === 'succeeded') return 'paid';
  if (intent.status === 'canceled') return 'canceled';
  if (intent.status === 'requires_action' && account.settlement.clock.nowSeconds() < voucher.expiresAt) return 'awaiting';
  return 'expired';
}

function renderVoucher(voucher: KonbiniVoucher, state: State, locale: Locale): string {
  const texts = TEXTS[locale];
  const amount = `¥${voucher.amount.toLocaleString('en-US')}`;
  const summary = `<div class="panel">
<h1>${escapeHtml(texts.title)}</h1>
<p class="status status-${state}" role="status">${escapeHtml(texts.states[state])}</p>
<dl>
<dt>${escapeHtml(texts.amount)}</dt><dd class="amount">${escapeHtml(amount)}</dd>
<dt>${escapeHtml(texts.deadline)}</dt><dd><time datetime="${new Date(voucher.expiresAt * 1000).toISOString()}">${escapeHtml(texts.deadlineValue(jstDate(voucher.expiresAt)))}</time></dd>
</dl>
</div>`;
  // Only a voucher that can still be paid shows its codes.
  const stores =
    state === 'awaiting'
      ? `<section class="panel" aria-labelledby="how-to-pay">
<h2 id="how-to-pay">${escapeHtml(texts.howToPay)}</h2>
<p>${escapeHtml(texts.payInCash)}</p>
${CHAINS.map((chain) => storeSection(chain, voucher.stores[chain], texts)).join('\n')}
</section>`
      : '';
  return page(locale, `${texts.title} ${amount}`, `${summary}\n${stores}`);
}

function storeSection(chain: Chain, codes: { payment_code: string; confirmation_number?: string }, texts: Texts): string {
  const rows = [`<dt>${escapeHtml(texts.paymentCode)}</dt><dd><code>${escapeHtml(codes.payment_code)}</code></dd>`];
  if (codes.confirmation_number) rows.push(`<dt>${escapeHtml(texts.confirmationNumber)}</dt><dd><code>${escapeHtml(codes.confirmation_number)}</code></dd>`);
  return `<h3>${escapeHtml(texts.chains[chain])}</h3>
<dl>${rows.join('')}</dl>
<p>${escapeHtml(texts.instructions[chain])}</p>`;
}

/** `at` on the wall clock in Japan (UTC+9, no daylight saving); a deadline at 23:59:59 shows as 23:59. */
function jstDate(at: number): JstDate {
  const date = new Date((at + 9 * 3600) * 1000);
  const pad = (value: number) => String(value).padStart(2, '0');
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    time: `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`,
  };
}

function page(locale: Locale, title: string, body: string): string {
  const texts = TEXTS[locale];
  const other: Locale = locale === 'ja' ? 'en' : 'ja';
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(`${title} — Stripe emulator`)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<div class="banner" role="note"><p>${escapeHtml(texts.notice)}</p></div>
${body}
<p><a href="?locale=${other}" hreflang="${other}" lang="${other}">${escapeHtml(texts.otherLanguage)}</a></p>
</main>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}
