// The campaign form, shared by the dashboard (create) and the campaign page (edit): title, region and story in
// Japanese and English side by side, sent as the campaign's `translations`; a campaign read without `translations`
// fills the Japanese side.
import { majorUnits, markInvalid, parseAmount, submitForm, t } from './staff.js';

// Enough for the API's largest goal (1,000,000,000,000 in the minor unit); the API says so when a goal is above it.
const GOAL_DIGITS = 13;
const TEXTS = ['title', 'region', 'story'];
const DISASTER_KEYS = {
  tsunami: 'disasterTsunami',
  earthquake: 'disasterEarthquake',
  flood: 'disasterFlood',
  typhoon: 'disasterTyphoon',
  wildfire: 'disasterWildfire',
  other: 'disasterOther',
};
const STATUS_KEYS = { draft: 'statusDraft', active: 'statusActive', closed: 'statusClosed' };

export const disasterLabel = (type) => (DISASTER_KEYS[type] ? t(DISASTER_KEYS[type]) : type);
export const statusLabel = (status) => (STATUS_KEYS[status] ? t(STATUS_KEYS[status]) : status);

/** What the person typed that cannot be sent as it is, with the field to fix. */
class FormProblem extends Error {
  constructor(message, field) {
    super(message);
    this.field = field;
  }
}

/** One language's title, region and story, or null when that side is left empty. */
function side(form, suffix) {
  const text = Object.fromEntries(TEXTS.map((name) => [name, form.elements[`${name}${suffix}`].value.trim()]));
  if (!text.title && !text.region && !text.story) return null;
  if (!text.title) throw new FormProblem(t('formTitleMissing'), form.elements[`title${suffix}`]);
  if (!text.region) throw new FormProblem(t(suffix ? 'formRegionEnMissing' : 'formRegionMissing'), form.elements[`region${suffix}`]);
  return { ...text, story: form.elements[`story${suffix}`].value };
}

function goal(form, currency) {
  const goalAmount = parseAmount(form.elements.goalAmount.value.trim(), currency, GOAL_DIGITS);
  if (goalAmount) return goalAmount;
  const example = currency === 'jpy' || currency === 'krw' ? '5000000' : '25000.50';
  throw new FormProblem(t('formGoalInvalid', { currency: currency.toUpperCase(), example }), form.elements.goalAmount);
}

/** 支援金, or 義援金 with the local government it is passed on to. */
function fund(form) {
  const fundKind = form.elements.fundKind.value;
  if (fundKind !== 'gienkin') return { fundKind };
  const fundRecipient = form.elements.fundRecipient.value.trim();
  if (!fundRecipient) throw new FormProblem(t('formFundRecipientMissing'), form.elements.fundRecipient);
  return { fundKind, fundRecipient };
}

/** The recipient field shows with 義援金, and the 義援金 choice names the recipient as it is typed. */
function followFundKind(form) {
  const show = () => {
    const gienkin = form.elements.fundKind.value === 'gienkin';
    const recipient = form.elements.fundRecipient.value.trim();
    form.querySelector('[data-fund-recipient]').hidden = !gienkin;
    form.querySelector('[data-gienkin-label]').textContent = recipient ? t('fundGienkin', { recipient }) : t('fundGienkinNoRecipient');
  };
  form.addEventListener('change', show);
  form.elements.fundRecipient.addEventListener('input', show);
  show();
}

// Every campaign form of the page (the dashboard's create form, the campaign page's edit form).
for (const form of document.querySelectorAll('form')) if (form.elements.fundKind) followFundKind(form);

/** The campaign as the API takes it: the goal turned into minor units of the chosen currency. */
function read(form) {
  const ja = side(form, '');
  const en = side(form, 'En');
  if (!ja && !en) throw new FormProblem(t('formTitleMissing'), form.elements.title);
  const currency = form.elements.currency.value;
  // A side left empty is sent as null: on an edit that removes that language (the API keeps at least one).
  const campaign = { translations: { ja, en }, disasterType: form.elements.disasterType.value, currency, goalAmount: goal(form, currency), ...fund(form) };
  const slug = form.elements.slug.value.trim();
  if (slug) campaign.slug = slug;
  return campaign;
}

export function fillCampaignForm(form, campaign) {
  const ja = campaign.translations?.ja ?? (campaign.translations?.en ? null : campaign);
  const en = campaign.translations?.en ?? null;
  for (const name of TEXTS) {
    form.elements[name].value = ja?.[name] ?? '';
    form.elements[`${name}En`].value = en?.[name] ?? '';
  }
  form.elements.disasterType.value = campaign.disasterType;
  form.elements.currency.value = campaign.currency;
  form.elements.goalAmount.value = majorUnits(campaign.goalAmount, campaign.currency);
  form.elements.slug.value = campaign.slug ?? '';
  form.elements.fundKind.value = campaign.fundKind ?? 'shienkin';
  form.elements.fundRecipient.value = campaign.fundRecipient ?? '';
  form.dispatchEvent(new Event('change'));
}

function sameTranslations(read, edited) {
  return ['ja', 'en'].every((language) => TEXTS.every((name) => (read[language]?.[name] ?? '') === (edited[language]?.[name] ?? '')));
}

/** The fields of `edited` that differ from the campaign as read, for a PATCH. */
export function changedFields(campaign, edited) {
  const same = (name, value) => (name === 'translations' ? sameTranslations(campaign.translations ?? {}, value) : value === campaign[name]);
  return Object.fromEntries(Object.entries(edited).filter(([name, value]) => !same(name, value)));
}

/**
 * Reads the form and hands the campaign to `send` (which may pick what to send from it). A problem in the
 * form, or the API's 400, is shown in `box` with the fields it is about marked; other API failures only in
 * `box`. Resolves to what `send` resolved to, or undefined when it did not succeed.
 */
export async function submitCampaignForm(form, box, send) {
  box.textContent = '';
  let campaign;
  try {
    campaign = read(form);
  } catch (error) {
    if (!(error instanceof FormProblem)) throw error;
    box.textContent = error.message;
    markInvalid(form, [error.field]);
    return undefined;
  }
  return submitForm(form, box, () => send(campaign));
}
