// The donation form: amount, way of paying, fee cover, donor details. A card pays through the emulator's card form
// (local runs) or Stripe's Payment Element (real Stripe), then /thanks; a konbini voucher or a bank transfer is a
// pledge, and /thanks shows at once how to pay it.
import { errorMessage, fill, pageData } from './format.js';
import { formatMoney, parseAmount } from './money-format.js';
import { normalisePostalCode } from './postal-code.js';
import { prefectureOf } from './postal-prefecture.js';

const data = pageData();
const form = document.getElementById('give');
const custom = document.getElementById('custom-amount');
const coverLabel = document.getElementById('cover-fees-label');
const errorBox = document.getElementById('form-error');
const submit = document.getElementById('submit');
const challengeStatus = document.getElementById('challenge-status');
const nameField = document.getElementById('name');
const nameLabel = document.getElementById('name-label');
const nameHint = document.getElementById('name-hint');
const nextStep = document.getElementById('next-step');
const t = data.labels;
const tax = {
  wanted: document.getElementById('tax-wanted'),
  box: document.getElementById('tax-receipt'),
  name: document.getElementById('tax-name'),
  country: document.getElementById('tax-country'),
  postal: document.getElementById('tax-postal'),
  postalHint: document.getElementById('tax-postal-hint'),
  fill: document.getElementById('tax-fill-prefecture'),
  status: document.getElementById('tax-prefecture-status'),
  address: document.getElementById('tax-address'),
};
let idempotency = { key: crypto.randomUUID(), body: '' };
let stripePayment = null;

function chosenAmount() {
  const preset = form.querySelector('input[name=preset]:checked')?.value;
  return preset === 'other' ? parseAmount(custom.value, data.currency) : Number(preset);
}

/** card unless the campaign's currency offers more and the donor chose another. */
function chosenMethod() {
  return form.querySelector('input[name=paymentMethod]:checked')?.value ?? 'card';
}

const money = (amount) => formatMoney(amount, data.currency, data.language);

// A konbini voucher is made out to the donor's name, so the name stops being optional.
function showMethod() {
  const method = chosenMethod();
  const konbini = method === 'konbini';
  nameLabel.textContent = konbini ? t.nameRequired : t.nameOptional;
  nameField.required = konbini;
  nameHint.hidden = !konbini;
  if (konbini) nameField.setAttribute('aria-describedby', 'name-hint');
  else nameField.removeAttribute('aria-describedby');
  submit.textContent = t.submit[method];
  nextStep.textContent = t.next[method];
}

let feeRequest = 0;
async function showFee() {
  const amount = chosenAmount();
  const method = chosenMethod();
  const ticket = ++feeRequest;
  if (!amount) return;
  const response = await fetch(`/api/fees?currency=${data.currency}&amount=${amount}&paymentMethod=${method}`).catch(() => null);
  if (!response?.ok || ticket !== feeRequest) return;
  const { coveredFee } = await response.json();
  coverLabel.textContent = fill(t.coverFees[method], { fee: money(coveredFee) });
}

function problem(message, field) {
  errorBox.textContent = message;
  if (field) field.focus();
}

/** The name and address for a tax receipt, only when the donor asked for one. */
function taxReceipt() {
  if (!tax.wanted.checked) return undefined;
  return { name: tax.name.value.trim(), postalCode: tax.postal.value.trim(), address: tax.address.value.trim(), country: tax.country.value };
}

function body() {
  const amount = chosenAmount();
  const value = (name) => form.elements[name].value.trim();
  const receipt = taxReceipt();
  return {
    ...(receipt && { taxReceipt: receipt }),
    amount,
    currency: data.currency,
    email: value('email'),
    name: value('name') || undefined,
    message: value('message') || undefined,
    anonymous: form.elements.anonymous.checked,
    coverFees: form.elements.coverFees.checked,
    language: form.elements.language.value,
    subscribeToUpdates: form.elements.subscribeToUpdates.checked,
    paymentMethod: chosenMethod(),
  };
}

/** The amount within the chosen way of paying's limits (the API checks them again with the covered fee). */
function amountProblem(amount, method) {
  const { min, max } = data.limits[method];
  if (!amount) return t.errors.amountMissing;
  if (method === 'konbini' && (amount < min || amount > max)) return fill(t.errors.konbiniRange, { min: money(min), max: money(max) });
  if (amount < min) return fill(t.errors.amountBelow, { min: money(min) });
  if (amount > max) return fill(t.errors.amountAbove, { max: money(max) });
  return null;
}

