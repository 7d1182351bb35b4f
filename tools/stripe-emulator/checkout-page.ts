import { createHash } from 'node:crypto';
import { DECLINE_MESSAGES } from './test-cards.js';
import type { TestCard } from './test-cards.js';
import type { PaymentIntent } from './types.js';
import { formatMoney } from '../../src/common/money-format.js';

/** The HTML of the emulator's card form (see checkout.ts): the form itself and the pages that refuse a link. */

export type Locale = 'en' | 'ja';
export type CardField = 'card_number' | 'exp' | 'cvc';
export type DeclineCode = NonNullable<TestCard['declineCode']>;
export type InputProblem = 'number_incomplete' | 'number_incorrect' | 'expiry_format' | 'expiry_month_invalid' | 'expiry_past' | 'cvc_incomplete' | 'cvc_invalid';
export type LinkProblem = 'not_found' | 'bad_client_secret' | 'bad_return_url' | 'not_payable' | 'method_not_allowed';

export interface FieldError {
  field: CardField;
  problem: InputProblem;
}

export interface FormView {
  intent: PaymentIntent;
  locale: Locale;
  returnUrl: string;
  /** What the donor typed, shown again after an error. */
  values: Record<CardField, string>;
  errors: FieldError[];
  decline?: DeclineCode;
}

interface Texts {
  title: string;
  notice: string;
  cardNumber: string;
  expiry: string;
  cvc: string;
  pay: (amount: string) => string;
  testCardsTitle: string;
  testCards: Array<[number: string, outcome: string]>;
  testCardsOther: string;
  problems: Record<InputProblem, string>;
  declines: Record<DeclineCode, string>;
  linkProblems: Record<LinkProblem, (detail: string) => string>;
}

const TEXTS: Record<Locale, Texts> = {
  en: {
    title: 'Kizuna test payments — Stripe emulator',
    notice: 'This page stands in for Stripe in local runs. No real card is charged.',
    cardNumber: 'Card number',
    expiry: 'Expiry date (MM / YY)',
    cvc: 'Security code (CVC)',
    pay: (amount) => `Pay ${amount}`,
    testCardsTitle: 'Test cards',
    testCards: [
      ['4242 4242 4242 4242', 'succeeds'],
      ['4000 0000 0000 0002', 'declined'],
      ['4000 0000 0000 9995', 'declined: insufficient funds'],
      ['4000 0000 0000 0259', 'succeeds, then the donor disputes it'],
    ],
    testCardsOther: 'Any future expiry date (e.g. 12 / 34) and any 3 digits as CVC.',
    problems: {
      number_incomplete: 'Your card number is incomplete.',
      number_incorrect: 'Your card number is incorrect.',
      expiry_format: "Enter your card's expiration date as MM / YY.",
      expiry_month_invalid: "Your card's expiration month is invalid.",
      expiry_past: "Your card's expiration date is in the past.",
      cvc_incomplete: "Your card's security code is incomplete.",
      cvc_invalid: "Your card's security code is invalid.",
    },
    declines: DECLINE_MESSAGES,
    linkProblems: {
      not_found: (id) => `There is no payment ${id}.`,
      bad_client_secret: () => 'This payment link is not valid: its client_secret does not match the payment.',
      bad_return_url: () => 'This payment link is not valid: return_url must be an http or https URL.',
      not_payable: (status) => `This payment cannot be paid: its status is ${status}.`,
      method_not_allowed: (method) => `The card form does not answer ${method} requests.`,
    },
  },
  ja: {
    title: 'Kizuna テスト決済 — Stripe エミュレーター',
    notice: 'ローカル環境で Stripe の代わりに使うテスト用の決済画面です。実際のカードには請求されません。',
    cardNumber: 'カード番号',
    expiry: '有効期限（MM / YY）',
    cvc: 'セキュリティコード（CVC）',
    pay: (amount) => `${amount} を支払う`,
    testCardsTitle: 'テストカード',
    testCards: [
      ['4242 4242 4242 4242', '成功'],
      ['4000 0000 0000 0002', '拒否'],
      ['4000 0000 0000 9995', '拒否（残高不足）'],
      ['4000 0000 0000 0259', '成功し、その後に不審請求の申し立て'],
    ],
    testCardsOther: '有効期限は未来の任意の日付（例: 12 / 34）、セキュリティコードは任意の3桁です。',
    problems: {
      number_incomplete: 'カード番号が不完全です。',
      number_incorrect: 'カード番号が正しくありません。',
      expiry_format: '有効期限を MM / YY の形式で入力してください。',
      expiry_month_invalid: '有効期限の月が正しくありません。',
      expiry_past: '有効期限が過ぎています。',
      cvc_incomplete: 'セキュリティコードが不完全です。',
      cvc_invalid: 'セキュリティコードが正しくありません。',
    },
    declines: {
      generic_decline: 'カードが拒否されました。',
      insufficient_funds: 'カードの残高が不足しています。',
    },
    linkProblems: {
      not_found: (id) => `支払い ${id} は存在しません。`,
      bad_client_secret: () => 'この支払いリンクは無効です（client_secret が支払いと一致しません）。',
      bad_return_url: () => 'この支払いリンクは無効です（return_url は http または https の URL である必要があります）。',
      not_payable: (status) => `この支払いはできません（ステータス: ${status}）。`,
      method_not_allowed: (method) => `カードフォームは ${method} リクエストに応答しません。`,
    },
  },
};

