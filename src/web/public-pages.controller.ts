import { Controller, Get, Headers, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Campaign } from '../campaigns/campaign.entity.js';
import { type CampaignText, campaignText } from '../campaigns/campaign-text.js';
import type { Language } from '../common/money-format.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { MAX_SLUG_LENGTH, SLUG_PATTERN } from '../campaigns/slug.util.js';
import { DomainError } from '../common/domain-error.js';
import { CURRENCY_DECIMALS, formatDate, formatMoney, percentOfGoal } from '../common/money-format.js';
import { DonationsService } from '../donations/donations.service.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import type { CampaignTotals } from '../campaigns/campaign-totals.service.js';
import { UpdatesService } from '../notifications/updates.service.js';
import { type Currency, MAX_CHARGE, METHOD_CURRENCIES, METHOD_MIN_CHARGE, MIN_CHARGE, PAYMENT_METHODS, type PaymentMethod } from '../stripe/currencies.js';
import { html, type SafeHtml } from './html.js';
import { fill, messages, pickLanguage, type Messages, type WebLanguage } from './i18n.js';
import { errorPage, layout } from './layout.js';

const PRESETS: Record<'whole' | 'cents', number[]> = { whole: [1000, 3000, 5000, 10000], cents: [1000, 2500, 5000, 10000] };

/** What the donation form says while it solves the card-testing challenge (give.js). */
const CHALLENGE_LABELS: Record<WebLanguage, { challengeWorking: string; challengeDone: string }> = {
  en: {
    challengeWorking: 'Many stolen cards are being tried on this site right now, so your browser is doing a short security check (a few seconds)…',
    challengeDone: 'Security check done.',
  },
  ja: {
    challengeWorking: '現在このサイトで盗難カードの試用が多発しているため、ブラウザで短いセキュリティ確認を行っています（数秒）…',
    challengeDone: 'セキュリティ確認が完了しました。',
  },
};

/** A lang attribute for text in another language than the page's (a campaign with no text in the reader's). */
function langOf(textLanguage: Language, page: WebLanguage): SafeHtml | '' {
  return textLanguage === page ? '' : html` lang="${textLanguage}"`;
}

/** "Give to {title}" around a title that may be in the other language. */
function giveHeading(t: Messages, text: CampaignText, page: WebLanguage): SafeHtml {
  const [before, after] = t.giveTo('\u0000').split('\u0000');
  return html`${before}<span${langOf(text.language, page)}>${text.title}</span>${after}`;
}

/** The first lines of the story, for the page's meta description. */
function summary(story: string): string {
  const first = story.split(/\n{2,}/)[0]?.trim() ?? '';
  return first.length > 160 ? `${first.slice(0, 159)}…` : first;
}

/** Pledges not yet paid (konbini, bank transfer), apart from the money raised: only while there are some. */
function pendingLine(t: Messages, language: WebLanguage, currency: string, totals: CampaignTotals): SafeHtml {
  const text =
    totals.pendingCount > 0 ? fill(t.pendingPledges, { amount: formatMoney(totals.pendingAmount, currency, language), n: totals.pendingCount.toLocaleString(language) }) : '';
  return html`<p class="pending" data-pending ${text ? '' : 'hidden'}>${text}</p>`;
}

function progress(t: Messages, language: WebLanguage, campaign: Campaign, totals: CampaignTotals, withPending = false): SafeHtml {
  const percent = percentOfGoal(totals.raisedAmount, campaign.goalAmount);
  return html`<div class="progress" data-totals>
  <div class="bar" role="progressbar" aria-label="${t.raisedOf('', '').trim()}" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${percent}"><svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect width="${percent}" height="10"></rect></svg></div>
  <p><strong data-raised>${t.raisedOf(formatMoney(totals.raisedAmount, campaign.currency, language), formatMoney(campaign.goalAmount, campaign.currency, language))}</strong>
  · <span data-donors>${t.donors(totals.donorCount)}</span></p>
  ${withPending ? pendingLine(t, language, campaign.currency, totals) : ''}
</div>`;
}

/** 義援金: the donor's gift goes in full to a local government, and the receipt is a custody receipt (預り証). */
function gienkinNotice(t: Messages, campaign: Campaign): SafeHtml | '' {
  if (campaign.fundKind !== 'gienkin' || !campaign.fundRecipient) return '';
  return html`<p class="notice" id="gienkin-notice">${fill(t.gienkinNotice, { recipient: campaign.fundRecipient })}</p>`;
}

