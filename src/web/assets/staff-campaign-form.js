// The campaign form, shared by the dashboard (create) and the campaign page (edit).
import { majorUnits, markInvalid, parseAmount, submitForm } from './staff.js';

// Enough for the API's largest goal (1,000,000,000,000 in the minor unit); the API says so when a goal is above it.
const GOAL_DIGITS = 13;

const FIELDS = ['title', 'disasterType', 'region', 'currency', 'goalAmount', 'story', 'slug'];

/** What the person typed that cannot be sent as it is, with the field to fix. */
class FormProblem extends Error {
  constructor(message, field) {
    super(message);
    this.field = field;
  }
}

/** The campaign as the API takes it: the goal turned into minor units of the chosen currency. */
function read(form) {
  const value = (name) => form.elements[name].value.trim();
  const currency = form.elements.currency.value;
  if (!value('title')) throw new FormProblem('Enter a title.', form.elements.title);
  if (!value('region')) throw new FormProblem('Enter the region.', form.elements.region);
  const goalAmount = parseAmount(value('goalAmount'), currency, GOAL_DIGITS);
  if (!goalAmount) {
    const example = currency === 'jpy' || currency === 'krw' ? '5000000' : '25000.50';
    throw new FormProblem(`Enter the goal as an amount in ${currency.toUpperCase()}, such as ${example}.`, form.elements.goalAmount);
  }
  const campaign = { title: value('title'), disasterType: value('disasterType'), region: value('region'), currency, goalAmount, story: form.elements.story.value };
  if (value('slug')) campaign.slug = value('slug');
  return campaign;
}

export function fillCampaignForm(form, campaign) {
  for (const name of FIELDS) form.elements[name].value = name === 'goalAmount' ? majorUnits(campaign.goalAmount, campaign.currency) : campaign[name];
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