const CSS = `
*{box-sizing:border-box}
body{margin:0;background:#f4f5f7;color:#1a1a1a;font:16px/1.5 system-ui,-apple-system,"Segoe UI","Hiragino Sans","Noto Sans JP",sans-serif}
main{max-width:28rem;margin:0 auto;padding:1rem}
.banner{background:#fff3bf;border:2px solid #8a6d00;border-radius:.5rem;color:#3d2e00;padding:.75rem 1rem;margin:0 0 1rem}
.banner h1{font-size:1.125rem;margin:0}
.banner p{font-size:.9375rem;margin:.25rem 0 0}
.panel{background:#fff;border-radius:.5rem;box-shadow:0 1px 3px rgba(0,0,0,.2);padding:1.25rem}
.amount{font-size:2rem;font-weight:700;margin:0}
.description{color:#404040;margin:0}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
input{width:100%;font:inherit;color:#1a1a1a;background:#fff;border:1px solid #6b6b6b;border-radius:.375rem;padding:.625rem .75rem}
input::placeholder{color:#6b6b6b}
input[aria-invalid=true]{border:2px solid #b3261e}
.row{display:flex;gap:1rem}
.row>div{flex:1}
button{width:100%;margin-top:1.5rem;font:inherit;font-weight:700;color:#fff;background:#1d4ed8;border:0;border-radius:.375rem;padding:.75rem;cursor:pointer}
button:hover{background:#1e3a8a}
input:focus-visible,button:focus-visible{outline:3px solid #111;outline-offset:2px}
.alert{margin:1rem 0 0;padding:.75rem 1rem;border:1px solid #b3261e;border-radius:.375rem;background:#fdecea;color:#7a1610}
.alert p{margin:0}
.hint{font-size:.9375rem;color:#333;margin-top:1.5rem}
.hint h2{font-size:1rem;margin:0 0 .25rem}
.hint ul{margin:0 0 .25rem;padding-left:1.25rem}
.hint p{margin:0}
code{font-family:ui-monospace,Menlo,Consolas,monospace}
`;

// A hash rather than 'unsafe-inline', so that the page's own stylesheet is the only style allowed.
const STYLE_HASH = createHash('sha256').update(CSS).digest('base64');

/**
 * No scripts, images or frames. `form-action` must also name where the form's 303 redirect goes,
 * since browsers check a form submission's redirect target against it.
 */
export function contentSecurityPolicy(formTargets: string[]): string {
  const formAction = formTargets.length > 0 ? formTargets.join(' ') : "'none'";
  return `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; form-action ${formAction}; base-uri 'none'; frame-ancestors 'none'`;
}

