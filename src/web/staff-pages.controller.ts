import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DISASTER_TYPES } from '../campaigns/campaign.entity.js';
import { isUuid } from '../common/uuid.js';
import { SUPPORTED_CURRENCIES } from '../stripe/currencies.js';
import { ROLES, type Role } from '../auth/roles.js';
import { html, type SafeHtml } from './html.js';
import { sendStaffPage, staffLayout } from './staff-layout.js';

/** The fields of a campaign, for the create form and the edit form (prefix keeps their ids apart). */
function campaignFields(prefix: string): SafeHtml {
  const id = (name: string) => `${prefix}-${name}`;
  return html`<label for="${id('title')}">Title</label>
<input id="${id('title')}" name="title" type="text" maxlength="200" required>
<label for="${id('disasterType')}">Disaster type</label>
<select id="${id('disasterType')}" name="disasterType">${DISASTER_TYPES.map((type) => html`<option value="${type}">${type}</option>`)}</select>
<label for="${id('region')}">Region</label>
<input id="${id('region')}" name="region" type="text" maxlength="200" required>
<label for="${id('currency')}">Currency</label>
<select id="${id('currency')}" name="currency" aria-describedby="${id('currency-hint')}">${SUPPORTED_CURRENCIES.map((c) => html`<option value="${c}">${c.toUpperCase()}</option>`)}</select>
<p class="hint" id="${id('currency-hint')}">Fixed once the campaign has a donation.</p>
<label for="${id('goal')}">Goal</label>
<input id="${id('goal')}" name="goalAmount" type="text" inputmode="decimal" autocomplete="off" required aria-describedby="${id('goal-hint')}">
<p class="hint" id="${id('goal-hint')}">In the currency's main unit: 5000000 is ¥5,000,000 (yen and won have no cents); 25000.50 is $25,000.50. The largest goal is ¥1,000,000,000,000 or ₩1,000,000,000,000, or 10,000,000,000 in dollars, euros or pounds.</p>
<label for="${id('story')}">Story</label>
<textarea id="${id('story')}" name="story" rows="6" maxlength="20000"></textarea>
<label for="${id('slug')}">Slug (optional)</label>
<input id="${id('slug')}" name="slug" type="text" maxlength="60" autocomplete="off" aria-describedby="${id('slug-hint')}">
<p class="hint" id="${id('slug-hint')}">The public address /campaigns/&lt;slug&gt;: lowercase letters and digits separated by hyphens. Made from the title when left empty.</p>`;
}

const COORDINATORS: Role[] = ['coordinator', 'admin'];
const ROLE_LABELS: Record<Role, string> = { admin: 'Admin', coordinator: 'Coordinator', finance: 'Finance' };
const FINANCE: Role[] = ['finance', 'admin'];

/** The staff pages: login, the coordinator's dashboard and campaign page, the finance screen. */
@ApiExcludeController()
@Controller('staff')
export class StaffPagesController {
  @Get('login')
  login(@Res() reply: FastifyReply): void {
    const body = html`<h1>Staff login</h1>
<form id="login" class="narrow" novalidate>
  <label for="email">Email</label>
  <input id="email" name="email" type="email" autocomplete="username" required>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <div id="login-error" class="error" role="alert"></div>
  <button type="submit">Log in</button>
</form>`;
    this.send(reply, 200, staffLayout({ title: 'Staff login', body, script: 'staff-login.js' }));
  }

