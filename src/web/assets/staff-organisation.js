// The organisation's receipt profile: admins save a new version; other staff read the version in force.
import { apiJson, dateTime, markInvalid, startPage, submitForm, t } from './staff.js';

const $ = (id) => document.getElementById(id);
const form = $('organisation');
const FIELDS = ['legalName', 'address', 'representative', 'certificationNumber', 'certificationDate', 'timezone'];

function showVersion(profile) {
  $('org-version').textContent = t('orgVersion', { version: profile.version, savedAt: dateTime(profile.savedAt) });
}

// A 公益法人 has a certificate (証明) rather than a certification (認定); without a tax status there is none.
function followTaxStatus() {
  const status = form.elements.taxStatus.value;
  $('org-certification').hidden = status === 'none';
  $('org-certification-number-label').textContent = t(status === 'public_interest' ? 'orgCertificateNumber' : 'orgCertificationNumber');
}

function fill(profile) {
  for (const name of FIELDS) form.elements[name].value = profile[name] ?? '';
  form.elements.taxStatus.value = profile.taxStatus;
  followTaxStatus();
  showVersion(profile);
}

/** What the page can tell before asking the API: the field to fix and why, in the page's language. */
function problem(profile) {
  const field = (name) => form.elements[name];
  if (!profile.legalName) return [field('legalName'), 'orgLegalNameMissing'];
  if (!profile.address) return [field('address'), 'orgAddressMissing'];
  if (profile.taxStatus !== 'none') {
    if (!profile.representative) return [field('representative'), 'orgRepresentativeMissing'];
    if (!profile.certificationNumber) return [field('certificationNumber'), 'orgCertificationMissing'];
    if (!profile.certificationDate) return [field('certificationDate'), 'orgCertificationMissing'];
  }
  if (!profile.timezone) return [field('timezone'), 'orgTimezoneMissing'];
  return null;
}

function read() {
  const value = (name) => form.elements[name].value.trim();
  const profile = {
    legalName: value('legalName'),
    address: value('address'),
    representative: value('representative'),
    taxStatus: form.elements.taxStatus.value,
    timezone: value('timezone'),
  };
  if (profile.taxStatus === 'none') return profile;
  return { ...profile, certificationNumber: value('certificationNumber'), certificationDate: value('certificationDate') };
}

async function save() {
  const box = $('org-error');
  box.textContent = '';
  $('org-saved').textContent = '';
  const profile = read();
  const found = problem(profile);
  if (found) {
    box.textContent = t(found[1]);
    markInvalid(form, [found[0]]);
    return;
  }
  const saved = await submitForm(form, box, () => apiJson('/api/organisation', { method: 'PUT', body: profile }));
  if (!saved) return;
  fill(saved);
  $('org-saved').textContent = t('orgSaved', { version: saved.version });
}

const page = startPage();
if (page) {
  const admin = page.staff.role === 'admin';
  $('org-fields').disabled = !admin;
  $('org-save').hidden = !admin;
  $('org-read-only').hidden = admin;
  form.addEventListener('change', followTaxStatus);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void save();
  });
  apiJson('/api/organisation')
    .then(fill)
    .catch((error) => {
      $('org-error').textContent = error.message;
    });
}
