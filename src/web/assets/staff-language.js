// The language switch in the staff pages' header, and remembering the choice: a cookie for this browser (the server
// renders the next page in it), and the account itself when someone is signed in, so every device follows.
const COOKIE = 'kizuna_staff_lang';
const YEAR_SECONDS = 365 * 24 * 3600;

export function rememberLanguage(language) {
  document.cookie = `${COOKIE}=${language}; path=/; max-age=${YEAR_SECONDS}; samesite=lax`;
}

async function saveToAccount(language) {
  const token = sessionStorage.getItem('kizuna_token');
  if (!token) return;
  await fetch('/api/auth/language', {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ language }),
  }).catch(() => undefined);
}

/** Keeps the choice, then shows the page again in it (a failure to save it to the account still switches this browser). */
export async function switchLanguage(language) {
  rememberLanguage(language);
  await saveToAccount(language);
  location.reload();
}

document.getElementById('language-switch')?.addEventListener('click', (event) => void switchLanguage(event.currentTarget.dataset.language));