  @Get()
  dashboard(@Res() reply: FastifyReply): void {
    const body = html`<div id="content" hidden>
<h1>Campaigns</h1>
<section aria-labelledby="list-heading">
  <h2 id="list-heading">All campaigns, drafts included</h2>
  <div id="list-error" class="error" role="alert"></div>
  <p id="list-empty" hidden>No campaign yet: create the first one below.</p>
  <p class="hint">Raised is money received. Pledged is konbini vouchers and bank transfers the donors have yet to pay: never part of raised until it arrives.</p>
  <div class="table-wrap" tabindex="0" role="region" aria-labelledby="list-heading">
  <table id="campaigns">
    <thead><tr><th scope="col">Campaign</th><th scope="col">Status</th><th scope="col" class="num">Goal</th><th scope="col" class="num">Raised (paid)</th>
      <th scope="col" class="num">Pledged (unpaid)</th><th scope="col" class="num">Gross</th><th scope="col" class="num">Fees</th><th scope="col" class="num">Refunds</th><th scope="col" class="num">Disputes</th>
      <th scope="col" class="num">Net</th><th scope="col" class="num">Donations</th><th scope="col" class="num">Pledges</th></tr></thead>
    <tbody></tbody>
  </table>
  </div>
</section>
<section aria-labelledby="create-heading">
  <h2 id="create-heading">New campaign</h2>
  <p class="hint">A new campaign is a draft: nobody sees it until it is published.</p>
  <form id="create" class="narrow" novalidate>
    ${campaignFields('create')}
    <div id="create-error" class="error" role="alert"></div>
    <button type="submit">Create draft</button>
  </form>
</section>
</div>`;
    this.send(reply, 200, staffLayout({ title: 'Campaigns', section: 'campaigns', roles: COORDINATORS, body, script: 'staff-dashboard.js' }));
  }

  @Get('campaigns/:id')
  campaign(@Param('id') id: string, @Res() reply: FastifyReply): void {
    if (!isUuid(id)) {
      const body = html`<h1>This page does not exist</h1><p><a href="/staff">All campaigns</a></p>`;
      this.send(reply, 404, staffLayout({ title: 'Not found', body }));
      return;
    }
    const body = html`<div id="content" hidden>
<p><a href="/staff">← All campaigns</a></p>
<h1 id="campaign-title">Campaign</h1>
<p class="meta"><span id="campaign-status" class="status"></span> <span id="campaign-meta"></span> <a id="public-link" hidden>Public page</a></p>
<div id="page-error" class="error" role="alert"></div>
<div id="campaign-sections" hidden>
<section aria-labelledby="totals-heading">
  <h2 id="totals-heading">Totals</h2>
  <p class="hint">Raised counts money received. Pledged counts konbini vouchers and bank transfers not yet paid: they join raised when the money arrives, and drop out if a voucher expires.</p>
  <dl id="totals" class="figures"></dl>
</section>

<section aria-labelledby="coordinators-heading">
  <h2 id="coordinators-heading">Coordinators</h2>
  <p id="coordinators-help" class="hint"></p>
  <ul id="coordinators" class="plain"></ul>
  <form id="assign" class="narrow" novalidate hidden>
    <fieldset class="choices"><legend>Coordinators of this campaign</legend><div id="assign-choices"></div></fieldset>
    <div id="assign-error" class="error" role="alert"></div>
    <p id="assign-ok" class="ok" role="status"></p>
    <button type="submit">Save coordinators</button>
  </form>
</section>

<section id="state-section" aria-labelledby="state-heading">
  <h2 id="state-heading">Publishing</h2>
  <p id="state-help" tabindex="-1"></p>
  <div class="actions">
    <button type="button" id="publish" hidden>Publish</button>
    <button type="button" id="close" class="secondary" hidden>Close campaign</button>
  </div>
  <div id="state-error" class="error" role="alert"></div>
</section>

<section aria-labelledby="chart-heading">
  <h2 id="chart-heading">Donations over time</h2>
  <fieldset class="choices">
    <legend>One bar per</legend>
    <label class="choice"><input type="radio" name="by" value="hour" checked> hour</label>
    <label class="choice"><input type="radio" name="by" value="day"> day</label>
  </fieldset>
  <div id="chart" aria-live="polite"></div>
  <div id="chart-error" class="error" role="alert"></div>
</section>

<section aria-labelledby="updates-heading">
  <h2 id="updates-heading">Progress updates</h2>
  <form id="update" class="narrow" novalidate>
    <p class="hint">Emailed to every donor of this campaign who asked for updates, and shown on the public page.</p>
    <label for="update-title">Title</label>
    <input id="update-title" name="title" type="text" maxlength="200" required>
    <label for="update-body">Message</label>
    <textarea id="update-body" name="body" rows="6" maxlength="20000" required aria-describedby="update-body-hint"></textarea>
    <p class="hint" id="update-body-hint">Plain text; a blank line starts a new paragraph.</p>
    <div id="update-error" class="error" role="alert"></div>
    <button type="submit">Send update</button>
  </form>
  <div id="delivery" class="delivery" role="status" aria-live="polite" hidden></div>
  <h3>Sent updates</h3>
  <p id="updates-empty" hidden>None yet.</p>
  <ul id="updates" class="updates"></ul>
</section>

<section id="edit-section" aria-labelledby="edit-heading">
  <h2 id="edit-heading">Edit</h2>
  <form id="edit" class="narrow" novalidate>
    ${campaignFields('edit')}
    <div id="edit-error" class="error" role="alert"></div>
    <p id="edit-ok" class="ok" role="status"></p>
    <button type="submit">Save changes</button>
  </form>
</section>
</div>
</div>`;
    this.send(reply, 200, staffLayout({ title: 'Campaign', section: 'campaigns', roles: COORDINATORS, body, script: 'staff-campaign.js', data: { campaignId: id } }));
  }

