// The staff login: trades email and password for the API's access token, then goes where the visitor was headed.
import { errorMessage } from './format.js';
import { signIn } from './staff.js';

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
    errorBox.textContent = 'Enter your email and your password.';
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
      errorBox.textContent = await errorMessage(response, `The server answered ${response.status}. Try again in a moment.`);
      form.elements.password.select();
      return;
    }
    const { accessToken, user } = await response.json();
    signIn(accessToken);
    location.assign(destination(user.role));
  } catch {
    errorBox.textContent = 'The server could not be reached. Check the connection and try again.';
  } finally {
    submit.disabled = false;
  }
});
