import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DISASTER_TYPES, type DisasterType } from '../campaigns/campaign.entity.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { isUuid } from '../common/uuid.js';
import { SUPPORTED_CURRENCIES } from '../stripe/currencies.js';
import { ROLES, type Role } from '../auth/roles.js';
import { html, type SafeHtml } from './html.js';
import { donorMergeSection } from './staff-donor-merge.js';
import type { StaffKey, StaffStrings } from './staff-i18n.js';
import { roleLabel, sendStaffPage, staffContext, staffLayout, type StaffContext } from './staff-layout.js';

const DISASTER_KEYS: Record<DisasterType, StaffKey> = {
  tsunami: 'disasterTsunami',
  earthquake: 'disasterEarthquake',
  flood: 'disasterFlood',
  typhoon: 'disasterTyphoon',
  wildfire: 'disasterWildfire',
  other: 'disasterOther',
};

/** Title, region and story side by side, Japanese and English; the Japanese side is the campaign's own fields. */
function translatedFields(t: StaffStrings, id: (name: string) => string): SafeHtml {
  const side = (lang: 'ja' | 'en', suffix: string, labels: [StaffKey, StaffKey, StaffKey], legend: StaffKey) => html`<fieldset class="language-side" lang="${lang}">
  <legend>${t[legend]}</legend>
  <label for="${id(`title${suffix}`)}">${t[labels[0]]}</label>
  <input id="${id(`title${suffix}`)}" name="title${suffix}" type="text" maxlength="200">
  <label for="${id(`region${suffix}`)}">${t[labels[1]]}</label>
  <input id="${id(`region${suffix}`)}" name="region${suffix}" type="text" maxlength="200">
  <label for="${id(`story${suffix}`)}">${t[labels[2]]}</label>
  <textarea id="${id(`story${suffix}`)}" name="story${suffix}" rows="6" maxlength="20000"></textarea>
</fieldset>`;
  return html`<p class="hint" id="${id('translations-hint')}">${t.translationsHint}</p>
<div class="languages">
${side('ja', '', ['fieldTitleJa', 'fieldRegionJa', 'fieldStoryJa'], 'fieldJapanese')}
${side('en', 'En', ['fieldTitleEn', 'fieldRegionEn', 'fieldStoryEn'], 'fieldEnglish')}
</div>`;
}

/** The fields of a campaign, for the create form and the edit form (prefix keeps their ids apart). */
function campaignFields(t: StaffStrings, prefix: string): SafeHtml {
  const id = (name: string) => `${prefix}-${name}`;
  return html`${translatedFields(t, id)}
<label for="${id('disasterType')}">${t.fieldDisasterType}</label>
<select id="${id('disasterType')}" name="disasterType">${DISASTER_TYPES.map((type) => html`<option value="${type}">${t[DISASTER_KEYS[type]]}</option>`)}</select>
<label for="${id('currency')}">${t.fieldCurrency}</label>
<select id="${id('currency')}" name="currency" aria-describedby="${id('currency-hint')}">${SUPPORTED_CURRENCIES.map((c) => html`<option value="${c}">${c.toUpperCase()}</option>`)}</select>
<p class="hint" id="${id('currency-hint')}">${t.currencyHint}</p>
<label for="${id('goal')}">${t.fieldGoal}</label>
<input id="${id('goal')}" name="goalAmount" type="text" inputmode="decimal" autocomplete="off" required aria-describedby="${id('goal-hint')}">
<p class="hint" id="${id('goal-hint')}">${t.goalHint}</p>
<label for="${id('slug')}">${t.fieldSlug}</label>
<input id="${id('slug')}" name="slug" type="text" maxlength="60" autocomplete="off" aria-describedby="${id('slug-hint')}">
<p class="hint" id="${id('slug-hint')}">${t.slugHint}</p>
${fundFields(t, id)}`;
}

