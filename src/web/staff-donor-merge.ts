import { html, type SafeHtml } from './html.js';
import type { StaffStrings } from './staff-i18n.js';

/** The finance page's section for merging two donor records of one person (staff-finance-donors.js). */
export function donorMergeSection(t: StaffStrings): SafeHtml {
  return html`<section aria-labelledby="merge-heading">
  <h2 id="merge-heading">${t.mergeHeading}</h2>
  <p class="hint" id="merge-hint">${t.mergeHint}</p>
  <form id="merge-lookup" class="narrow" novalidate aria-describedby="merge-hint">
    <label for="merge-from">${t.mergeFrom}</label>
    <input id="merge-from" name="from" type="email" autocomplete="off" required>
    <label for="merge-into">${t.mergeInto}</label>
    <input id="merge-into" name="into" type="email" autocomplete="off" required>
    <button type="submit">${t.mergeLookUp}</button>
  </form>
  <div id="merge-error" class="error" role="alert"></div>
  <div id="merge-found" hidden>
    <ul>
      <li id="merge-found-from"></li>
      <li id="merge-found-into"></li>
    </ul>
    <button type="button" id="merge-button">${t.mergeButton}</button>
  </div>
  <p id="merge-done" class="ok" role="status"></p>
</section>`;
}
