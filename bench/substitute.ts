import type { BenchDonation } from './load-types.js';

/** Replaces every id of the template donation, wherever it appears in a string, by the ids of another donation. */
export function idSwaps(template: BenchDonation, donation: BenchDonation): Map<string, string> {
  return new Map((Object.keys(template) as (keyof BenchDonation)[]).map((key) => [template[key], donation[key]]));
}

export function swapIds(text: string, swaps: Map<string, string>): string {
  let result = text;
  for (const [from, to] of swaps) result = result.replaceAll(from, to);
  return result;
}
