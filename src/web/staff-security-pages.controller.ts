import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { ROLES } from '../auth/roles.js';
import { html, type SafeHtml } from './html.js';
import type { StaffStrings } from './staff-i18n.js';
import { sendStaffPage, staffContext, staffLayout } from './staff-layout.js';

function offenders(t: StaffStrings, id: string, title: string, what: string): SafeHtml {
  return html`<h3 id="${id}-heading">${title}</h3>
<p id="${id}-empty" class="hint" hidden>${t.noDeclines}</p>
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="${id}-heading staff-table-word">
<table id="${id}">
  <thead><tr><th scope="col">${what}</th><th scope="col" class="num">${t.colDeclines}</th><th scope="col">${t.colThreshold}</th></tr></thead>
  <tbody></tbody>
</table>
</div>`;
}

/** The card-testing alarm for staff: is it on, since and until when, and the declines behind it. */
@ApiExcludeController()
@Controller('staff')
export class StaffSecurityPagesController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get('security')
  security(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    const context = staffContext(request, this.config.ORG_TIMEZONE);
    const { t } = context;
    const body = html`<div id="content" hidden>
<h1>${t.navSecurity}</h1>
<section aria-labelledby="alarm-heading">
  <h2 id="alarm-heading">${t.alarmHeading}</h2>
  <div id="report-error" class="error" role="alert"></div>
  <p id="alarm-state" class="notice" role="status"></p>
  <dl class="figures">
    <div><dt>${t.siteDeclines}</dt><dd id="site-declines"></dd></div>
    <div><dt>${t.siteThreshold}</dt><dd id="site-threshold"></dd></div>
    <div><dt>${t.window}</dt><dd id="window"></dd></div>
    <div><dt>${t.alarmLasts}</dt><dd id="alarm-length"></dd></div>
    <div><dt>${t.difficulty}</dt><dd id="difficulty"></dd></div>
  </dl>
  <p class="hint">${t.alarmHint}</p>
</section>
<section aria-labelledby="offenders-heading">
  <h2 id="offenders-heading">${t.offendersHeading}</h2>
  <p class="hint">${t.offendersHint}</p>
  ${offenders(t, 'top-ips', t.offendersIps, t.offenderIp)}
  ${offenders(t, 'top-emails', t.offendersEmails, t.offenderEmail)}
  ${offenders(t, 'top-cards', t.offendersCards, t.offenderCard)}
</section>
</div>`;
    sendStaffPage(reply, 200, staffLayout({ context, title: t.securityTitle, section: 'security', roles: [...ROLES], body, script: 'staff-security.js' }));
  }
}