// Where donors asking for a tax receipt live, most of them in Japan; the page names each in its own language.
const RECEIPT_COUNTRIES = ['JP', 'US', 'GB', 'AU', 'CA', 'NZ', 'SG', 'HK', 'TW', 'KR', 'CN', 'DE', 'FR'];

/** The tax-receipt details: hidden until the donor ticks the box, so nothing is asked of, or sent for, the others. */
function taxReceiptFields(t: Messages, language: WebLanguage): SafeHtml {
  const r = t.taxReceipt;
  const names = new Intl.DisplayNames([language], { type: 'region' });
  const options = RECEIPT_COUNTRIES.map((code) => html`<option value="${code}">${names.of(code) ?? code}</option>`);
  return html`<label class="check"><input type="checkbox" id="tax-wanted" name="taxReceiptWanted" aria-controls="tax-receipt"> ${r.want}</label>
  <fieldset id="tax-receipt" class="tax-receipt" hidden>
    <legend>${r.legend}</legend>
    <p class="hint">${r.intro}</p>
    <label for="tax-name">${r.name}</label>
    <input id="tax-name" name="taxName" type="text" autocomplete="name" maxlength="200" aria-describedby="tax-name-error">
    <p class="error" id="tax-name-error"></p>
    <label for="tax-country">${r.country}</label>
    <select id="tax-country" name="taxCountry" autocomplete="country">${options}</select>
    <label for="tax-postal">${r.postalCode}</label>
    <input id="tax-postal" name="taxPostalCode" type="text" autocomplete="postal-code" maxlength="20" aria-describedby="tax-postal-hint tax-postal-error">
    <p class="hint" id="tax-postal-hint">${r.postalHint.jp}</p>
    <p class="error" id="tax-postal-error"></p>
    <p><button type="button" class="secondary" id="tax-fill-prefecture">${r.fillPrefecture}</button></p>
    <p class="hint" id="tax-prefecture-status" role="status" aria-live="polite"></p>
    <label for="tax-address">${r.address}</label>
    <textarea id="tax-address" name="taxAddress" rows="3" maxlength="500" autocomplete="street-address" aria-describedby="tax-address-error"></textarea>
    <p class="error" id="tax-address-error"></p>
  </fieldset>`;
}

/** The ways of paying a campaign's currency allows: konbini and bank transfers take yen only. */
function methodsFor(currency: Currency): PaymentMethod[] {
  return PAYMENT_METHODS.filter((method) => METHOD_CURRENCIES[method]?.includes(currency) ?? true);
}

/** The radio group of the ways of paying, each with its line; nothing when a card is the only one. */
function methodChoice(t: Messages, methods: PaymentMethod[], konbiniDays: number): SafeHtml | '' {
  if (methods.length < 2) return '';
  const options = methods.map(
    (
      method,
      i,
    ) => html`<div class="method"><label><input type="radio" name="paymentMethod" value="${method}" aria-describedby="method-line-${method}" ${i === 0 ? 'checked' : ''}> ${t.pay.methods[method].label}</label>
      <p class="hint" id="method-line-${method}">${fill(t.pay.methods[method].line, { days: konbiniDays })}</p></div>`,
  );
  return html`<fieldset class="methods"><legend>${t.pay.howToPay}</legend>${options}</fieldset>`;
}

/** What give.js needs to check an amount before sending it: each way of paying's smallest and largest gift. */
function methodLimits(currency: Currency, methods: PaymentMethod[]): Record<string, { min: number; max: number }> {
  return Object.fromEntries(methods.map((method) => [method, { min: Math.max(MIN_CHARGE[currency], METHOD_MIN_CHARGE[method] ?? 0), max: MAX_CHARGE[method] }]));
}

