// Staff accounts for admins: the list with role, disable and delete; a new account; the audit log.
import { api, apiJson, attempt, dateTime, el, roleLabel, startPage, submitForm, t } from './staff.js';

const $ = (id) => document.getElementById(id);
const ROLES = ['admin', 'coordinator', 'finance'];
const ACTION_KEYS = {
  'user.created': 'auditUserCreated',
  'user.role_changed': 'auditUserRoleChanged',
  'user.disabled': 'auditUserDisabled',
  'user.enabled': 'auditUserEnabled',
  'user.deleted': 'auditUserDeleted',
  'user.password_changed': 'auditUserPasswordChanged',
  'campaign.created': 'auditCampaignCreated',
  'campaign.edited': 'auditCampaignEdited',
  'campaign.published': 'auditCampaignPublished',
  'campaign.closed': 'auditCampaignClosed',
  'campaign.coordinators_changed': 'auditCampaignCoordinators',
  'update.posted': 'auditUpdatePosted',
  'reconciliation.run_started': 'auditRunStarted',
  'reconciliation.discrepancy_resolved': 'auditDiscrepancyResolved',
};
const TARGET_KEYS = { user: 'auditTargetUser', update: 'auditTargetUpdate', reconciliation_run: 'auditTargetRun', discrepancy: 'auditTargetDiscrepancy' };

const page = startPage();

async function change(account, changes, done) {
  $('accounts-ok').textContent = '';
  await apiJson(`/api/users/${account.id}`, { method: 'PATCH', body: changes });
  $('accounts-ok').textContent = done;
  await Promise.all([loadAccounts(), reloadAudit()]);
}

async function remove(account) {
  if (!confirm(t('confirmDelete', { email: account.email }))) return;
  $('accounts-ok').textContent = '';
  await api(`/api/users/${account.id}`, { method: 'DELETE' });
  $('accounts-ok').textContent = t('accountDeleted', { email: account.email });
  await Promise.all([loadAccounts(), reloadAudit()]);
}

function accountRow(account) {
  const own = account.email === page.staff.email;
  const box = $('accounts-error');
  const role = el(
    'select',
    { 'aria-label': t('roleOf', { email: account.email }), disabled: own },
    ROLES.map((value) => el('option', { value, selected: value === account.role }, roleLabel(value))),
  );
  role.addEventListener('change', () => void attempt(box, () => change(account, { role: role.value }, t('accountRoleNow', { email: account.email, role: roleLabel(role.value) }))));
  const toggle = account.disabled
    ? el(
        'button',
        { type: 'button', class: 'secondary small', onclick: () => void attempt(box, () => change(account, { disabled: false }, t('accountEnabled', { email: account.email }))) },
        t('enable'),
      )
    : el(
        'button',
        {
          type: 'button',
          class: 'secondary small',
          disabled: own,
          onclick: () => void attempt(box, () => change(account, { disabled: true }, t('accountDisabledDone', { email: account.email }))),
        },
        t('disable'),
      );
  const actions = el(
    'td',
    {},
    toggle,
    ' ',
    el(
      'button',
      { type: 'button', class: 'secondary small', disabled: own, onclick: () => void attempt(box, () => remove(account)) },
      t('deleteAccount'),
      el('span', { class: 'sr-only' }, ` ${account.email}`),
    ),
  );
  return el(
    'tr',
    {},
    el('td', {}, account.email, own ? t('you') : ''),
    el('td', {}, role),
    el('td', {}, t(account.disabled ? 'accountDisabled' : 'accountActive')),
    el('td', {}, dateTime(account.createdAt)),
    actions,
  );
}

async function loadAccounts() {
  const accounts = await apiJson('/api/users');
  $('accounts')
    .querySelector('tbody')
    .replaceChildren(...accounts.map(accountRow));
}

async function createAccount(form) {
  const box = $('new-account-error');
  box.textContent = '';
  const body = { email: form.elements.email.value.trim(), password: form.elements.password.value, role: form.elements.role.value };
  if (!(await submitForm(form, box, () => apiJson('/api/users', { method: 'POST', body })))) return;
  form.reset();
  $('accounts-ok').textContent = t('accountCreated', { email: body.email, role: roleLabel(body.role) });
  await Promise.all([loadAccounts(), reloadAudit()]);
}

function detailsText(entry) {
  const { details } = entry;
  if (entry.action === 'user.role_changed') return `${details.email}: ${roleLabel(details.from)} → ${roleLabel(details.to)}`;
  if (entry.action === 'campaign.coordinators_changed') {
    const parts = [];
    if (details.added?.length) parts.push(t('auditAdded', { emails: details.added.join(', ') }));
    if (details.removed?.length) parts.push(t('auditRemoved', { emails: details.removed.join(', ') }));
    return parts.join('; ') || t('auditNoChange');
  }
  if (entry.action === 'campaign.edited') return t('auditFields', { fields: (details.fields ?? []).join(', ') });
  return details.email ?? details.title ?? details.note ?? '';
}

function auditRow(entry) {
  const id = entry.targetId.slice(0, 8);
  const key = TARGET_KEYS[entry.targetType];
  const target =
    entry.targetType === 'campaign'
      ? el('a', { href: `/staff/campaigns/${entry.targetId}` }, t('auditTargetCampaign'))
      : key
        ? t(key, { id })
        : t('auditTargetOther', { type: entry.targetType, id });
  return el(
    'tr',
    {},
    el('td', {}, dateTime(entry.at)),
    el('td', {}, entry.actorEmail),
    el('td', {}, ACTION_KEYS[entry.action] ? t(ACTION_KEYS[entry.action]) : entry.action),
    el('td', {}, target),
    el('td', {}, detailsText(entry)),
  );
}

let oldest = null;
const AUDIT_PAGE = 50;

async function loadAudit(append) {
  const query = new URLSearchParams({ limit: String(AUDIT_PAGE) });
  if (append && oldest) query.set('before', oldest);
  const entries = await apiJson(`/api/audit-log?${query}`);
  const rows = entries.map(auditRow);
  const body = $('audit').querySelector('tbody');
  if (append) body.append(...rows);
  else body.replaceChildren(...rows);
  if (entries.length > 0) oldest = entries[entries.length - 1].id;
  $('audit-more').hidden = entries.length < AUDIT_PAGE;
}

const reloadAudit = () => loadAudit(false);

if (page) {
  $('new-account').addEventListener('submit', (event) => {
    event.preventDefault();
    void createAccount(event.currentTarget);
  });
  $('audit-more').addEventListener('click', () => void attempt($('audit-error'), () => loadAudit(true)));
  void attempt($('accounts-error'), loadAccounts);
  void attempt($('audit-error'), reloadAudit);
}
