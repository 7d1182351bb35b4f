// The staff login: trades email and password for the API's access token, then goes where the visitor was headed.
import { rememberLanguage } from './staff-language.js';
import { apiError, language, signIn, t } from './staff.js';

const form = document.getElementById('login');
const errorBox = document.getElementById('login-error');

/** Only a staff page of this site, so the login cannot be used to send someone elsewhere. */
function destination(role) {
  const next = new URLSearchParams(location.search).get('next') ?? '';
  if (/^\/staff(\/|\?|$)/.test(next) && !next.startsWith('/staff/login')) return next;
  return role === 'finance' ? '/staff/finance' : '/staff';
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  errorBox.textContent = '';
  const email = form.elements.email.value.trim();
  const password = form.elements.password.value;
  if (!email || !password) {
    errorBox.textContent = t('loginMissing');
    (email ? form.elements.password : form.elements.email).focus();
    return;
  }
  const submit = form.querySelector('button[type=submit]');
  submit.disabled = true;
  try {
    const response = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (!response.ok) {
      errorBox.textContent = (await apiError(response)).message;
      form.elements.password.select();
      return;
    }
    const { accessToken, user } = await response.json();
    signIn(accessToken);
    // The account's own choice wins over this browser's, and reaches every device it logs in from.
    if (user.language) rememberLanguage(user.language);
    else if (!document.cookie.includes('kizuna_staff_lang=')) rememberLanguage(language);
    location.assign(destination(user.role));
  } catch {
    errorBox.textContent = t('unreachable');
  } finally {
    submit.disabled = false;
  }
});