/** The donor's pages: campaign list, campaign, donation form, thank-you. Server-rendered, with small scripts for what is live. */
@ApiExcludeController()
@Controller()
export class PublicPagesController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly updates: UpdatesService,
    private readonly donations: DonationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async list(@Query('lang') lang: unknown, @Headers('accept-language') accept: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    const language = pickLanguage(lang, accept);
    const t = messages(language);
    const items = await this.campaigns.list(false);
    const cards = items.map(({ campaign, totals }) => {
      const text = campaignText(campaign, language);
      return html`<li class="card">
  <h2${langOf(text.language, language)}><a href="/campaigns/${campaign.slug}?lang=${language}">${text.title}</a></h2>
  <p class="meta"><span${langOf(text.language, language)}>${text.region}</span> · ${t.disasterTypes[campaign.disasterType] ?? campaign.disasterType}${campaign.status === 'closed' ? html` · <strong>${t.closedBadge}</strong>` : ''}</p>
  ${progress(t, language, campaign, totals)}
</li>`;
    });
    const body = html`<h1>${t.campaigns}</h1>${items.length ? html`<ul class="cards">${cards}</ul>` : html`<p>${t.noCampaigns}</p>`}`;
    this.send(reply, 200, layout({ language, title: t.campaigns, path: '/', body }));
  }

  @Get('campaigns/:slug')
  async campaign(@Param('slug') slug: string, @Query('lang') lang: unknown, @Headers('accept-language') accept: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    const language = pickLanguage(lang, accept);
    const t = messages(language);
    const found = await this.findCampaign(slug, language, reply, '');
    if (!found) return;
    const { campaign, totals } = found;
    const [gifts, updates] = await Promise.all([this.donations.recentGifts(campaign.id), this.updates.list(campaign.id, language)]);
    const text = campaignText(campaign, language);
    const textLang = langOf(text.language, language);
    const body = html`<article class="campaign">
<h1${textLang}>${text.title}</h1>
<p class="meta"><span${textLang}>${text.region}</span> · ${t.disasterTypes[campaign.disasterType] ?? campaign.disasterType}</p>
${progress(t, language, campaign, totals, true)}
${gienkinNotice(t, campaign)}
${campaign.status === 'active' ? html`<p><a class="button" href="/campaigns/${campaign.slug}/give?lang=${language}">${t.give}</a></p>` : html`<p class="notice">${t.closed}</p>`}
<section><h2>${t.story}</h2><div class="story"${textLang}>${text.story.split(/\n{2,}/).map((p) => html`<p>${p}</p>`)}</div></section>
<section><h2>${t.recentGifts}</h2>
${gifts.length ? html`<ul class="gifts">${gifts.map((g) => html`<li><strong>${g.name ?? t.anonymous}</strong> ${formatMoney(g.amount, campaign.currency, language)}${g.message ? html`<q>${g.message}</q>` : ''}</li>`)}</ul>` : html`<p>${t.noGifts}</p>`}
</section>
<section><h2>${t.updates}</h2>
${updates.length ? html`<ul class="updates">${updates.map((u) => html`<li${langOf(u.language, language)}><h3>${u.title}</h3><p class="meta">${formatDate(new Date(u.createdAt), language)}</p>${u.body ? html`<p>${u.body}</p>` : ''}</li>`)}</ul>` : html`<p>${t.noUpdates}</p>`}
</section>
</article>`;
    const data = {
      campaignId: campaign.id,
      currency: campaign.currency,
      goalAmount: campaign.goalAmount,
      language,
      labels: { raisedOf: t.raisedOf('{raised}', '{goal}'), donorsOne: t.donors(1), donorsMany: t.donors(2).replace('2', '{n}'), pending: t.pendingPledges },
    };
    const page = { language, title: text.title, description: summary(text.story), path: `/campaigns/${campaign.slug}`, body, data, scripts: ['campaign.js'] };
    this.send(reply, 200, layout(page));
  }

  @Get('campaigns/:slug/give')
  async give(@Param('slug') slug: string, @Query('lang') lang: unknown, @Headers('accept-language') accept: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    const language = pickLanguage(lang, accept);
    const t = messages(language);
    const found = await this.findCampaign(slug, language, reply, '/give');
    if (!found) return;
    const { campaign } = found;
    const text = campaignText(campaign, language);
    if (campaign.status !== 'active') {
      this.send(reply, 409, errorPage(language, `/campaigns/${campaign.slug}/give`, text.title, t.closed));
      return;
    }
    const currency = campaign.currency as Currency;
    const decimals = CURRENCY_DECIMALS[currency];
    const presets = PRESETS[decimals === 0 ? 'whole' : 'cents'];
    const methods = methodsFor(currency);
    const body = html`<h1>${giveHeading(t, text, language)}</h1>
${gienkinNotice(t, campaign)}
<form id="give" class="give" novalidate>
  <fieldset><legend>${t.amount}</legend>
    <div class="presets">${presets.map((amount, i) => html`<label class="preset"><input type="radio" name="preset" value="${amount}" ${i === 1 ? 'checked' : ''}> ${formatMoney(amount, currency, language)}</label>`)}
      <label class="preset"><input type="radio" name="preset" value="other"> ${t.otherAmount}</label></div>
    <label for="custom-amount">${t.otherAmount} (${currency.toUpperCase()})</label>
    <input id="custom-amount" name="customAmount" type="text" inputmode="decimal" autocomplete="off" disabled>
  </fieldset>
  ${methodChoice(t, methods, this.config.KONBINI_EXPIRES_AFTER_DAYS)}
  <label class="check"><input type="checkbox" name="coverFees" id="cover-fees"> <span id="cover-fees-label">${fill(t.pay.coverFees.card, { fee: '…' })}</span></label>
  <label for="email">${t.email}</label>
  <input id="email" name="email" type="email" autocomplete="email" required>
  <label for="name" id="name-label">${t.pay.nameOptional}</label>
  <input id="name" name="name" type="text" autocomplete="name" maxlength="200">
  <p class="hint" id="name-hint" hidden>${t.pay.nameHint}</p>
  <label class="check"><input type="checkbox" name="anonymous" id="anonymous"> ${t.anonymousOption}</label>
  ${taxReceiptFields(t, language)}
  <label for="message">${t.message}</label>
  <textarea id="message" name="message" maxlength="500" rows="3"></textarea>
  <label for="language">${t.language}</label>
  <select id="language" name="language"><option value="en" ${language === 'en' ? 'selected' : ''}>English</option><option value="ja" ${language === 'ja' ? 'selected' : ''}>日本語</option></select>
  <label class="check"><input type="checkbox" name="subscribeToUpdates" id="updates" checked> ${t.updatesOption}</label>
  <div id="form-error" class="error" role="alert" aria-live="assertive"></div>
  <p id="challenge-status" class="hint" role="status" hidden></p>
  <div id="payment-element"></div>
  <button type="submit" id="submit">${t.pay.submit.card}</button>
  <p class="hint" id="next-step">${t.pay.next.card}</p>
</form>`;
    const data = {
      campaignId: campaign.id,
      slug: campaign.slug,
      currency,
      decimals,
      language,
      limits: methodLimits(currency, methods),
      // The emulator's card form stands in for Stripe's Payment Element wherever the emulator is the Stripe API.
      emulatorUrl: this.config.STRIPE_API_BASE ? (this.config.STRIPE_EMULATOR_PUBLIC_URL ?? this.config.STRIPE_API_BASE) : null,
      publishableKey: this.config.STRIPE_PUBLISHABLE_KEY,
      labels: { ...t.pay, apiErrors: { ...t.pay.apiErrors, ...t.taxReceipt.apiErrors }, taxReceipt: t.taxReceipt, error: t.errorGeneric, ...CHALLENGE_LABELS[language] },
    };
    this.send(reply, 200, layout({ language, title: t.giveTo(text.title), path: `/campaigns/${campaign.slug}/give`, body, data, scripts: ['give.js'] }));
  }

  @Get('thanks')
  thanks(@Query('lang') lang: unknown, @Headers('accept-language') accept: string | undefined, @Res() reply: FastifyReply): void {
    const language = pickLanguage(lang, accept);
    const t = messages(language);
    const body = html`<h1>${t.thanksTitle}</h1>
<div id="result" role="status" aria-live="polite"><p>${t.checking}</p></div>
<p id="next" hidden></p>`;
    const labels = {
      succeeded: t.succeeded('{amount}', '{title}'),
      receiptSent: t.receiptSent('{number}'),
      receiptSoon: t.receiptSoon,
      failed: t.failed,
      stillPending: t.stillPending,
      tryAgain: t.tryAgain,
      backToCampaign: t.backToCampaign,
      error: t.errorGeneric,
      pledge: t.pledge,
    };
    this.send(reply, 200, layout({ language, title: t.thanksTitle, path: '/thanks', body, data: { language, labels }, scripts: ['thanks.js'] }));
  }

  /** The campaign and its totals; null once it has answered instead (a 404, or a 301 from a slug the campaign left). */
  private async findCampaign(slug: string, language: WebLanguage, reply: FastifyReply, page: '' | '/give') {
    try {
      const campaign = await this.campaigns.find(slug, false);
      if (campaign.slug === slug) return await this.campaigns.withTotals(campaign);
      const query = reply.request.url.includes('?') ? reply.request.url.slice(reply.request.url.indexOf('?')) : '';
      void reply.redirect(`/campaigns/${campaign.slug}${page}${query}`, 301);
      return null;
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== 'not_found') throw error;
      const t = messages(language);
      // The language link is built from a slug that is one (the address's own text never goes into the page's links).
      const path = SLUG_PATTERN.test(slug) && slug.length <= MAX_SLUG_LENGTH ? `/campaigns/${slug}` : '/';
      this.send(reply, 404, errorPage(language, path, t.notFound, t.notFound));
      return null;
    }
  }

  private send(reply: FastifyReply, status: number, page: string): void {
    void reply.status(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(page);
  }
}
