import { DonationError } from '../../src/donations/donation.errors.js';
import { taxRecipientFrom } from '../../src/donations/dto/tax-receipt.dto.js';

/** The code a refusal carries, as the API answers it. */
function refusal(input: Parameters<typeof taxRecipientFrom>[0]): string {
  try {
    taxRecipientFrom(input);
  } catch (error) {
    if (error instanceof DonationError) return error.code;
    throw error;
  }
  throw new Error('accepted');
}

describe('the tax-receipt name and address donors and staff type', () => {
  const address = '東京都千代田区千代田1-1';

  it.each(['1000001', '100-0001', '１０００００１', '１００－０００１', ' 100-0001 '])('takes the Japanese postal code %p as 100-0001', (postalCode) => {
    expect(taxRecipientFrom({ name: '山田花子', postalCode, address })).toEqual({ name: '山田花子', postalCode: '100-0001', address, country: 'JP' });
  });

  it.each(['12345', '1000-001', '100-00011', 'ABC-DEFG', ''])('refuses the Japanese postal code %p', (postalCode) => {
    expect(refusal({ name: '山田花子', postalCode, address })).toBe('tax_receipt_postal_code_invalid');
  });

  it('takes other countries’ codes as written, 2 to 10 letters, digits, spaces or dashes', () => {
    expect(taxRecipientFrom({ name: 'Jane Doe', postalCode: 'SW1A 1AA', address: 'London', country: 'gb' })).toEqual({
      name: 'Jane Doe',
      postalCode: 'SW1A 1AA',
      address: 'London',
      country: 'GB',
    });
    expect(taxRecipientFrom({ name: 'Jane Doe', postalCode: '94103-1234', address: 'San Francisco', country: 'US' })?.postalCode).toBe('94103-1234');
    for (const postalCode of ['12345678901', '1', '12#45']) expect(refusal({ name: 'Jane Doe', postalCode, address: 'X', country: 'US' })).toBe('tax_receipt_postal_code_invalid');
    expect(refusal({ name: 'Jane Doe', postalCode: '12345', address: 'X', country: 'XX' })).toBe('tax_receipt_country_invalid');
  });

  it('needs a name and an address, and keeps them exactly as typed but for the spaces around', () => {
    expect(refusal({ name: '  ', postalCode: '1000001', address })).toBe('tax_receipt_name_required');
    expect(refusal({ name: '山田花子', postalCode: '1000001', address: '' })).toBe('tax_receipt_address_required');
    expect(taxRecipientFrom({ name: ' 髙橋 𠮷子 ', postalCode: '1000001', address })?.name).toBe('髙橋 𠮷子');
    expect(taxRecipientFrom(null)).toBeNull();
  });
});
