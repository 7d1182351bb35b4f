import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ROLES } from '../auth/roles.js';
import { html, type SafeHtml } from './html.js';
import { sendStaffPage, staffLayout } from './staff-layout.js';

function offenders(id: string, title: string, what: string): SafeHtml {
  return html`<h3 id="${id}-heading">${title}</h3>
<p id="${id}-empty" class="hint" hidden>No declines in the window.</p>
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="${id}-heading">
<table id="${id}">
  <thead><tr><th scope="col">${what}</th><th scope="col" class="num">Declines</th><th scope="col">Threshold</th></tr></thead>
  <tbody></tbody>
</table>
</div>`;
}

/** The card-testing alarm for staff: is it on, since and until when, and the declines behind it. */
@ApiExcludeController()
@Controller('staff')
export class StaffSecurityPagesController {
  @Get('security')
  security(@Res() reply: FastifyReply): void {
    const body = html`<div id="content" hidden>
<h1>Security</h1>
<section aria-labelledby="alarm-heading">
  <h2 id="alarm-heading">Card-testing alarm</h2>
  <div id="report-error" class="error" role="alert"></div>
  <p id="alarm-state" class="notice" role="status"></p>
  <dl class="figures">
    <div><dt>Declined cards in the window</dt><dd id="site-declines"></dd></div>
    <div><dt>Turns the alarm on at</dt><dd id="site-threshold"></dd></div>
    <div><dt>Window</dt><dd id="window"></dd></div>
    <div><dt>Alarm lasts</dt><dd id="alarm-length"></dd></div>
    <div><dt>Challenge difficulty</dt><dd id="difficulty"></dd></div>
  </dl>
  <p class="hint">While the alarm is on, the donation form has the donor's browser solve a proof-of-work challenge (a second or two) before a payment is started.
  An address or a donor email past its threshold may start no donation until its declines leave the window. Thresholds are set in the environment (README, "Card testing").</p>
</section>
<section aria-labelledby="offenders-heading">
  <h2 id="offenders-heading">Most declines in the window</h2>
  <p class="hint">Masked: the last part of each address, all but the first letter of each email, most of each card's fingerprint.</p>
  ${offenders('top-ips', 'Addresses', 'Address')}
  ${offenders('top-emails', 'Donor emails', 'Email')}
  ${offenders('top-cards', 'Cards (Stripe fingerprint)', 'Card')}
</section>
</div>`;
    sendStaffPage(reply, 200, staffLayout({ title: 'Security', section: 'security', roles: [...ROLES], body, script: 'staff-security.js' }));
  }
}
