import { invalidRequest } from './errors.js';
import type { ParamValue, Params } from './form.js';
import { buildShipping } from './objects-payments.js';
import type { Shipping } from './objects-payments.js';
import { MAX_CHARGE, MIN_CHARGE, isSupportedCurrency } from '../../src/stripe/currencies.js';
import type { Currency } from '../../src/stripe/currencies.js';

/** Refuses parameters the endpoint does not know, as Stripe does (`expand` is accepted everywhere); `parent` names a nested hash. */
export function checkKnownParams(params: Params, known: readonly string[], parent?: string): void {
  for (const name of Object.keys(params)) {
    const param = parent ? `${parent}[${name}]` : name;
    if ((parent || name !== 'expand') && !known.includes(name)) {
      throw invalidRequest(`Received unknown parameter: ${param}`, { param, code: 'parameter_unknown' });
    }
  }
}

export function optionalString(params: Params, name: string): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidRequest(`Invalid string: ${name} must be a string.`, { param: name, code: 'parameter_invalid_string' });
  return value;
}

function requiredString(params: Params, name: string): string {
  const value = optionalString(params, name);
  if (value === undefined || value === '') throw missingParam(name);
  return value;
}

export function optionalInteger(params: Params, name: string): number | undefined {
  const text = optionalString(params, name);
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(text)) throw invalidRequest(`Invalid integer: ${text}`, { param: name, code: 'parameter_invalid_integer' });
  return Number(text);
}

export function requiredInteger(params: Params, name: string): number {
  const value = optionalInteger(params, name);
  if (value === undefined) throw missingParam(name);
  return value;
}

export function optionalBoolean(params: Params, name: string): boolean | undefined {
  const text = optionalString(params, name);
  if (text === undefined) return undefined;
  if (text !== 'true' && text !== 'false') throw invalidRequest(`Invalid boolean: ${text}`, { param: name, code: 'parameter_invalid_boolean' });
  return text === 'true';
}

export function optionalObject(params: Params, name: string): Params | undefined {
  const value = params[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidRequest(`Invalid object: ${name} must be an object.`, { param: name });
  return value;
}

export function optionalStringList(params: Params, name: string): string[] | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw invalidRequest(`Invalid array: ${name} must be a list of strings.`, { param: name });
  }
  return value as string[];
}

export function missingParam(name: string) {
  return invalidRequest(`Missing required param: ${name}.`, { param: name, code: 'parameter_missing' });
}

export function requiredCurrency(params: Params): Currency {
  const currency = requiredString(params, 'currency').toLowerCase();
  if (!isSupportedCurrency(currency)) {
    throw invalidRequest(`Invalid currency: ${currency}. The emulator supports these currencies: jpy, krw, usd, eur, gbp.`, { param: 'currency' });
  }
  return currency;
}

/** Stripe's limits on a charge amount: at least the currency's minimum, at most eight digits. */
export function checkChargeAmount(amount: number, currency: Currency): void {
  if (amount < MIN_CHARGE[currency]) {
    throw invalidRequest(`Amount must be at least ${MIN_CHARGE[currency]} ${currency} (in the currency's smallest unit).`, { param: 'amount', code: 'amount_too_small' });
  }
  if (amount > MAX_CHARGE.card) {
    throw invalidRequest(`Amount must be no more than ${MAX_CHARGE.card} ${currency} (in the currency's smallest unit).`, { param: 'amount', code: 'amount_too_large' });
  }
}

export function checkPositiveAmount(amount: number): void {
  if (amount <= 0) throw invalidRequest('This value must be greater than or equal to 1.', { param: 'amount', code: 'parameter_invalid_integer' });
}

/**
 * Metadata updates merge into what is stored; an empty value removes a key, and an empty `metadata=`
 * clears it all (Stripe's rules).
 */
export function mergeMetadata(current: Record<string, string>, params: Params): Record<string, string> {
  const value: ParamValue | undefined = params.metadata;
  if (value === undefined) return current;
  if (value === '') return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidRequest('Invalid metadata: must be an object of strings.', { param: 'metadata' });
  const merged = { ...current };
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') throw invalidRequest(`Invalid value for metadata[${key}]: must be a string.`, { param: `metadata[${key}]` });
    if (item === '') delete merged[key];
    else merged[key] = item;
  }
  checkMetadataLimits(merged);
  return merged;
}

function checkMetadataLimits(metadata: Record<string, string>): void {
  const keys = Object.keys(metadata);
  if (keys.length > 50) throw invalidRequest('Invalid metadata: at most 50 keys.', { param: 'metadata' });
  for (const key of keys) {
    if (key.length > 40) throw invalidRequest(`Invalid metadata key ${key}: at most 40 characters.`, { param: 'metadata' });
    if (metadata[key].length > 500) throw invalidRequest(`Invalid metadata[${key}]: at most 500 characters.`, { param: `metadata[${key}]` });
  }
}

const ADDRESS_FIELDS = ['city', 'country', 'line1', 'line2', 'postal_code', 'state'] as const;

/** `shipping[name]`, `shipping[address][…]` and the optional carrier, phone and tracking number; an empty `shipping=` unsets it. */
export function optionalShipping(params: Params): Shipping | null | undefined {
  if (params.shipping === '') return null;
  const shipping = optionalObject(params, 'shipping');
  if (!shipping) return undefined;
  checkKnownParams(shipping, ['name', 'address', 'carrier', 'phone', 'tracking_number'], 'shipping');
  const address = optionalObject(shipping, 'address');
  if (!address) throw missingParam('shipping[address]');
  checkKnownParams(address, ADDRESS_FIELDS, 'shipping[address]');
  const name = optionalString(shipping, 'name');
  if (!name) throw missingParam('shipping[name]');
  const addressFields = Object.fromEntries(ADDRESS_FIELDS.map((field) => [field, optionalString(address, field) ?? null]));
  return buildShipping(name, addressFields, {
    carrier: optionalString(shipping, 'carrier') ?? null,
    phone: optionalString(shipping, 'phone') ?? null,
    tracking_number: optionalString(shipping, 'tracking_number') ?? null,
  });
}
