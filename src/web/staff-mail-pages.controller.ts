import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { html } from './html.js';
import { sendStaffPage, staffContext, staffLayout } from './staff-layout.js';

/** The admins' email page: receipts, annual receipts and update emails that failed for good or still wait, and sending them again. */
@ApiExcludeController()
@Controller('staff')
export class StaffMailPagesController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get('mail')
  mail(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    const context = staffContext(request, this.config.ORG_TIMEZONE);
    const { t } = context;
    const body = html`<div id="content" hidden>
<h1>${t.navMail}</h1>
<p class="hint">${t.mailHint}</p>
<p id="mail-summary" role="status" aria-live="polite"></p>
<div id="mail-error" class="error" role="alert"></div>
<p id="retry-ok" class="ok" role="status"></p>

<section aria-labelledby="receipts-heading">
  <h2 id="receipts-heading">${t.receiptsHeading}</h2>
  <p id="receipts-empty" hidden>${t.receiptsEmpty}</p>
  <form id="receipts-form" novalidate hidden>
    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="receipts-heading staff-table-word">
    <table id="receipts">
      <thead><tr><th scope="col"><span class="sr-only">${t.colChoose}</span></th><th scope="col">${t.colNumber}</th><th scope="col">${t.colKind}</th><th scope="col">${t.colIssued}</th>
        <th scope="col">${t.colState}</th><th scope="col" class="num">${t.colFailedAttempts}</th><th scope="col">${t.colLastError}</th></tr></thead>
      <tbody></tbody>
    </table>
    </div>
    <button type="submit">${t.retryReceipts}</button>
  </form>
</section>

<section aria-labelledby="annual-heading">
  <h2 id="annual-heading">${t.annualReceiptsHeading}</h2>
  <p id="annual-empty" hidden>${t.annualReceiptsEmpty}</p>
  <form id="annual-form" novalidate hidden>
    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="annual-heading staff-table-word">
    <table id="annual">
      <thead><tr><th scope="col"><span class="sr-only">${t.colChoose}</span></th><th scope="col">${t.colNumber}</th><th scope="col">${t.colYear}</th><th scope="col" class="num">${t.colAmount}</th>
        <th scope="col">${t.colIssued}</th><th scope="col">${t.colState}</th><th scope="col" class="num">${t.colFailedAttempts}</th><th scope="col">${t.colLastError}</th></tr></thead>
      <tbody></tbody>
    </table>
    </div>
    <button type="submit">${t.retryAnnualReceipts}</button>
  </form>
</section>

<section aria-labelledby="updates-heading">
  <h2 id="updates-heading">${t.updateEmailsHeading}</h2>
  <p id="updates-empty" hidden>${t.updateEmailsEmpty}</p>
  <form id="updates-form" novalidate hidden>
    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="updates-heading staff-table-word">
    <table id="updates">
      <thead><tr><th scope="col"><span class="sr-only">${t.colChoose}</span></th><th scope="col">${t.kindUpdate}</th><th scope="col">${t.colPosted}</th>
        <th scope="col">${t.colState}</th><th scope="col" class="num">${t.colFailedAttempts}</th><th scope="col">${t.colLastError}</th></tr></thead>
      <tbody></tbody>
    </table>
    </div>
    <button type="submit">${t.retryUpdates}</button>
  </form>
</section>
</div>`;
    sendStaffPage(reply, 200, staffLayout({ context, title: t.mailTitle, section: 'mail', roles: ['admin'], body, script: 'staff-mail.js' }));
  }
}
