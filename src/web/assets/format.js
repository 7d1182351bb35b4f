// What the pages' scripts share besides money, which they import from ./money-format.js: src/common/money-format.ts,
// compiled, the same code that formats amounts on the server, in the emails and in the finance exports.

export function pageData() {
  return JSON.parse(document.getElementById('page-data').textContent);
}

/** The API's error body {statusCode, error, message} as one sentence for the donor. */
export async function errorMessage(response, fallback) {
  try {
    const body = await response.json();
    return Array.isArray(body.message) ? body.message.join('. ') : body.message || fallback;
  } catch {
    return fallback;
  }
}

/** A message template from src/web/i18n.ts with its {placeholders} filled in; an unknown one stays as it is. */
export function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, key) => (Object.hasOwn(values, key) ? String(values[key]) : whole));
}