  @Get('users')
  users(@Res() reply: FastifyReply): void {
    const body = html`<div id="content" hidden>
<h1>Staff accounts</h1>
<section aria-labelledby="accounts-heading">
  <h2 id="accounts-heading">Accounts</h2>
  <p class="hint">A change applies to the account's very next request: a disabled or deleted account is signed out at once.</p>
  <div id="accounts-error" class="error" role="alert"></div>
  <p id="accounts-ok" class="ok" role="status"></p>
  <div class="table-wrap" tabindex="0" role="region" aria-labelledby="accounts-heading">
  <table id="accounts">
    <thead><tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Created</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
    <tbody></tbody>
  </table>
  </div>
</section>
<section aria-labelledby="new-account-heading">
  <h2 id="new-account-heading">New account</h2>
  <form id="new-account" class="narrow" novalidate>
    <label for="new-email">Email</label>
    <input id="new-email" name="email" type="email" autocomplete="off" required>
    <label for="new-password">First password</label>
    <input id="new-password" name="password" type="password" autocomplete="new-password" minlength="12" required aria-describedby="new-password-hint">
    <p class="hint" id="new-password-hint">At least 12 characters. Give it to the person in private; they can change it on their account page.</p>
    <label for="new-role">Role</label>
    <select id="new-role" name="role">${ROLES.map((role) => html`<option value="${role}">${ROLE_LABELS[role]}</option>`)}</select>
    <div id="new-account-error" class="error" role="alert"></div>
    <button type="submit">Create account</button>
  </form>
</section>
<section aria-labelledby="audit-heading">
  <h2 id="audit-heading">Audit log</h2>
  <p class="hint">Who did what to staff accounts, campaigns, updates and reconciliations, newest first.</p>
  <div id="audit-error" class="error" role="alert"></div>
  <div class="table-wrap" tabindex="0" role="region" aria-labelledby="audit-heading">
  <table id="audit">
    <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Did</th><th scope="col">To</th><th scope="col">Details</th></tr></thead>
    <tbody></tbody>
  </table>
  </div>
  <p><button type="button" id="audit-more" class="secondary" hidden>Show older entries</button></p>
</section>
</div>`;
    this.send(reply, 200, staffLayout({ title: 'Staff accounts', section: 'users', roles: ['admin'], body, script: 'staff-users.js' }));
  }

  @Get('account')
  account(@Res() reply: FastifyReply): void {
    const body = html`<div id="content" hidden>
<h1>Your account</h1>
<p id="account-who"></p>
<section aria-labelledby="password-heading">
  <h2 id="password-heading">Change your password</h2>
  <p class="hint">Your other sessions (other browsers or devices) end when the password changes.</p>
  <form id="password" class="narrow" novalidate>
    <label for="current-password">Current password</label>
    <input id="current-password" name="currentPassword" type="password" autocomplete="current-password" required>
    <label for="new-password">New password</label>
    <input id="new-password" name="newPassword" type="password" autocomplete="new-password" minlength="12" required aria-describedby="new-password-hint">
    <p class="hint" id="new-password-hint">At least 12 characters.</p>
    <div id="password-error" class="error" role="alert"></div>
    <p id="password-ok" class="ok" role="status"></p>
    <button type="submit">Change password</button>
  </form>
</section>
</div>`;
    this.send(reply, 200, staffLayout({ title: 'Your account', section: 'account', roles: [...ROLES], body, script: 'staff-account.js' }));
  }

