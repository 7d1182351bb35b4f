import { parseForm } from '../../tools/stripe-emulator/form.js';

describe('form parser', () => {
  it('reads bracket notation into objects and indexed keys into arrays', () => {
    const params = parseForm(
      'amount=2500&metadata[donation_id]=d%2D42&expand[0]=latest_charge&expand[1]=payment_method&evidence[uncategorized_text]=winning_evidence' +
        '&created[gte]=1700000000&payment_method_types[]=card&payment_method_types[]=link&shipping[address][line1]=510+Townsend+St&description=caf%C3%A9',
    );
    expect(params).toEqual({
      amount: '2500',
      metadata: { donation_id: 'd-42' },
      expand: ['latest_charge', 'payment_method'],
      evidence: { uncategorized_text: 'winning_evidence' },
      created: { gte: '1700000000' },
      payment_method_types: ['card', 'link'],
      shipping: { address: { line1: '510 Townsend St' } },
      description: 'café',
    });
  });

  it('keeps an empty value (Stripe uses it to unset) and ignores prototype keys', () => {
    const params = parseForm('metadata[old]=&metadata=&__proto__[polluted]=yes&a[constructor][x]=1');
    expect(params).toEqual({ metadata: '' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(parseForm('')).toEqual({});
  });
});
