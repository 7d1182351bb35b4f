// The signed-in staff member's own account: who they are, and a password change.
import { api, markInvalid, startPage, submitForm } from './staff.js';

const $ = (id) => document.getElementById(id);

async function changePassword(form) {
  const box = $('password-error');
  box.textContent = '';
  $('password-ok').textContent = '';
  const currentPassword = form.elements.currentPassword.value;
  const newPassword = form.elements.newPassword.value;
  if (!currentPassword || newPassword.length < 12) {
    box.textContent = currentPassword ? 'The new password needs at least 12 characters.' : 'Enter your current password.';
    markInvalid(form, [currentPassword ? form.elements.newPassword : form.elements.currentPassword]);
    return;
  }
  const changed = await submitForm(form, box, () => api('/api/auth/password', { method: 'POST', body: { currentPassword, newPassword } }));
  if (!changed) return;
  form.reset();
  $('password-ok').textContent = 'Your password is changed. Your other sessions have ended.';
}

const page = startPage();
if (page) {
  $('account-who').textContent = `Signed in as ${page.staff.email} (${page.staff.role}).`;
  $('password').addEventListener('submit', (event) => {
    event.preventDefault();
    void changePassword(event.currentTarget);
  });
}