// A tax-receipt field's own error sits under it, named by its aria-describedby, so it is read with the field.
function fieldError(field, message) {
  document.getElementById(`${field.id}-error`).textContent = message;
  if (message) field.setAttribute('aria-invalid', 'true');
  else field.removeAttribute('aria-invalid');
}

/** The first tax-receipt field the API would refuse, with why: the same postal-code rule as the API's. */
function taxReceiptProblem(receipt) {
  if (!receipt) return null;
  if (!receipt.name) return [tax.name, t.taxReceipt.errors.name];
  if (!normalisePostalCode(receipt.postalCode, receipt.country)) {
    return [tax.postal, receipt.country === 'JP' ? t.taxReceipt.errors.postalCode : t.taxReceipt.errors.postalCodeAbroad];
  }
  if (!receipt.address) return [tax.address, t.taxReceipt.errors.address];
  return null;
}

function validate(gift) {
  const amount = amountProblem(gift.amount, gift.paymentMethod);
  if (amount) return [amount, custom];
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(gift.email)) return [t.errors.email, form.elements.email];
  if (gift.paymentMethod === 'konbini' && !gift.name) return [t.errors.nameRequired, nameField];
  for (const field of [tax.name, tax.postal, tax.address]) fieldError(field, '');
  const receipt = taxReceiptProblem(gift.taxReceipt);
  if (receipt) {
    const [field, message] = receipt;
    fieldError(field, message);
    return [message, field];
  }
  return null;
}

/** The API's refusal in the donor's language where the page knows its code; otherwise its own words, or a plain apology in Japanese. */
async function refusal(response, code, method) {
  const template = code && Object.hasOwn(t.apiErrors, code) ? t.apiErrors[code] : null;
  const { min, max } = data.limits[method] ?? data.limits.card;
  if (template) return fill(template, { min: money(min), max: money(max) });
  return data.language === 'en' ? errorMessage(response, t.error) : t.error;
}

// While many cards are being declined on the site, the API asks for a proof of work (ALTCHA) before it starts a
// donation. The browser solves it in workers running altcha-lib's solver, served from our own origin.
function solve(challenge) {
  const count = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1));
  const workers = Array.from({ length: count }, () => new Worker('/assets/altcha/worker.js', { type: 'module' }));
  const stop = () => {
    for (const worker of workers) worker.terminate();
  };
  return new Promise((resolve, reject) => {
    let searching = count;
    workers.forEach((worker, i) => {
      worker.addEventListener('message', ({ data: solution }) => {
        if (solution && !solution.error) {
          stop();
          resolve(solution);
        } else if (--searching === 0) {
          stop();
          reject(new Error(data.labels.error));
        }
      });
      worker.addEventListener('error', () => {
        stop();
        reject(new Error(data.labels.error));
      });
      // Each worker tries every count-th number, from its own start.
      worker.postMessage({ type: 'work', challenge, counterStart: i, counterStep: count });
    });
  });
}

/** The solved challenge as the API takes it (the ALTCHA payload), or null when none is needed now. */
async function prepareChallenge() {
  const response = await fetch('/api/donations/challenge', { cache: 'no-store' }).catch(() => null);
  const answer = response?.ok ? await response.json() : { required: false };
  if (!answer.required) return null;
  challengeStatus.textContent = data.labels.challengeWorking;
  challengeStatus.hidden = false;
  const solution = await solve(answer.challenge);
  challengeStatus.textContent = data.labels.challengeDone;
  return btoa(JSON.stringify({ challenge: answer.challenge, solution }));
}

// Started with the page, so the work is done while the donor fills in the form.
let challenge = prepareChallenge().catch(() => null);

class ApiProblem extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

