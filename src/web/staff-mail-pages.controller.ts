import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { type SafeHtml, html } from './html.js';
import type { StaffStrings } from './staff-i18n.js';
import { sendStaffPage, staffContext, staffLayout } from './staff-layout.js';

/** A column of a table below: its heading, and whether it holds figures (right-aligned). */
type Column = string | { numeric: string };

const columnHeading = (column: Column) => (typeof column === 'string' ? html`<th scope="col">${column}</th>` : html`<th scope="col" class="num">${column.numeric}</th>`);

/**
 * One kind of document not delivered: its table (a checkbox, the kind's own columns, then state, failed attempts and
 * last error), filled by staff-mail.js, and the button that sends the chosen ones again.
 */
function retrySection(t: StaffStrings, id: string, texts: { heading: string; empty: string; button: string }, columns: Column[]): SafeHtml {
  const headings = [...columns, t.colState, { numeric: t.colFailedAttempts }, t.colLastError].map(columnHeading);
  return html`<section aria-labelledby="${id}-heading">
  <h2 id="${id}-heading">${texts.heading}</h2>
  <p id="${id}-empty" hidden>${texts.empty}</p>
  <form id="${id}-form" novalidate hidden>
    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="${id}-heading staff-table-word">
    <table id="${id}">
      <thead><tr><th scope="col"><span class="sr-only">${t.colChoose}</span></th>${headings}</tr></thead>
      <tbody></tbody>
    </table>
    </div>
    <button type="submit">${texts.button}</button>
  </form>
</section>
`;
}

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

${[
  retrySection(t, 'receipts', { heading: t.receiptsHeading, empty: t.receiptsEmpty, button: t.retryReceipts }, [t.colNumber, t.colKind, t.colIssued]),
  retrySection(t, 'annual', { heading: t.annualReceiptsHeading, empty: t.annualReceiptsEmpty, button: t.retryAnnualReceipts }, [
    t.colNumber,
    t.colYear,
    { numeric: t.colAmount },
    t.colIssued,
  ]),
  retrySection(t, 'updates', { heading: t.updateEmailsHeading, empty: t.updateEmailsEmpty, button: t.retryUpdates }, [t.kindUpdate, t.colPosted]),
]}</div>`;
    sendStaffPage(reply, 200, staffLayout({ context, title: t.mailTitle, section: 'mail', roles: ['admin'], body, script: 'staff-mail.js' }));
  }
}
