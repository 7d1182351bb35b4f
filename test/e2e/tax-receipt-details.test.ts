import type { TestApp } from '../support/app.js';
import { Stack, activeCampaign, startStack } from '../support/stack.js';

const CERTIFIED = {
  legalName: '特定非営利活動法人 きずな災害支援',
  address: '〒100-0005\n東京都千代田区丸の内1-1-1',
  representative: '理事長 山田太郎',
  taxStatus: 'certified_npo',
  certificationNumber: '東京都指令生活第123号',
  certificationDate: '2020-04-01',
  timezone: 'Asia/Tokyo',
};

describe('the receipt profile, the 義援金 flag and the donor’s tax-receipt details', () => {
  let stack: Stack;
  let app: TestApp;
  let admin: string;
  let coordinator: string;
  let finance: string;
  let campaignId: string;
  beforeAll(async () => {
    // The Stripe emulator takes the PaymentIntents; nothing here needs the worker.
    stack = await startStack({ withoutWorker: true });
    app = stack.app;
    admin = await app.login();
    coordinator = await app.staffToken('coordinator');
    finance = await app.staffToken('finance');
    campaignId = await activeCampaign(app, coordinator, { currency: 'jpy' });
  });
  afterAll(() => stack.close());

  describe('GET and PUT /api/organisation', () => {
    it('shows any staff member the profile in force; only an admin saves one', async () => {
      const seen = await app.request('GET', '/api/organisation', { token: coordinator });
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({ version: expect.any(Number), taxStatus: 'none', timezone: expect.any(String), savedAt: expect.any(String) });
      expect((await app.request('GET', '/api/organisation')).status).toBe(401);
      const refused = await app.request('PUT', '/api/organisation', { token: coordinator, body: CERTIFIED });
      expect(refused.status).toBe(403);
      expect((await app.request('PUT', '/api/organisation', { token: finance, body: CERTIFIED })).status).toBe(403);
      expect((await app.request('GET', '/api/organisation', { token: admin })).body.version).toBe(seen.body.version);
    });

    const refusals: [string, Record<string, unknown>, string, RegExp][] = [
      ['an empty legal name', { legalName: '' }, 'validation_failed', /^legalName must not be empty$/],
      ['a legal name of spaces', { legalName: '  \n ' }, 'validation_failed', /^legalName must not be empty$/],
      ['no address', { address: undefined }, 'validation_failed', /^address must/],
      ['an unknown tax status', { taxStatus: 'charity' }, 'validation_failed', /^taxStatus must be one of: certified_npo, public_interest, none$/],
      ['no representative for a certified NPO', { representative: '  ' }, 'representative_required', /^representative is required/],
      ['no certification number', { certificationNumber: undefined }, 'certification_required', /certificationNumber and certificationDate are required/],
      [
        'no certification date for a 公益法人',
        { taxStatus: 'public_interest', certificationDate: undefined },
        'certification_required',
        /required when taxStatus is public_interest/,
      ],
      ['a date that does not exist', { certificationDate: '2023-02-30' }, 'certification_date_invalid', /real date/],
      ['a date written otherwise', { certificationDate: '2020/04/01' }, 'certification_date_invalid', /YYYY-MM-DD/],
      ['a date in the future', { certificationDate: `${new Date().getUTCFullYear() + 1}-01-01` }, 'certification_date_invalid', /must not be in the future/],
      ['a time zone that is not one', { timezone: 'Tokyo' }, 'timezone_invalid', /IANA time zone/],
    ];
    it.each(refusals)('refuses %s with a 400 that says so, saving nothing', async (_, change, code, message) => {
      const before = (await app.request('GET', '/api/organisation', { token: admin })).body.version;
      const result = await app.request('PUT', '/api/organisation', { token: admin, body: { ...CERTIFIED, ...change } });
      expect(result.status).toBe(400);
      expect(result.body).toMatchObject({ code, message: expect.stringMatching(message) });
      expect((await app.request('GET', '/api/organisation', { token: admin })).body.version).toBe(before);
    });

    it('saves a new version on each PUT, returns it on GET, and audits it', async () => {
      const before = (await app.request('GET', '/api/organisation', { token: admin })).body;
      const saved = await app.request('PUT', '/api/organisation', { token: admin, body: CERTIFIED });
      expect(saved.status).toBe(200);
      expect(saved.body).toEqual({ ...CERTIFIED, version: before.version + 1, savedAt: expect.any(String) });
      const again = await app.request('PUT', '/api/organisation', { token: admin, body: { ...CERTIFIED, legalName: '公益財団法人 きずな', taxStatus: 'public_interest' } });
      expect(again.body.version).toBe(before.version + 2);
      expect((await app.request('GET', '/api/organisation', { token: coordinator })).body).toMatchObject({ version: before.version + 2, legalName: '公益財団法人 きずな' });
      // Versions are kept, never edited: receipts issued under the first still read it.
      expect(await app.sql('SELECT legal_name FROM organisation_profiles WHERE version = $1', [before.version + 1])).toEqual([{ legal_name: CERTIFIED.legalName }]);
      const audit = await app.request('GET', '/api/audit-log?targetType=organisation', { token: admin });
      expect(audit.body[0]).toMatchObject({ action: 'organisation.profile_saved', targetId: String(before.version + 2) });
    });

    it('drops the certification of an organisation with no tax status', async () => {
      const saved = await app.request('PUT', '/api/organisation', { token: admin, body: { ...CERTIFIED, taxStatus: 'none', representative: '' } });
      expect(saved.status).toBe(200);
      expect(saved.body).toMatchObject({ taxStatus: 'none', certificationNumber: null, certificationDate: null, representative: '' });
    });
  });

  describe('the 義援金 / 支援金 flag of a campaign', () => {
    const base = { title: 'Noto relief', region: 'Ishikawa', disasterType: 'earthquake', currency: 'jpy', goalAmount: 1_000_000 };

    it('refuses a 義援金 campaign without its recipient', async () => {
      const result = await app.request('POST', '/api/campaigns', { token: coordinator, body: { ...base, fundKind: 'gienkin' } });
      expect(result.status).toBe(400);
      expect(result.body.code).toBe('fund_recipient_required');
      const blank = await app.request('POST', '/api/campaigns', { token: coordinator, body: { ...base, fundKind: 'gienkin', fundRecipient: '   ' } });
      expect(blank.body.code).toBe('fund_recipient_required');
      expect((await app.request('POST', '/api/campaigns', { token: coordinator, body: { ...base, fundKind: 'donation' } })).body.code).toBe('validation_failed');
    });

    it('stores and returns the flag, 支援金 by default, on create, edit and the public read', async () => {
      const plain = await app.request('POST', '/api/campaigns', { token: coordinator, body: base });
      expect(plain.body).toMatchObject({ fundKind: 'shienkin', fundRecipient: null });
      const gienkin = await app.request('POST', '/api/campaigns', { token: coordinator, body: { ...base, fundKind: 'gienkin', fundRecipient: '石川県' } });
      expect(gienkin.status).toBe(201);
      expect(gienkin.body).toMatchObject({ fundKind: 'gienkin', fundRecipient: '石川県' });
      await app.request('POST', `/api/campaigns/${gienkin.body.id}/publish`, { token: coordinator });
      expect((await app.request('GET', `/api/campaigns/${gienkin.body.id}`)).body).toMatchObject({ fundKind: 'gienkin', fundRecipient: '石川県' });
      // The donor reads where the money goes, and what receipt comes, in their language; a 支援金 campaign says nothing of it.
      const english = (await app.request('GET', `/campaigns/${gienkin.body.slug}?lang=en`)).text;
      expect(english).toContain('passed on in full to 石川県');
      expect(english).toContain('custody receipt (預り証)');
      expect((await app.request('GET', `/campaigns/${gienkin.body.slug}/give?lang=ja`)).text).toContain('全額を石川県へ拠出します');
      expect((await app.request('GET', `/campaigns/${gienkin.body.slug}/give?lang=en`)).text).toContain('I need a receipt for my tax return');
      await app.request('POST', `/api/campaigns/${plain.body.id}/publish`, { token: coordinator });
      expect((await app.request('GET', `/campaigns/${plain.body.slug}?lang=en`)).text).not.toContain('custody receipt');

      const turned = await app.request('PATCH', `/api/campaigns/${plain.body.id}`, { token: coordinator, body: { fundKind: 'gienkin' } });
      expect(turned.body.code).toBe('fund_recipient_required');
      const named = await app.request('PATCH', `/api/campaigns/${plain.body.id}`, { token: coordinator, body: { fundKind: 'gienkin', fundRecipient: '輪島市' } });
      expect(named.body).toMatchObject({ fundKind: 'gienkin', fundRecipient: '輪島市' });
      const cleared = await app.request('PATCH', `/api/campaigns/${plain.body.id}`, { token: coordinator, body: { fundRecipient: null } });
      expect(cleared.body.code).toBe('fund_recipient_required');
      const back = await app.request('PATCH', `/api/campaigns/${plain.body.id}`, { token: coordinator, body: { fundKind: 'shienkin' } });
      expect(back.body).toMatchObject({ fundKind: 'shienkin', fundRecipient: null });
    });
  });

  describe('taxReceipt on a donation', () => {
    const gift = { amount: 3000, currency: 'jpy', email: 'hanako@example.jp', name: '山田花子' };
    const donate = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
      app.request('POST', `/api/campaigns/${campaignId}/donations`, { body: { ...gift, ...body }, headers });
    const stored = async (donationId: string) => (await app.request('GET', `/api/donations/${donationId}`, { token: finance })).body.taxReceipt;
    const details = { name: '山田 花子', postalCode: '100-0005', address: '東京都千代田区丸の内1-1-1\nきずなビル3階' };

    const refusals: [string, Record<string, unknown>, string][] = [
      ['a postal code of six digits', { postalCode: '100-000' }, 'tax_receipt_postal_code_invalid'],
      ['a postal code with letters', { postalCode: '100-000A' }, 'tax_receipt_postal_code_invalid'],
      ['a postal code split wrongly', { postalCode: '1000-005' }, 'tax_receipt_postal_code_invalid'],
      ['an empty postal code', { postalCode: '' }, 'tax_receipt_postal_code_invalid'],
      ['a foreign postal code of one character', { postalCode: '1', country: 'US' }, 'tax_receipt_postal_code_invalid'],
      ['a foreign postal code with punctuation', { postalCode: '94105/1234', country: 'US' }, 'tax_receipt_postal_code_invalid'],
      ['an empty name', { name: ' ' }, 'tax_receipt_name_required'],
      ['an empty address', { address: '\n' }, 'tax_receipt_address_required'],
      ['an address of 501 characters', { address: 'あ'.repeat(501) }, 'tax_receipt_too_long'],
      ['a name of 201 characters', { name: 'x'.repeat(201) }, 'tax_receipt_too_long'],
      ['a country that is not one', { country: 'XX' }, 'tax_receipt_country_invalid'],
      ['a country written out', { country: 'Japan' }, 'tax_receipt_country_invalid'],
      ['a postal code that is a number', { postalCode: 1000005 }, 'validation_failed'],
      ['an unknown field', { building: 'x' }, 'validation_failed'],
    ];
    it.each(refusals)('refuses %s with a 400 that names it, writing nothing', async (_, change, code) => {
      const before = await app.sql('SELECT count(*)::int AS n FROM donations');
      const result = await donate({ taxReceipt: { ...details, ...change } });
      expect(result.status).toBe(400);
      expect(result.body.code).toBe(code);
      expect(result.body.message).toMatch(/taxReceipt/);
      expect(await app.sql('SELECT count(*)::int AS n FROM donations')).toEqual(before);
    });

    it('stores a Japanese postal code as 123-4567 however it was typed, the rest exactly as given', async () => {
      for (const postalCode of ['1000005', '100-0005', '１００－０００５', '１０００００５']) {
        const created = await donate({ taxReceipt: { ...details, name: '  山田 花子 ', postalCode } });
        expect(created.status).toBe(201);
        expect(await stored(created.body.donationId)).toEqual({ ...details, country: 'JP' });
      }
    });

    it('keeps a foreign postal code and the country as given', async () => {
      const created = await donate({ taxReceipt: { name: 'Hanako Yamada', postalCode: 'SW1A 1AA', address: '10 Downing Street\nLondon', country: 'gb' } });
      expect(await stored(created.body.donationId)).toEqual({ name: 'Hanako Yamada', postalCode: 'SW1A 1AA', address: '10 Downing Street\nLondon', country: 'GB' });
    });

    it('stores null when the donor asked for no tax receipt', async () => {
      expect(await stored((await donate({})).body.donationId)).toBeNull();
      expect(await stored((await donate({ taxReceipt: null })).body.donationId)).toBeNull();
    });

    it('counts the details in the Idempotency-Key comparison, as stored', async () => {
      const headers = { 'idempotency-key': 'tax-receipt-retry-1' };
      const first = await donate({ taxReceipt: { ...details, postalCode: '1000005' } }, headers);
      const retried = await donate({ taxReceipt: { ...details, postalCode: '100-0005' } }, headers);
      expect(retried.body.donationId).toBe(first.body.donationId);
      const changed = await donate({ taxReceipt: { ...details, address: '大阪府大阪市北区1-1' } }, headers);
      expect(changed.status).toBe(422);
      expect(changed.body.code).toBe('idempotency_key_reused');
    });

    it('keeps one donor per email address, whatever its case, when gifts carry tax details', async () => {
      const one = await donate({ email: 'Taro.Merge@Example.JP', taxReceipt: details });
      const two = await donate({ email: 'taro.merge@example.jp', taxReceipt: { ...details, address: '石川県金沢市鞍月1-1' } });
      const donors = await app.sql('SELECT DISTINCT donor_id FROM donations WHERE id = ANY($1::uuid[])', [[one.body.donationId, two.body.donationId]]);
      expect(donors).toHaveLength(1);
      expect(await app.sql(`SELECT email FROM donors WHERE id = $1`, [donors[0].donor_id])).toEqual([{ email: 'taro.merge@example.jp' }]);
    });
  });
});
