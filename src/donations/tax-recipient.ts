/**
 * Who a tax receipt is made out to, exactly as the donor wrote it: the name, the postal code (Japanese ones as
 * 123-4567) and the address as written on an envelope. `country` is ISO 3166-1 alpha-2, JP unless the donor lives abroad.
 */
export interface TaxRecipient {
  name: string;
  postalCode: string;
  address: string;
  country: string;
}
