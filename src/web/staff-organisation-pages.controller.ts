import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ROLES } from '../auth/roles.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { html } from './html.js';
import { sendStaffPage, staffContext, staffLayout } from './staff-layout.js';

/** The organisation's receipt profile: admins edit it, every other staff member reads it. */
@ApiExcludeController()
@Controller('staff')
export class StaffOrganisationPagesController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get('organisation')
  organisation(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    const context = staffContext(request, this.config.ORG_TIMEZONE);
    const { t } = context;
    const body = html`<div id="content" hidden>
<h1>${t.orgTitle}</h1>
<p class="hint">${t.orgIntro}</p>
<p id="org-version" role="status" aria-live="polite"></p>
<p id="org-read-only" class="notice" hidden>${t.orgReadOnly}</p>
<form id="organisation" class="narrow" novalidate>
  <fieldset id="org-fields" class="plain-fieldset">
  <legend class="sr-only">${t.orgTitle}</legend>
  <label for="org-legal-name">${t.orgLegalName}</label>
  <input id="org-legal-name" name="legalName" type="text" maxlength="200" autocomplete="organization" required>
  <label for="org-address">${t.orgAddress}</label>
  <textarea id="org-address" name="address" rows="3" maxlength="500" required aria-describedby="org-address-hint"></textarea>
  <p class="hint" id="org-address-hint">${t.orgAddressHint}</p>
  <label for="org-representative">${t.orgRepresentative}</label>
  <input id="org-representative" name="representative" type="text" maxlength="200" aria-describedby="org-representative-hint">
  <p class="hint" id="org-representative-hint">${t.orgRepresentativeHint}</p>
  <fieldset class="choices">
    <legend>${t.orgTaxStatus}</legend>
    <label class="choice"><input type="radio" name="taxStatus" value="certified_npo"> ${t.orgTaxCertifiedNpo}</label>
    <label class="choice"><input type="radio" name="taxStatus" value="public_interest"> ${t.orgTaxPublicInterest}</label>
    <label class="choice"><input type="radio" name="taxStatus" value="none"> ${t.orgTaxNone}</label>
  </fieldset>
  <div id="org-certification">
    <label for="org-certification-number" id="org-certification-number-label">${t.orgCertificationNumber}</label>
    <input id="org-certification-number" name="certificationNumber" type="text" maxlength="100" aria-describedby="org-certification-hint">
    <label for="org-certification-date">${t.orgCertificationDate}</label>
    <input id="org-certification-date" name="certificationDate" type="date" aria-describedby="org-certification-hint">
    <p class="hint" id="org-certification-hint">${t.orgCertificationHint}</p>
  </div>
  <label for="org-timezone">${t.orgTimezone}</label>
  <input id="org-timezone" name="timezone" type="text" maxlength="100" autocomplete="off" required aria-describedby="org-timezone-hint">
  <p class="hint" id="org-timezone-hint">${t.orgTimezoneHint}</p>
  </fieldset>
  <div id="org-error" class="error" role="alert"></div>
  <p id="org-saved" class="ok" role="status"></p>
  <button type="submit" id="org-save">${t.orgSave}</button>
</form>
</div>`;
    sendStaffPage(reply, 200, staffLayout({ context, title: t.orgTitle, section: 'organisation', roles: [...ROLES], body, script: 'staff-organisation.js' }));
  }
}
