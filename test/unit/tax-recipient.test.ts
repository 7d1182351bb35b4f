import { parseTaxRecipient } from '../../src/donations/tax-recipient.js';

describe('the tax-receipt name and address staff or donors type', () => {
  const address = '東京都千代田区千代田1-1';

  it.each(['1000001', '100-0001', '１０００００１', '１００－０００１', ' 100-0001 '])('takes the Japanese postal code %p as 100-0001', (postalCode) => {
    expect(parseTaxRecipient({ name: '山田花子', postalCode, address })).toEqual({ recipient: { name: '山田花子', postalCode: '100-0001', address, country: 'JP' } });
  });

  it.each(['12345', '1000-001', '100-00011', 'ABC-DEFG', ''])('refuses the Japanese postal code %p', (postalCode) => {
    expect(parseTaxRecipient({ name: '山田花子', postalCode, address })).toEqual({ problem: expect.stringMatching(/^postalCode/) });
  });

  it('takes another country’s code of 2 to 10 letters, digits, spaces or dashes, and refuses longer or other characters', () => {
    expect(parseTaxRecipient({ name: 'Jane Doe', postalCode: 'SW1A 1AA', address: 'London', country: 'gb' })).toEqual({
      recipient: { name: 'Jane Doe', postalCode: 'SW1A 1AA', address: 'London', country: 'GB' },
    });
    expect(parseTaxRecipient({ name: 'Jane Doe', postalCode: '94103-1234', address: 'San Francisco', country: 'US' })).toHaveProperty('recipient');
    expect(parseTaxRecipient({ name: 'Jane Doe', postalCode: '12345678901', address: 'X', country: 'US' })).toHaveProperty('problem');
    expect(parseTaxRecipient({ name: 'Jane Doe', postalCode: '1', address: 'X', country: 'US' })).toHaveProperty('problem');
    expect(parseTaxRecipient({ name: 'Jane Doe', postalCode: '12#45', address: 'X', country: 'US' })).toHaveProperty('problem');
  });

  it('needs a name and an address', () => {
    expect(parseTaxRecipient({ name: '  ', postalCode: '1000001', address })).toEqual({ problem: 'name is required' });
    expect(parseTaxRecipient({ name: '山田花子', postalCode: '1000001', address: '' })).toEqual({ problem: 'address is required' });
  });
});