async function postDonation(gift) {
  const text = JSON.stringify(gift);
  if (text !== idempotency.body) idempotency = { key: crypto.randomUUID(), body: text };
  const response = await fetch(`/api/campaigns/${data.campaignId}/donations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': idempotency.key, 'accept-language': gift.language },
    body: text,
  });
  if (!response.ok) {
    const code = response.headers.get('content-type')?.includes('json') ? (await response.clone().json()).code : undefined;
    throw new ApiProblem(await refusal(response, code, gift.paymentMethod), code);
  }
  return response.json();
}

async function createDonation(gift) {
  // Asked again when the page found no alarm: it may have come on while the donor filled in the form.
  const solved = (await challenge) ?? (await prepareChallenge());
  // A solution starts one donation; the API asks again if another one needs it.
  challenge = Promise.resolve(null);
  try {
    return await postDonation(solved ? { ...gift, challenge: solved } : gift);
  } catch (error) {
    // The alarm came on since the page loaded, or the solution expired or was spent: solve a fresh one, once.
    if (error.code !== 'challenge_required' && error.code !== 'challenge_invalid') throw error;
    const fresh = await prepareChallenge();
    return postDonation(fresh ? { ...gift, challenge: fresh } : gift);
  }
}

function thanksUrl(donation) {
  const url = new URL('/thanks', location.origin);
  url.searchParams.set('donation', donation.donationId);
  url.searchParams.set('token', donation.statusToken);
  url.searchParams.set('lang', data.language);
  return url.toString();
}

async function payWithStripe(donation) {
  if (!stripePayment) {
    await new Promise((resolve, reject) => {
      const script = Object.assign(document.createElement('script'), { src: 'https://js.stripe.com/v3/', onload: resolve, onerror: reject });
      document.head.append(script);
    });
    const stripe = window.Stripe(data.publishableKey);
    const elements = stripe.elements({ clientSecret: donation.clientSecret, locale: data.language });
    elements.create('payment').mount('#payment-element');
    stripePayment = { stripe, elements, donation };
    submit.textContent = formatMoney(donation.chargeAmount, data.currency, data.language);
    return;
  }
  const { error } = await stripePayment.stripe.confirmPayment({ elements: stripePayment.elements, confirmParams: { return_url: thanksUrl(stripePayment.donation) } });
  if (error) throw new Error(error.message);
}

form.addEventListener('change', (event) => {
  if (event.target.name === 'preset') {
    custom.disabled = event.target.value !== 'other';
    if (!custom.disabled) custom.focus();
  }
  if (event.target.name === 'paymentMethod') showMethod();
  showMethod();
  void showFee();
});
custom.addEventListener('input', () => void showFee());

// The details are asked for only once the donor wants such a receipt; the name starts as the one already given.
tax.wanted.addEventListener('change', () => {
  tax.box.hidden = !tax.wanted.checked;
  if (tax.wanted.checked && !tax.name.value) tax.name.value = nameField.value.trim();
});

// A field being corrected loses its error, and so does the form.
tax.box.addEventListener('input', (event) => {
  if (event.target.getAttribute('aria-invalid') !== 'true') return;
  fieldError(event.target, '');
  errorBox.textContent = '';
});

// The prefecture button is for Japanese addresses, whose postal codes tell it.
tax.country.addEventListener('change', () => {
  const japan = tax.country.value === 'JP';
  tax.fill.hidden = !japan;
  tax.status.textContent = '';
  tax.postalHint.textContent = japan ? t.taxReceipt.postalHint.jp : t.taxReceipt.postalHint.abroad;
});

// Only when the donor asks: the prefecture goes at the start of the address, unless it is there already.
tax.fill.addEventListener('click', () => {
  const code = normalisePostalCode(tax.postal.value, 'JP');
  if (!code) {
    fieldError(tax.postal, t.taxReceipt.errors.postalCode);
    tax.postal.focus();
    return;
  }
  fieldError(tax.postal, '');
  const prefecture = prefectureOf(code);
  if (!prefecture) {
    tax.status.textContent = t.taxReceipt.prefectureUnknown;
    return;
  }
  if (!tax.address.value.startsWith(prefecture)) tax.address.value = prefecture + tax.address.value;
  tax.status.textContent = fill(t.taxReceipt.prefectureFilled, { prefecture });
});

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  errorBox.textContent = '';
  const gift = body();
  const invalid = stripePayment ? null : validate(gift);
  if (invalid) return problem(...invalid);
  submit.disabled = true;
  try {
    if (stripePayment) return await payWithStripe();
    const donation = await createDonation(gift);
    // A voucher or a transfer is paid later: the thank-you page says how.
    if (donation.status === 'awaiting_payment') return location.assign(thanksUrl(donation));
    if (!data.emulatorUrl) return await payWithStripe(donation);
    const checkout = new URL(`/checkout/${donation.paymentIntentId}`, data.emulatorUrl);
    checkout.searchParams.set('client_secret', donation.clientSecret);
    checkout.searchParams.set('return_url', thanksUrl(donation));
    checkout.searchParams.set('locale', data.language);
    location.assign(checkout.toString());
  } catch (error) {
    problem(error.message || data.labels.error);
  } finally {
    submit.disabled = false;
  }
});

showMethod();
void showFee();
