// The finance screen's donor merge: two email addresses of one person, looked up, then merged after a confirmation.
import { apiJson, attempt, markInvalid, number, t } from './staff.js';

const $ = (id) => document.getElementById(id);
let found = null;

function describe(donor) {
  return t('mergeFound', { email: donor.email, name: donor.name ?? t('mergeNoName'), donations: number(donor.donationCount) });
}

async function lookUp(form) {
  found = null;
  $('merge-found').hidden = true;
  $('merge-done').textContent = '';
  const emails = ['from', 'into'].map((name) => form.elements[name].value.trim());
  const empty = ['from', 'into'].filter((_, i) => !emails[i]).map((name) => form.elements[name]);
  if (empty.length) {
    markInvalid(form, empty);
    return;
  }
  markInvalid(form, []);
  const [from, into] = await Promise.all(emails.map((email) => apiJson(`/api/finance/donors?email=${encodeURIComponent(email)}`)));
  if (from.id === into.id) {
    $('merge-error').textContent = t('mergeSame');
    return;
  }
  found = { from, into };
  $('merge-found-from').textContent = `${t('mergeFrom')}: ${describe(from)}`;
  $('merge-found-into').textContent = `${t('mergeInto')}: ${describe(into)}`;
  $('merge-found').hidden = false;
  $('merge-button').focus();
}

async function merge() {
  if (!found || !confirm(t('mergeConfirm', { from: found.from.email, into: found.into.email }))) return;
  const button = $('merge-button');
  button.disabled = true;
  try {
    const result = await apiJson('/api/finance/donors/merge', { method: 'POST', body: { fromDonorId: found.from.id, intoDonorId: found.into.id } });
    $('merge-found').hidden = true;
    $('merge-done').textContent = t('mergeDone', { moved: number(result.movedDonations), into: result.donor.email });
    found = null;
  } finally {
    button.disabled = false;
  }
}

export function startDonorMerge() {
  $('merge-lookup').addEventListener('submit', (event) => {
    event.preventDefault();
    void attempt($('merge-error'), () => lookUp(event.currentTarget));
  });
  $('merge-button').addEventListener('click', () => void attempt($('merge-error'), merge));
}
