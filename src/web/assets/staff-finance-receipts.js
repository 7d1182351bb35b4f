// The finance screen's receipts: the annual receipt run, the register (CSV and ZIP of PDFs) for a period, and the
// correction of the name and address a donation's tax receipt carries.
import { apiJson, attempt, download, number, pause, startOfLocalDay, t } from './staff.js';

const $ = (id) => document.getElementById(id);

function showAnnualRun(run) {
  const status = $('annual-status');
  status.dataset.status = run.status;
  if (run.status === 'completed') status.textContent = t('annualCompleted', { year: run.year, issued: number(run.issued), already: number(run.alreadyIssued) });
  else if (run.status === 'failed') status.textContent = t('annualFailed', { error: run.error ?? '' });
  else status.textContent = t('annualRunning', { year: run.year });
}

async function runAnnual(form) {
  const submit = form.querySelector('button');
  submit.disabled = true;
  try {
    const year = Number(form.elements.year.value);
    const { runId } = await apiJson('/api/finance/annual-receipts', { method: 'POST', body: { year } });
    $('annual-status').textContent = t('annualRunning', { year });
    for (let round = 0; ; round++) {
      const run = await apiJson(`/api/finance/annual-receipts/runs/${encodeURIComponent(runId)}`);
      showAnnualRun(run);
      if (run.status !== 'running') return;
      await pause(round < 30 ? 1000 : 3000);
    }
  } finally {
    submit.disabled = false;
  }
}

function period(form) {
  const params = new URLSearchParams();
  for (const name of ['from', 'to']) if (form.elements[name].value) params.set(name, startOfLocalDay(form.elements[name].value));
  return params.size ? `?${params}` : '';
}

async function downloadRegister(form, file) {
  $('register-ok').textContent = '';
  const name = await download(`/api/finance/${file}${period(form)}`, `kizuna-${file}`);
  $('register-ok').textContent = t('downloaded', { name });
}

async function correctTaxReceipt(form) {
  $('tax-receipt-ok').textContent = '';
  const value = (name) => form.elements[name].value.trim();
  const body = { name: value('name'), postalCode: value('postalCode'), address: value('address'), country: value('country') || 'JP' };
  const answer = await apiJson(`/api/donations/${encodeURIComponent(value('donationId'))}/tax-receipt`, { method: 'PUT', body });
  $('tax-receipt-ok').textContent = t(answer.reissued ? 'taxReceiptReissued' : 'taxReceiptSaved');
}

export function startReceipts() {
  $('annual-year').value = String(new Date().getFullYear() - 1);
  $('annual-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void attempt($('annual-error'), () => runAnnual($('annual-form')));
  });
  $('register-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void attempt($('register-error'), () => downloadRegister($('register-form'), 'receipts.csv'));
  });
  $('register-zip').addEventListener('click', () => void attempt($('register-error'), () => downloadRegister($('register-form'), 'receipts.zip')));
  $('tax-receipt-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void attempt($('tax-receipt-error'), () => correctTaxReceipt($('tax-receipt-form')));
  });
}
