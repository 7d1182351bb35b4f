import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { html } from './html.js';
import { sendStaffPage, staffLayout } from './staff-layout.js';

/** The admins' email page: receipts and update emails that failed for good or still wait, and sending them again. */
@ApiExcludeController()
@Controller('staff')
export class StaffMailPagesController {
  @Get('mail')
  mail(@Res() reply: FastifyReply): void {
    const body = html`<div id="content" hidden>
<h1>Email</h1>
<p class="hint">Receipts and update emails wait for the mail server for about four days, retrying with growing waits.
After that they are marked failed, and sent again by themselves as soon as the mail server answers. You can send chosen ones again now.</p>
<p id="mail-summary" role="status" aria-live="polite"></p>
<div id="mail-error" class="error" role="alert"></div>
<p id="retry-ok" class="ok" role="status"></p>

<section aria-labelledby="receipts-heading">
  <h2 id="receipts-heading">Receipts not delivered</h2>
  <p id="receipts-empty" hidden>None: every receipt went out.</p>
  <form id="receipts-form" novalidate hidden>
    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="receipts-heading">
    <table id="receipts">
      <thead><tr><th scope="col"><span class="sr-only">Choose</span></th><th scope="col">Number</th><th scope="col">Kind</th><th scope="col">Issued</th>
        <th scope="col">State</th><th scope="col" class="num">Failed attempts</th><th scope="col">Last error</th></tr></thead>
      <tbody></tbody>
    </table>
    </div>
    <button type="submit">Send the chosen receipts again</button>
  </form>
</section>

<section aria-labelledby="updates-heading">
  <h2 id="updates-heading">Update emails not delivered</h2>
  <p id="updates-empty" hidden>None: every update email went out.</p>
  <form id="updates-form" novalidate hidden>
    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="updates-heading">
    <table id="updates">
      <thead><tr><th scope="col"><span class="sr-only">Choose</span></th><th scope="col">Update</th><th scope="col">Posted</th>
        <th scope="col">State</th><th scope="col" class="num">Failed attempts</th><th scope="col">Last error</th></tr></thead>
      <tbody></tbody>
    </table>
    </div>
    <button type="submit">Send the chosen update emails again</button>
  </form>
</section>
</div>`;
    sendStaffPage(reply, 200, staffLayout({ title: 'Email', section: 'mail', roles: ['admin'], body, script: 'staff-mail.js' }));
  }
}
