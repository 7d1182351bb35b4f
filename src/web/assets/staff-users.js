// Staff accounts for admins: the list with role, disable and delete; a new account; the audit log.
import { api, apiJson, attempt, dateTime, el, startPage, submitForm } from './staff.js';

const $ = (id) => document.getElementById(id);
const ROLE_LABELS = { admin: 'Admin', coordinator: 'Coordinator', finance: 'Finance' };
const ACTION_LABELS = {
  'user.created': 'created the account',
  'user.role_changed': 'changed the role',
  'user.disabled': 'disabled the account',
  'user.enabled': 'enabled the account',
  'user.deleted': 'deleted the account',
  'user.password_changed': 'changed the password',
  'campaign.created': 'created the campaign',
  'campaign.edited': 'edited the campaign',
  'campaign.published': 'published the campaign',
  'campaign.closed': 'closed the campaign',
  'campaign.coordinators_changed': 'changed the coordinators',
  'update.posted': 'posted an update',
  'reconciliation.run_started': 'started a reconciliation run',
  'reconciliation.discrepancy_resolved': 'resolved a discrepancy',
};

const page = startPage();

async function change(account, changes, done) {
  $('accounts-ok').textContent = '';
  await apiJson(`/api/users/${account.id}`, { method: 'PATCH', body: changes });
  $('accounts-ok').textContent = done;
  await Promise.all([loadAccounts(), reloadAudit()]);
}

async function remove(account) {
  if (!confirm(`Delete the account ${account.email}? It is signed out at once and cannot log in again.`)) return;
  $('accounts-ok').textContent = '';
  await api(`/api/users/${account.id}`, { method: 'DELETE' });
  $('accounts-ok').textContent = `${account.email} is deleted.`;
  await Promise.all([loadAccounts(), reloadAudit()]);
}

function accountRow(account) {
  const own = account.email === page.staff.email;
  const box = $('accounts-error');
  const role = el(
    'select',
    { 'aria-label': `Role of ${account.email}`, disabled: own },
    Object.entries(ROLE_LABELS).map(([value, label]) => el('option', { value, selected: value === account.role }, label)),
  );
  role.addEventListener('change', () => void attempt(box, () => change(account, { role: role.value }, `${account.email} is now ${ROLE_LABELS[role.value]}.`)));
  const toggle = account.disabled
    ? el(
        'button',
        { type: 'button', class: 'secondary small', onclick: () => void attempt(box, () => change(account, { disabled: false }, `${account.email} is enabled.`)) },
        'Enable',
      )
    : el(
        'button',
        { type: 'button', class: 'secondary small', disabled: own, onclick: () => void attempt(box, () => change(account, { disabled: true }, `${account.email} is disabled.`)) },
        'Disable',
      );
  const actions = el(
    'td',
    {},
    toggle,
    ' ',
    el(
      'button',
      { type: 'button', class: 'secondary small', disabled: own, onclick: () => void attempt(box, () => remove(account)) },
      'Delete',
      el('span', { class: 'sr-only' }, ` ${account.email}`),
    ),
  );
  return el(
    'tr',
    {},
    el('td', {}, account.email, own ? ' (you)' : ''),
    el('td', {}, role),
    el('td', {}, account.disabled ? 'Disabled' : 'Active'),
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
  $('accounts-ok').textContent = `${body.email} can now log in as ${ROLE_LABELS[body.role]}.`;
  await Promise.all([loadAccounts(), reloadAudit()]);
}

function detailsText(entry) {
  const { details } = entry;
  if (entry.action === 'user.role_changed') return `${details.email}: ${details.from} → ${details.to}`;
  if (entry.action === 'campaign.coordinators_changed') {
    const parts = [];
    if (details.added?.length) parts.push(`added ${details.added.join(', ')}`);
    if (details.removed?.length) parts.push(`removed ${details.removed.join(', ')}`);
    return parts.join('; ') || 'no change';
  }
  if (entry.action === 'campaign.edited') return `fields: ${(details.fields ?? []).join(', ')}`;
  return details.email ?? details.title ?? details.note ?? '';
}

function auditRow(entry) {
  const target =
    entry.targetType === 'campaign' ? el('a', { href: `/staff/campaigns/${entry.targetId}` }, 'campaign') : `${entry.targetType.replace('_', ' ')} ${entry.targetId.slice(0, 8)}`;
  return el(
    'tr',
    {},
    el('td', {}, dateTime(entry.at)),
    el('td', {}, entry.actorEmail),
    el('td', {}, ACTION_LABELS[entry.action] ?? entry.action),
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