  @Get('finance')
  finance(@Res() reply: FastifyReply): void {
    const body = html`<div id="content" hidden>
<h1>Finance</h1>

<section aria-labelledby="cash-heading">
  <h2 id="cash-heading">Cash balances: money sent beyond a gift</h2>
  <p class="hint">A donor who sends more by bank transfer than their gift asked for leaves the rest in their cash balance at Stripe. It is the donor's money, not raised money: return it, or give it to the campaign of their latest transfer when the donor wants that.</p>
  <div id="cash-error" class="error" role="alert"></div>
  <p id="cash-ok" class="ok" role="status" tabindex="-1"></p>
  <p id="cash-empty" hidden>No donor has money waiting in a cash balance.</p>
  <div id="cash-wrap" class="table-wrap" tabindex="0" role="region" aria-labelledby="cash-heading" hidden>
  <table id="cash-balances">
    <thead><tr><th scope="col">Donor</th><th scope="col" class="num">Cash balance</th><th scope="col">Waiting since</th><th scope="col">Their transfers went to</th>
      <th scope="col">Stripe reconciliation</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
    <tbody></tbody>
  </table>
  </div>
  <p><button type="button" id="cash-csv" class="secondary">Download the cash balances (CSV)</button></p>
  <h3 id="returns-heading">Returns to donors</h3>
  <p class="hint">Stripe emails the donor for their bank account, then sends the money: the status follows what Stripe reports.</p>
  <div id="returns-error" class="error" role="alert"></div>
  <p id="returns-empty" hidden>No return yet.</p>
  <div id="returns-wrap" class="table-wrap" tabindex="0" role="region" aria-labelledby="returns-heading" hidden>
  <table id="cash-returns">
    <thead><tr><th scope="col">Asked</th><th scope="col">Donor</th><th scope="col" class="num">Amount</th><th scope="col">Status</th><th scope="col">Stripe refund</th><th scope="col">By</th></tr></thead>
    <tbody></tbody>
  </table>
  </div>
</section>

<section aria-labelledby="pledges-heading">
  <h2 id="pledges-heading">Pledges awaiting payment</h2>
  <p class="hint">Konbini vouchers and bank transfers the donors have yet to pay: not raised money until it arrives. The latest 200.</p>
  <div id="pledges-error" class="error" role="alert"></div>
  <p id="pledges-empty" hidden>No pledge is awaiting payment.</p>
  <div id="pledges-wrap" class="table-wrap" tabindex="0" role="region" aria-labelledby="pledges-heading" hidden>
  <table id="pledges">
    <thead><tr><th scope="col">Pledged</th><th scope="col">Campaign</th><th scope="col">Donor</th><th scope="col">Method</th><th scope="col" class="num">Amount</th>
      <th scope="col" class="num">Still to come</th><th scope="col">Deadline</th></tr></thead>
    <tbody></tbody>
  </table>
  </div>
  <h3 id="expiries-heading">Recent expiries</h3>
  <p id="expiries-empty" hidden>No pledge has expired.</p>
  <div id="expiries-wrap" class="table-wrap" tabindex="0" role="region" aria-labelledby="expiries-heading" hidden>
  <table id="expiries">
    <thead><tr><th scope="col">Expired</th><th scope="col">Campaign</th><th scope="col">Donor</th><th scope="col">Method</th><th scope="col" class="num">Amount</th><th scope="col">Deadline</th></tr></thead>
    <tbody></tbody>
  </table>
  </div>
  <form id="pledges-form" class="row" novalidate>
    <div><label for="pledges-status">Pledges</label><select id="pledges-status" name="status"><option value="">Awaiting and expired</option><option value="awaiting_payment">Awaiting payment</option><option value="expired">Expired</option></select></div>
    <div><label for="pledges-from">Made or expired from (UTC, optional)</label><input id="pledges-from" name="from" type="date"></div>
    <div><label for="pledges-to">Until, not included (optional)</label><input id="pledges-to" name="to" type="date"></div>
    <div><button type="submit">Download the pledges (CSV)</button></div>
  </form>
  <div id="pledges-csv-error" class="error" role="alert"></div>
</section>

<section aria-labelledby="run-heading">
  <h2 id="run-heading">Reconciliation</h2>
  <p class="hint">Syncs Stripe's balance transactions, then matches each one, and each payout, with the ledger.</p>
  <form id="run-form" class="row" novalidate>
    <div><label for="run-from">From (UTC, optional)</label><input id="run-from" name="from" type="date"></div>
    <div><label for="run-to">Until, not included (optional)</label><input id="run-to" name="to" type="date"></div>
    <div><button type="submit">Start a run</button></div>
  </form>
  <div id="run-error" class="error" role="alert"></div>
  <div id="run" hidden>
    <p id="run-status" role="status" aria-live="polite"></p>
    <dl id="run-figures" class="figures"></dl>
    <p><button type="button" id="run-csv" class="secondary">Download the discrepancies (CSV)</button></p>
    <div id="run-csv-error" class="error" role="alert"></div>
    <h3 id="discrepancies-heading">Discrepancies</h3>
    <p id="discrepancies-empty" hidden>None: Stripe and the ledger agree.</p>
    <div id="discrepancies-wrap" class="table-wrap" tabindex="0" role="region" aria-labelledby="discrepancies-heading" hidden>
    <table id="discrepancies">
      <thead><tr><th scope="col">Kind</th><th scope="col">Stripe object</th><th scope="col">Currency</th><th scope="col" class="num">Expected</th>
        <th scope="col" class="num">Actual</th><th scope="col">Resolution</th></tr></thead>
      <tbody></tbody>
    </table>
    </div>
  </div>
</section>

<section aria-labelledby="ledger-heading">
  <h2 id="ledger-heading">Ledger</h2>
  <form id="ledger-form" class="row" novalidate>
    <div><label for="ledger-from">From (UTC, optional)</label><input id="ledger-from" name="from" type="date"></div>
    <div><label for="ledger-to">Until, not included (optional)</label><input id="ledger-to" name="to" type="date"></div>
    <div><label for="ledger-campaign">Campaign</label><select id="ledger-campaign" name="campaignId"><option value="">All campaigns</option></select></div>
    <div><button type="submit">Download the ledger (CSV)</button></div>
  </form>
  <div id="ledger-error" class="error" role="alert"></div>
  <p id="ledger-ok" class="ok" role="status"></p>
</section>

<section aria-labelledby="payouts-heading">
  <h2 id="payouts-heading">Payouts</h2>
  <div id="payouts-error" class="error" role="alert"></div>
  <p id="payouts-empty" hidden>No payout yet.</p>
  <div id="payouts-wrap" class="table-wrap" tabindex="0" role="region" aria-labelledby="payouts-heading" hidden>
  <table id="payouts">
    <thead><tr><th scope="col">Payout</th><th scope="col">Created</th><th scope="col">Status</th><th scope="col" class="num">Amount</th>
      <th scope="col" class="num">Transactions</th><th scope="col">Matches</th><th scope="col"><span class="sr-only">Report</span></th></tr></thead>
    <tbody></tbody>
  </table>
  </div>
  <div id="payout-report" hidden></div>
</section>

<section aria-labelledby="unmatched-heading">
  <h2 id="unmatched-heading">Unmatched Stripe events</h2>
  <p class="hint">Events about money that no donation matches: a PaymentIntent made outside Kizuna, or one whose metadata was lost. Nothing was posted for them.</p>
  <div id="unmatched-error" class="error" role="alert"></div>
  <p id="unmatched-empty" hidden>None: every event matched a donation.</p>
  <div id="unmatched-wrap" class="table-wrap" tabindex="0" role="region" aria-labelledby="unmatched-heading" hidden>
  <table id="unmatched">
    <thead><tr><th scope="col">Received</th><th scope="col">Event</th><th scope="col">Stripe object</th><th scope="col" class="num">Amount</th>
      <th scope="col">Why</th></tr></thead>
    <tbody></tbody>
  </table>
  </div>
</section>
</div>`;
    this.send(reply, 200, staffLayout({ title: 'Finance', section: 'finance', roles: FINANCE, body, script: 'staff-finance.js' }));
  }

  private send(reply: FastifyReply, status: number, page: string): void {
    sendStaffPage(reply, status, page);
  }
}