/** 支援金 or 義援金, and for 義援金 the local government it goes to (the custody receipt names it). */
function fundFields(t: StaffStrings, id: (name: string) => string): SafeHtml {
  return html`<fieldset class="fund-kind">
  <legend>${t.fieldFundKind}</legend>
  <label class="check"><input type="radio" name="fundKind" value="shienkin" checked> ${t.fundShienkin}</label>
  <label class="check"><input type="radio" name="fundKind" value="gienkin"> <span data-gienkin-label>${t.fundGienkinNoRecipient}</span></label>
  <div data-fund-recipient hidden>
    <label for="${id('fundRecipient')}">${t.fieldFundRecipient}</label>
    <input id="${id('fundRecipient')}" name="fundRecipient" type="text" maxlength="200" autocomplete="off" aria-describedby="${id('fundRecipient-hint')}">
    <p class="hint" id="${id('fundRecipient-hint')}">${t.fundRecipientHint}</p>
  </div>
</fieldset>`;
}

const COORDINATORS: Role[] = ['coordinator', 'admin'];
const FINANCE: Role[] = ['finance', 'admin'];

/** The staff pages: login, the coordinator's dashboard and campaign page, the finance screen. */
@ApiExcludeController()
@Controller('staff')
export class StaffPagesController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private context(request: FastifyRequest): StaffContext {
    return staffContext(request, this.config.ORG_TIMEZONE);
  }

  @Get('login')
  login(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    const context = this.context(request);
    const { t } = context;
    const body = html`<h1>${t.loginTitle}</h1>
<form id="login" class="narrow" novalidate>
  <label for="email">${t.navMail}</label>
  <input id="email" name="email" type="email" autocomplete="username" required>
  <label for="password">${t.password}</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <div id="login-error" class="error" role="alert"></div>
  <button type="submit">${t.loginButton}</button>
</form>`;
    this.send(reply, 200, staffLayout({ context, title: t.loginTitle, body, script: 'staff-login.js' }));
  }

  @Get()
  dashboard(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    const context = this.context(request);
    const { t } = context;
    const body = html`<div id="content" hidden>
<h1>${t.navCampaigns}</h1>
<section aria-labelledby="list-heading">
  <h2 id="list-heading">${t.listHeading}</h2>
  <div id="list-error" class="error" role="alert"></div>
  <p id="list-empty" hidden>${t.listEmpty}</p>
  <p class="hint">${t.listHint}</p>
  <div class="table-wrap" tabindex="0" role="region" aria-labelledby="list-heading staff-table-word">
  <table id="campaigns">
    <thead><tr><th scope="col">${t.colCampaign}</th><th scope="col">${t.colStatus}</th><th scope="col" class="num">${t.colGoal}</th><th scope="col" class="num">${t.colRaised}</th>
      <th scope="col" class="num">${t.colPledged}</th><th scope="col" class="num">${t.colGross}</th><th scope="col" class="num">${t.colFees}</th><th scope="col" class="num">${t.colRefunds}</th><th scope="col" class="num">${t.colDisputes}</th>
      <th scope="col" class="num">${t.colNet}</th><th scope="col" class="num">${t.colDonations}</th><th scope="col" class="num">${t.colPledges}</th></tr></thead>
    <tbody></tbody>
  </table>
  </div>
</section>
<section aria-labelledby="create-heading">
  <h2 id="create-heading">${t.createHeading}</h2>
  <p class="hint">${t.createHint}</p>
  <form id="create" class="narrow" novalidate>
    ${campaignFields(t, 'create')}
    <div id="create-error" class="error" role="alert"></div>
    <button type="submit">${t.createButton}</button>
  </form>
</section>
</div>`;
    this.send(reply, 200, staffLayout({ context, title: t.dashboardTitle, section: 'campaigns', roles: COORDINATORS, body, script: 'staff-dashboard.js' }));
  }

  @Get('campaigns/:id')
  campaign(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    const context = this.context(request);
    const { t } = context;
    if (!isUuid(id)) {
      const body = html`<h1>${t.notFound}</h1><p><a href="/staff">${t.allCampaigns}</a></p>`;
      this.send(reply, 404, staffLayout({ context, title: t.notFoundTitle, body }));
      return;
    }
    const body = html`<div id="content" hidden>
<p><a href="/staff">${t.backToCampaigns}</a></p>
<h1 id="campaign-title">${t.colCampaign}</h1>
<p class="meta"><span id="campaign-status" class="status"></span> <span id="campaign-meta"></span> <a id="public-link" hidden>${t.publicPage}</a></p>
<div id="page-error" class="error" role="alert"></div>
<div id="campaign-sections" hidden>
<section aria-labelledby="totals-heading">
  <h2 id="totals-heading">${t.totalsHeading}</h2>
  <p class="hint">${t.totalsHint}</p>
  <dl id="totals" class="figures"></dl>
</section>

<section aria-labelledby="coordinators-heading">
  <h2 id="coordinators-heading">${t.coordinatorsHeading}</h2>
  <p id="coordinators-help" class="hint"></p>
  <ul id="coordinators" class="plain"></ul>
  <form id="assign" class="narrow" novalidate hidden>
    <fieldset class="choices"><legend>${t.coordinatorsLegend}</legend><div id="assign-choices"></div></fieldset>
    <div id="assign-error" class="error" role="alert"></div>
    <p id="assign-ok" class="ok" role="status"></p>
    <button type="submit">${t.saveCoordinators}</button>
  </form>
</section>

<section id="state-section" aria-labelledby="state-heading">
  <h2 id="state-heading">${t.stateHeading}</h2>
  <p id="state-help" tabindex="-1"></p>
  <div class="actions">
    <button type="button" id="publish" hidden>${t.publish}</button>
    <button type="button" id="close" class="secondary" hidden>${t.closeCampaign}</button>
  </div>
  <div id="state-error" class="error" role="alert"></div>
</section>

<section aria-labelledby="chart-heading">
  <h2 id="chart-heading">${t.chartHeading}</h2>
  <fieldset class="choices">
    <legend>${t.chartBarPer}</legend>
    <label class="choice"><input type="radio" name="by" value="hour" checked> ${t.chartHour}</label>
    <label class="choice"><input type="radio" name="by" value="day"> ${t.chartDay}</label>
  </fieldset>
  <div id="chart" aria-live="polite"></div>
  <div id="chart-error" class="error" role="alert"></div>
</section>

<section aria-labelledby="updates-heading">
  <h2 id="updates-heading">${t.updatesHeading}</h2>
  <form id="update" class="narrow" novalidate>
    <p class="hint">${t.updatesHint}</p>
    <label for="update-title">${t.fieldTitle}</label>
    <input id="update-title" name="title" type="text" maxlength="200" required>
    <label for="update-body">${t.updateMessage}</label>
    <textarea id="update-body" name="body" rows="6" maxlength="20000" required aria-describedby="update-body-hint"></textarea>
    <p class="hint" id="update-body-hint">${t.updateMessageHint}</p>
    <div id="update-error" class="error" role="alert"></div>
    <button type="submit">${t.sendUpdate}</button>
  </form>
  <div id="delivery" class="delivery" role="status" aria-live="polite" hidden></div>
  <h3>${t.sentUpdates}</h3>
  <p id="updates-empty" hidden>${t.noneYet}</p>
  <ul id="updates" class="updates"></ul>
</section>

<section id="edit-section" aria-labelledby="edit-heading">
  <h2 id="edit-heading">${t.editHeading}</h2>
  <form id="edit" class="narrow" novalidate>
    ${campaignFields(t, 'edit')}
    <div id="edit-error" class="error" role="alert"></div>
    <p id="edit-ok" class="ok" role="status"></p>
    <button type="submit">${t.saveChanges}</button>
  </form>
</section>
</div>
</div>`;
    this.send(reply, 200, staffLayout({ context, title: t.campaignTitle, section: 'campaigns', roles: COORDINATORS, body, script: 'staff-campaign.js', data: { campaignId: id } }));
  }

  @Get('users')
  users(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    const context = this.context(request);
    const { t } = context;
    const body = html`<div id="content" hidden>
<h1>${t.navUsers}</h1>
<section aria-labelledby="accounts-heading">
  <h2 id="accounts-heading">${t.accountsHeading}</h2>
  <p class="hint">${t.accountsHint}</p>
  <div id="accounts-error" class="error" role="alert"></div>
  <p id="accounts-ok" class="ok" role="status"></p>
  <div class="table-wrap" tabindex="0" role="region" aria-labelledby="accounts-heading staff-table-word">
  <table id="accounts">
    <thead><tr><th scope="col">${t.navMail}</th><th scope="col">${t.colRole}</th><th scope="col">${t.colStatus}</th><th scope="col">${t.colCreated}</th><th scope="col"><span class="sr-only">${t.colActions}</span></th></tr></thead>
    <tbody></tbody>
  </table>
  </div>
</section>
<section aria-labelledby="new-account-heading">
  <h2 id="new-account-heading">${t.newAccountHeading}</h2>
  <form id="new-account" class="narrow" novalidate>
    <label for="new-email">${t.navMail}</label>
    <input id="new-email" name="email" type="email" autocomplete="off" required>
    <label for="new-password">${t.firstPassword}</label>
    <input id="new-password" name="password" type="password" autocomplete="new-password" minlength="12" required aria-describedby="new-password-hint">
    <p class="hint" id="new-password-hint">${t.firstPasswordHint}</p>
    <label for="new-role">${t.colRole}</label>
    <select id="new-role" name="role">${ROLES.map((role) => html`<option value="${role}">${roleLabel(t, role)}</option>`)}</select>
    <div id="new-account-error" class="error" role="alert"></div>
    <button type="submit">${t.createAccount}</button>
  </form>
</section>
<section aria-labelledby="audit-heading">
  <h2 id="audit-heading">${t.auditHeading}</h2>
  <p class="hint">${t.auditHint}</p>
  <div id="audit-error" class="error" role="alert"></div>
  <div class="table-wrap" tabindex="0" role="region" aria-labelledby="audit-heading staff-table-word">
  <table id="audit">
    <thead><tr><th scope="col">${t.colWhen}</th><th scope="col">${t.colWho}</th><th scope="col">${t.colDid}</th><th scope="col">${t.colTo}</th><th scope="col">${t.colDetails}</th></tr></thead>
    <tbody></tbody>
  </table>
  </div>
  <p><button type="button" id="audit-more" class="secondary" hidden>${t.auditMore}</button></p>
</section>
</div>`;
    this.send(reply, 200, staffLayout({ context, title: t.usersTitle, section: 'users', roles: ['admin'], body, script: 'staff-users.js' }));
  }

  @Get('account')
  account(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    const context = this.context(request);
    const { t } = context;
    const body = html`<div id="content" hidden>
<h1>${t.accountTitle}</h1>
<p id="account-who"></p>
<section aria-labelledby="language-heading">
  <h2 id="language-heading">${t.languageHeading}</h2>
  <p class="hint" id="language-hint">${t.languageHint}</p>
  <form id="language" class="narrow" novalidate>
    <label for="language-choice">${t.languageLabel}</label>
    <select id="language-choice" name="language" aria-describedby="language-hint">
      <option value="ja"${context.language === 'ja' ? html` selected` : ''}>${t.languageJa}</option>
      <option value="en"${context.language === 'en' ? html` selected` : ''}>${t.languageEn}</option>
    </select>
    <button type="submit">${t.languageSave}</button>
  </form>
</section>
<section aria-labelledby="password-heading">
  <h2 id="password-heading">${t.passwordHeading}</h2>
  <p class="hint">${t.passwordHint}</p>
  <form id="password" class="narrow" novalidate>
    <label for="current-password">${t.currentPassword}</label>
    <input id="current-password" name="currentPassword" type="password" autocomplete="current-password" required>
    <label for="new-password">${t.newPassword}</label>
    <input id="new-password" name="newPassword" type="password" autocomplete="new-password" minlength="12" required aria-describedby="new-password-hint">
    <p class="hint" id="new-password-hint">${t.newPasswordHint}</p>
    <div id="password-error" class="error" role="alert"></div>
    <p id="password-ok" class="ok" role="status"></p>
    <button type="submit">${t.changePassword}</button>
  </form>
</section>
</div>`;
    this.send(reply, 200, staffLayout({ context, title: t.accountTitle, section: 'account', roles: [...ROLES], body, script: 'staff-account.js' }));
  }

  @Get('finance')
  finance(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    const context = this.context(request);
    const { t } = context;
    const body = html`<div id="content" hidden>
<h1>${t.navFinance}</h1>

<section aria-labelledby="cash-heading">
  <h2 id="cash-heading">${t.cashHeading}</h2>
  <p class="hint">${t.cashHint}</p>
  <div id="cash-error" class="error" role="alert"></div>
  <p id="cash-ok" class="ok" role="status" tabindex="-1"></p>
  <p id="cash-empty" hidden>${t.cashEmpty}</p>
  <div id="cash-wrap" class="table-wrap" tabindex="0" role="region" aria-labelledby="cash-heading staff-table-word" hidden>
  <table id="cash-balances">
    <thead><tr><th scope="col">${t.colDonor}</th><th scope="col" class="num">${t.colCashBalance}</th><th scope="col">${t.colWaitingSince}</th><th scope="col">${t.colTransfersTo}</th>
      <th scope="col">${t.colStripeReconciliation}</th><th scope="col"><span class="sr-only">${t.colActions}</span></th></tr></thead>
    <tbody></tbody>
  </table>
  </div>
  <p><button type="button" id="cash-csv" class="secondary">${t.cashCsv}</button></p>
  <h3 id="returns-heading">${t.returnsHeading}</h3>
  <p class="hint">${t.returnsHint}</p>
  <div id="returns-error" class="error" role="alert"></div>
  <p id="returns-empty" hidden>${t.returnsEmpty}</p>
  <div id="returns-wrap" class="table-wrap" tabindex="0" role="region" aria-labelledby="returns-heading staff-table-word" hidden>
  <table id="cash-returns">
    <thead><tr><th scope="col">${t.colAsked}</th><th scope="col">${t.colDonor}</th><th scope="col" class="num">${t.colAmount}</th><th scope="col">${t.colStatus}</th><th scope="col">${t.colStripeRefund}</th><th scope="col">${t.colBy}</th></tr></thead>
    <tbody></tbody>
  </table>
  </div>
</section>

<section aria-labelledby="pledges-heading">
  <h2 id="pledges-heading">${t.pledgesHeading}</h2>
  <p class="hint">${t.pledgesHint}</p>
  <div id="pledges-error" class="error" role="alert"></div>
  <p id="pledges-empty" hidden>${t.pledgesEmpty}</p>
  <div id="pledges-wrap" class="table-wrap" tabindex="0" role="region" aria-labelledby="pledges-heading staff-table-word" hidden>
  <table id="pledges">
    <thead><tr><th scope="col">${t.colPledgedAt}</th><th scope="col">${t.colCampaign}</th><th scope="col">${t.colDonor}</th><th scope="col">${t.colMethod}</th><th scope="col" class="num">${t.colAmount}</th>
      <th scope="col" class="num">${t.colStillToCome}</th><th scope="col">${t.colDeadline}</th></tr></thead>
    <tbody></tbody>
  </table>
  </div>
  <h3 id="expiries-heading">${t.expiriesHeading}</h3>
  <p id="expiries-empty" hidden>${t.expiriesEmpty}</p>
  <div id="expiries-wrap" class="table-wrap" tabindex="0" role="region" aria-labelledby="expiries-heading staff-table-word" hidden>
  <table id="expiries">
    <thead><tr><th scope="col">${t.colExpired}</th><th scope="col">${t.colCampaign}</th><th scope="col">${t.colDonor}</th><th scope="col">${t.colMethod}</th><th scope="col" class="num">${t.colAmount}</th><th scope="col">${t.colDeadline}</th></tr></thead>
    <tbody></tbody>
  </table>
  </div>
  <form id="pledges-form" class="row" novalidate>
    <div><label for="pledges-status">${t.colPledges}</label><select id="pledges-status" name="status"><option value="">${t.pledgesAll}</option><option value="awaiting_payment">${t.pledgesAwaiting}</option><option value="expired">${t.colExpired}</option></select></div>
    <div><label for="pledges-from">${t.pledgesFrom}</label><input id="pledges-from" name="from" type="date"></div>
    <div><label for="pledges-to">${t.until}</label><input id="pledges-to" name="to" type="date"></div>
    <div><button type="submit">${t.pledgesCsv}</button></div>
  </form>
  <div id="pledges-csv-error" class="error" role="alert"></div>
</section>

<section aria-labelledby="run-heading">
  <h2 id="run-heading">${t.runHeading}</h2>
  <p class="hint">${t.runHint}</p>
  <form id="run-form" class="row" novalidate>
    <div><label for="run-from">${t.from}</label><input id="run-from" name="from" type="date"></div>
    <div><label for="run-to">${t.until}</label><input id="run-to" name="to" type="date"></div>
    <div><button type="submit">${t.startRun}</button></div>
  </form>
  <div id="run-error" class="error" role="alert"></div>
  <div id="run" hidden>
    <p id="run-status" role="status" aria-live="polite"></p>
    <dl id="run-figures" class="figures"></dl>
    <p><button type="button" id="run-csv" class="secondary">${t.runCsv}</button></p>
    <div id="run-csv-error" class="error" role="alert"></div>
    <h3 id="discrepancies-heading">${t.discrepanciesHeading}</h3>
    <p id="discrepancies-empty" hidden>${t.discrepanciesEmpty}</p>
    <div id="discrepancies-wrap" class="table-wrap" tabindex="0" role="region" aria-labelledby="discrepancies-heading staff-table-word" hidden>
    <table id="discrepancies">
      <thead><tr><th scope="col">${t.colKind}</th><th scope="col">${t.colStripeObject}</th><th scope="col">${t.fieldCurrency}</th><th scope="col" class="num">${t.colExpected}</th>
        <th scope="col" class="num">${t.colActual}</th><th scope="col">${t.colResolution}</th></tr></thead>
      <tbody></tbody>
    </table>
    </div>
  </div>
</section>

<section aria-labelledby="annual-heading">
  <h2 id="annual-heading">${t.annualHeading}</h2>
  <p class="hint">${t.annualHint}</p>
  <form id="annual-form" class="row" novalidate>
    <div><label for="annual-year">${t.annualYear}</label><input id="annual-year" name="year" type="number" inputmode="numeric" min="2000" max="9999" required></div>
    <div><button type="submit">${t.annualRun}</button></div>
  </form>
  <div id="annual-error" class="error" role="alert"></div>
  <p id="annual-status" role="status" aria-live="polite"></p>
  <h3 id="register-heading">${t.registerHeading}</h3>
  <p class="hint">${t.registerHint}</p>
  <form id="register-form" class="row" novalidate>
    <div><label for="register-from">${t.from}</label><input id="register-from" name="from" type="date"></div>
    <div><label for="register-to">${t.until}</label><input id="register-to" name="to" type="date"></div>
    <div><button type="submit" name="csv">${t.registerCsv}</button></div>
    <div><button type="button" id="register-zip" class="secondary">${t.registerZip}</button></div>
  </form>
  <div id="register-error" class="error" role="alert"></div>
  <p id="register-ok" class="ok" role="status"></p>
  <h3 id="tax-receipt-heading">${t.taxReceiptHeading}</h3>
  <p class="hint">${t.taxReceiptHint}</p>
  <form id="tax-receipt-form" novalidate>
    <div><label for="tax-donation">${t.taxReceiptDonation}</label><input id="tax-donation" name="donationId" required autocomplete="off"></div>
    <div><label for="tax-name">${t.taxReceiptName}</label><input id="tax-name" name="name" required autocomplete="off"></div>
    <div><label for="tax-postal">${t.taxReceiptPostalCode}</label><input id="tax-postal" name="postalCode" required autocomplete="off"></div>
    <div><label for="tax-address">${t.taxReceiptAddress}</label><input id="tax-address" name="address" required autocomplete="off"></div>
    <div><label for="tax-country">${t.taxReceiptCountry}</label><input id="tax-country" name="country" value="JP" maxlength="2" autocomplete="off"></div>
    <div><button type="submit">${t.taxReceiptSave}</button></div>
  </form>
  <div id="tax-receipt-error" class="error" role="alert"></div>
  <p id="tax-receipt-ok" class="ok" role="status"></p>
</section>

<section aria-labelledby="ledger-heading">
  <h2 id="ledger-heading">${t.ledgerHeading}</h2>
  <form id="ledger-form" class="row" novalidate>
    <div><label for="ledger-from">${t.from}</label><input id="ledger-from" name="from" type="date"></div>
    <div><label for="ledger-to">${t.until}</label><input id="ledger-to" name="to" type="date"></div>
    <div><label for="ledger-campaign">${t.colCampaign}</label><select id="ledger-campaign" name="campaignId"><option value="">${t.allCampaigns}</option></select></div>
    <div><button type="submit">${t.ledgerCsv}</button></div>
  </form>
  <div id="ledger-error" class="error" role="alert"></div>
  <p id="ledger-ok" class="ok" role="status"></p>
</section>

<section aria-labelledby="payouts-heading">
  <h2 id="payouts-heading">${t.payoutsHeading}</h2>
  <div id="payouts-error" class="error" role="alert"></div>
  <p id="payouts-empty" hidden>${t.payoutsEmpty}</p>
  <div id="payouts-wrap" class="table-wrap" tabindex="0" role="region" aria-labelledby="payouts-heading staff-table-word" hidden>
  <table id="payouts">
    <thead><tr><th scope="col">${t.colPayout}</th><th scope="col">${t.colCreated}</th><th scope="col">${t.colStatus}</th><th scope="col" class="num">${t.colAmount}</th>
      <th scope="col" class="num">${t.colTransactions}</th><th scope="col">${t.colMatches}</th><th scope="col"><span class="sr-only">${t.colReport}</span></th></tr></thead>
    <tbody></tbody>
  </table>
  </div>
  <div id="payout-report" hidden></div>
</section>

<section aria-labelledby="unmatched-heading">
  <h2 id="unmatched-heading">${t.unmatchedHeading}</h2>
  <p class="hint">${t.unmatchedHint}</p>
  <div id="unmatched-error" class="error" role="alert"></div>
  <p id="unmatched-empty" hidden>${t.unmatchedEmpty}</p>
  <div id="unmatched-wrap" class="table-wrap" tabindex="0" role="region" aria-labelledby="unmatched-heading staff-table-word" hidden>
  <table id="unmatched">
    <thead><tr><th scope="col">${t.colReceived}</th><th scope="col">${t.colEvent}</th><th scope="col">${t.colStripeObject}</th><th scope="col" class="num">${t.colAmount}</th>
      <th scope="col">${t.colWhy}</th></tr></thead>
    <tbody></tbody>
  </table>
  </div>
</section>
${donorMergeSection(t)}
</div>`;
    this.send(reply, 200, staffLayout({ context, title: t.financeTitle, section: 'finance', roles: FINANCE, body, script: 'staff-finance.js' }));
  }

  private send(reply: FastifyReply, status: number, page: string): void {
    sendStaffPage(reply, status, page);
  }
}