/**
 * Stripe's `locale` as its hosted pages take it: `ja` or `ja-JP` is Japanese, `auto` (or none) follows the browser's
 * Accept-Language; anything else is English.
 */
export function pickLocale(requested: string | null, acceptLanguage: string | undefined): Locale {
  const wanted = !requested || requested === 'auto' ? (acceptLanguage ?? '').split(',')[0].trim() : requested;
  return /^ja(-|$)/i.test(wanted) ? 'ja' : 'en';
}

export function renderForm(view: FormView): string {
  const texts = TEXTS[view.locale];
  const { intent } = view;
  // As Kizuna's own pages write it: the donor sees the same amount on both sides of the redirect.
  const amount = formatMoney(intent.amount, intent.currency, view.locale);
  const messages = [...(view.decline ? [texts.declines[view.decline]] : []), ...view.errors.map((error) => texts.problems[error.problem])];
  // After an error the page is new, so focus goes where the donor has to act: the first wrong field, or the card number after a decline.
  const focus = view.errors[0]?.field ?? (view.decline ? 'card_number' : undefined);
  const field = (name: CardField, label: string, autocomplete: string, placeholder: string, maxLength: number) => {
    const invalid = view.errors.some((error) => error.field === name);
    return [
      `<label for="${name}">${escapeHtml(label)}</label>`,
      `<input id="${name}" name="${name}" type="text" inputmode="numeric" autocomplete="${autocomplete}" placeholder="${placeholder}"`,
      ` maxlength="${maxLength}" spellcheck="false" required value="${escapeHtml(view.values[name])}"`,
      invalid ? ' aria-invalid="true" aria-describedby="form-alert"' : '',
      focus === name ? ' autofocus' : '',
      '>',
    ].join('');
  };
  const body = `<div class="panel">
<p class="amount">${escapeHtml(amount)}</p>
${intent.description ? `<p class="description">${escapeHtml(intent.description)}</p>` : ''}
${messages.length > 0 ? `<div class="alert" id="form-alert" role="alert">${messages.map((message) => `<p>${escapeHtml(message)}</p>`).join('')}</div>` : ''}
<form method="post" action="/checkout/${encodeURIComponent(intent.id)}" novalidate>
<input type="hidden" name="client_secret" value="${escapeHtml(intent.client_secret as string)}">
<input type="hidden" name="return_url" value="${escapeHtml(view.returnUrl)}">
<input type="hidden" name="locale" value="${view.locale}">
${field('card_number', texts.cardNumber, 'cc-number', '1234 1234 1234 1234', 23)}
<div class="row">
<div>${field('exp', texts.expiry, 'cc-exp', 'MM / YY', 9)}</div>
<div>${field('cvc', texts.cvc, 'cc-csc', 'CVC', 4)}</div>
</div>
<button type="submit">${escapeHtml(texts.pay(amount))}</button>
</form>
</div>
<section class="hint" aria-labelledby="test-cards">
<h2 id="test-cards">${escapeHtml(texts.testCardsTitle)}</h2>
<ul>${texts.testCards.map(([number, outcome]) => `<li><code>${number}</code> — ${escapeHtml(outcome)}</li>`).join('')}</ul>
<p>${escapeHtml(texts.testCardsOther)}</p>
</section>`;
  return page(view.locale, `${texts.pay(amount)} — ${texts.title}`, body);
}

export function renderLinkProblem(locale: Locale, problem: LinkProblem, detail = ''): string {
  const body = `<div class="panel"><p>${escapeHtml(TEXTS[locale].linkProblems[problem](detail))}</p></div>`;
  return page(locale, TEXTS[locale].title, body);
}

function page(locale: Locale, title: string, body: string): string {
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<div class="banner">
<h1>${escapeHtml(TEXTS[locale].title)}</h1>
<p>${escapeHtml(TEXTS[locale].notice)}</p>
</div>
${body}
</main>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}
