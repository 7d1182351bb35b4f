// The signed-in staff member's own account: who they are, and a password change.
import { switchLanguage } from './staff-language.js';
import { api, markInvalid, roleLabel, startPage, submitForm, t } from './staff.js';

const $ = (id) => document.getElementById(id);

async function changePassword(form) {
  const box = $('password-error');
  box.textContent = '';
  $('password-ok').textContent = '';
  const currentPassword = form.elements.currentPassword.value;
  const newPassword = form.elements.newPassword.value;
  if (!currentPassword || newPassword.length < 12) {
    box.textContent = currentPassword ? t('passwordTooShort') : t('passwordMissing');
    markInvalid(form, [currentPassword ? form.elements.newPassword : form.elements.currentPassword]);
    return;
  }
  const changed = await submitForm(form, box, () => api('/api/auth/password', { method: 'POST', body: { currentPassword, newPassword } }));
  if (!changed) return;
  form.reset();
  $('password-ok').textContent = t('passwordChanged');
}

const page = startPage();
if (page) {
  $('account-who').textContent = t('signedInAs', { email: page.staff.email, role: roleLabel(page.staff.role) });
  $('language').addEventListener('submit', (event) => {
    event.preventDefault();
    void switchLanguage(event.currentTarget.elements.language.value);
  });
  $('password').addEventListener('submit', (event) => {
    event.preventDefault();
    void changePassword(event.currentTarget);
  });
}
