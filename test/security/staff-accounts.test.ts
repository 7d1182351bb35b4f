import { randomBytes } from 'node:crypto';
import { type TestApp, startTestApp } from '../support/app.js';

const campaign = { title: 'Flood relief', disasterType: 'flood', region: 'Kyushu', currency: 'jpy', goalAmount: 1_000_000 };

interface Account {
  id: string;
  email: string;
  password: string;
  token: string;
}

async function account(app: TestApp, admin: string, role: 'admin' | 'coordinator' | 'finance'): Promise<Account> {
  const email = `${role}-${randomBytes(3).toString('hex')}@test.kizuna`;
  const password = `${role}-password-123`;
  const created = await app.request('POST', '/api/users', { token: admin, body: { email, password, role } });
  expect(created.status).toBe(201);
  return { id: created.body.id, email, password, token: await app.login(email, password) };
}

/** A staff route every role may call; 200 while the token is good. */
const whoCanSeeAudit = (app: TestApp, token: string) => app.request('GET', '/api/audit-log?limit=1', { token });
const campaignsAsStaff = (app: TestApp, token: string) => app.request('GET', '/api/campaigns/00000000-0000-4000-8000-000000000000/coordinators', { token });

describe('staff accounts: every change applies to the very next request', () => {
  let app: TestApp;
  let admin: string;

  beforeAll(async () => {
    app = await startTestApp();
    admin = await app.login();
  });
  afterAll(() => app.close());

  it('lists the accounts for an admin, and for nobody else', async () => {
    const finance = await account(app, admin, 'finance');
    const list = await app.request('GET', '/api/users', { token: admin });
    expect(list.status).toBe(200);
    expect(list.body).toEqual(expect.arrayContaining([expect.objectContaining({ id: finance.id, email: finance.email, role: 'finance', disabled: false })]));
    expect(list.body[0]).not.toHaveProperty('passwordHash');
    expect((await app.request('GET', '/api/users', { token: finance.token })).status).toBe(403);
  });

  it('refuses a logged-out token at once, and not the same account’s other session', async () => {
    const coordinator = await account(app, admin, 'coordinator');
    const otherTab = await app.login(coordinator.email, coordinator.password);
    expect((await app.request('POST', '/api/campaigns', { token: coordinator.token, body: campaign })).status).toBe(201);
    expect((await app.request('POST', '/api/auth/logout', { token: coordinator.token })).status).toBe(204);
    const after = await app.request('POST', '/api/campaigns', { token: coordinator.token, body: campaign });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('session_ended');
    expect((await app.request('POST', '/api/campaigns', { token: otherTab, body: campaign })).status).toBe(201);
  });

  it('refuses a disabled account’s tokens at once and its login, and lets it back in once enabled', async () => {
    const coordinator = await account(app, admin, 'coordinator');
    const disabled = await app.request('PATCH', `/api/users/${coordinator.id}`, { token: admin, body: { disabled: true } });
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabled).toBe(true);
    expect((await app.request('POST', '/api/campaigns', { token: coordinator.token, body: campaign })).status).toBe(401);
    const login = await app.request('POST', '/api/auth/login', { body: { email: coordinator.email, password: coordinator.password } });
    expect(login.status).toBe(401);
    expect(login.body.code).toBe('account_disabled');

    expect((await app.request('PATCH', `/api/users/${coordinator.id}`, { token: admin, body: { disabled: false } })).status).toBe(200);
    // Enabling does not bring the old sessions back: they ended when the account was disabled.
    expect((await app.request('POST', '/api/campaigns', { token: coordinator.token, body: campaign })).status).toBe(401);
    const fresh = await app.login(coordinator.email, coordinator.password);
    expect((await app.request('POST', '/api/campaigns', { token: fresh, body: campaign })).status).toBe(201);
  });

  it('refuses a deleted account’s tokens at once, and frees its email', async () => {
    const finance = await account(app, admin, 'finance');
    expect((await whoCanSeeAudit(app, admin)).status).toBe(200);
    expect((await app.request('GET', '/api/finance/ledger.csv', { token: finance.token })).status).toBe(200);
    expect((await app.request('DELETE', `/api/users/${finance.id}`, { token: admin })).status).toBe(204);
    expect((await app.request('GET', '/api/finance/ledger.csv', { token: finance.token })).status).toBe(401);
    expect((await app.request('POST', '/api/auth/login', { body: { email: finance.email, password: finance.password } })).status).toBe(401);
    expect((await app.request('DELETE', `/api/users/${finance.id}`, { token: admin })).status).toBe(404);
    expect((await app.request('POST', '/api/users', { token: admin, body: { email: finance.email, password: finance.password, role: 'finance' } })).status).toBe(201);
  });

  it('applies a role change to the next request: a coordinator made finance loses campaigns and gains the ledger', async () => {
    const person = await account(app, admin, 'coordinator');
    expect((await app.request('GET', '/api/finance/ledger.csv', { token: person.token })).status).toBe(403);
    expect((await app.request('PATCH', `/api/users/${person.id}`, { token: admin, body: { role: 'finance' } })).status).toBe(200);
    const refused = await app.request('POST', '/api/campaigns', { token: person.token, body: campaign });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('wrong_role');
    expect((await app.request('GET', '/api/finance/ledger.csv', { token: person.token })).status).toBe(200);
  });

  it('never leaves the organisation without an active admin, and an admin cannot lock themselves out', async () => {
    const [me] = (await app.request('GET', '/api/users', { token: admin })).body.filter((user: { role: string }) => user.role === 'admin');
    const self = await app.request('PATCH', `/api/users/${me.id}`, { token: admin, body: { disabled: true } });
    expect(self.status).toBe(409);
    expect(self.body.code).toBe('own_account');
    expect((await app.request('DELETE', `/api/users/${me.id}`, { token: admin })).body.code).toBe('own_account');
    expect((await campaignsAsStaff(app, admin)).status).toBe(404);
  });

  it('changes a password only with the current one, and ends the account’s other sessions', async () => {
    const coordinator = await account(app, admin, 'coordinator');
    const stolen = await app.login(coordinator.email, coordinator.password);
    const wrong = await app.request('POST', '/api/auth/password', { token: coordinator.token, body: { currentPassword: 'not-it-at-all', newPassword: 'a-brand-new-passphrase' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('wrong_password');
    const changed = await app.request('POST', '/api/auth/password', {
      token: coordinator.token,
      body: { currentPassword: coordinator.password, newPassword: 'a-brand-new-passphrase' },
    });
    expect(changed.status).toBe(204);
    expect((await app.request('POST', '/api/campaigns', { token: stolen, body: campaign })).status).toBe(401);
    expect((await app.request('POST', '/api/campaigns', { token: coordinator.token, body: campaign })).status).toBe(201);
    expect((await app.request('POST', '/api/auth/login', { body: { email: coordinator.email, password: coordinator.password } })).status).toBe(401);
    expect((await app.request('POST', '/api/auth/login', { body: { email: coordinator.email, password: 'a-brand-new-passphrase' } })).status).toBe(200);
  });

  it('sets the Bull Board cookie for admins from the server, HttpOnly and only for its path, and clears it at logout', async () => {
    const login = await app.request('POST', '/api/auth/login', { body: { email: 'admin@test.kizuna', password: 'admin-password-for-tests' } });
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^kizuna_token=[^;]+; Path=\/admin\/queues; Max-Age=43200; HttpOnly; SameSite=Strict/);
    const value = cookie.split(';')[0];
    expect((await app.request('GET', '/admin/queues/api/queues', { headers: { cookie: value } })).status).toBe(200);
    const logout = await app.request('POST', '/api/auth/logout', { token: login.body.accessToken });
    expect(logout.headers.get('set-cookie')).toMatch(/^kizuna_token=; Path=\/admin\/queues; Max-Age=0; HttpOnly/);
    expect((await app.request('GET', '/admin/queues/api/queues', { headers: { cookie: value } })).status).toBe(401);
    const finance = await account(app, admin, 'finance');
    const financeLogin = await app.request('POST', '/api/auth/login', { body: { email: finance.email, password: finance.password } });
    expect(financeLogin.headers.get('set-cookie')).toBeNull();
  });
});

describe('coordinators work on their own campaigns', () => {
  let app: TestApp;
  let admin: string;
  let mine: Account;
  let theirs: Account;
  let campaignId: string;

  beforeAll(async () => {
    app = await startTestApp();
    admin = await app.login();
    mine = await account(app, admin, 'coordinator');
    theirs = await account(app, admin, 'coordinator');
    const created = await app.request('POST', '/api/campaigns', { token: mine.token, body: campaign });
    campaignId = created.body.id;
  });
  afterAll(() => app.close());

  it('assigns the coordinator who creates a campaign to it', async () => {
    const view = await app.request('GET', `/api/campaigns/${campaignId}/coordinators`, { token: mine.token });
    expect(view.body).toEqual({ coordinators: [{ id: mine.id, email: mine.email }], youManage: true });
  });

  it('refuses another coordinator editing, publishing, closing or mailing donors of it, and changes nothing', async () => {
    const attempts = [
      app.request('PATCH', `/api/campaigns/${campaignId}`, { token: theirs.token, body: { title: 'Taken over' } }),
      app.request('POST', `/api/campaigns/${campaignId}/publish`, { token: theirs.token }),
      app.request('POST', `/api/campaigns/${campaignId}/close`, { token: theirs.token }),
      app.request('POST', `/api/campaigns/${campaignId}/updates`, { token: theirs.token, body: { title: 'Hello', body: 'Not mine to send' } }),
    ];
    for (const result of await Promise.all(attempts)) {
      expect(result.status).toBe(403);
      expect(result.body.code).toBe('not_assigned');
    }
    const [row] = await app.sql('SELECT title, status FROM campaigns_summary_v WHERE id = $1', [campaignId]);
    expect(row).toEqual({ title: 'Flood relief', status: 'draft' });
    expect(await app.sql('SELECT 1 FROM campaign_updates WHERE campaign_id = $1', [campaignId])).toHaveLength(0);
    expect((await app.request('GET', `/api/campaigns/${campaignId}/coordinators`, { token: theirs.token })).body.youManage).toBe(false);
  });

  it('lets an admin assign coordinators: the new one may work on it, the removed one no longer', async () => {
    const assign = await app.request('PUT', `/api/campaigns/${campaignId}/coordinators`, { token: admin, body: { userIds: [theirs.id] } });
    expect(assign.status).toBe(200);
    expect(assign.body.coordinators).toEqual([{ id: theirs.id, email: theirs.email }]);
    expect((await app.request('POST', `/api/campaigns/${campaignId}/publish`, { token: theirs.token })).status).toBe(201);
    expect((await app.request('POST', `/api/campaigns/${campaignId}/close`, { token: mine.token })).status).toBe(403);
  });

  it('refuses assigning an account that is not an enabled coordinator, and a coordinator assigning anyone', async () => {
    const finance = await account(app, admin, 'finance');
    const wrong = await app.request('PUT', `/api/campaigns/${campaignId}/coordinators`, { token: admin, body: { userIds: [finance.id] } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('not_a_coordinator');
    expect((await app.request('PUT', `/api/campaigns/${campaignId}/coordinators`, { token: theirs.token, body: { userIds: [theirs.id, mine.id] } })).status).toBe(403);
    expect((await app.request('GET', `/api/campaigns/${campaignId}/coordinators`, { token: admin })).body.coordinators).toEqual([{ id: theirs.id, email: theirs.email }]);
  });
});

describe('the audit log', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('records who did what to accounts, campaigns, updates and reconciliations, newest first, for admins only', async () => {
    const admin = await app.login();
    const coordinator = await account(app, admin, 'coordinator');
    const finance = await account(app, admin, 'finance');
    const created = await app.request('POST', '/api/campaigns', { token: coordinator.token, body: campaign });
    const id = created.body.id;
    await app.request('PATCH', `/api/campaigns/${id}`, { token: coordinator.token, body: { goalAmount: 2_000_000 } });
    await app.request('POST', `/api/campaigns/${id}/publish`, { token: coordinator.token });
    const update = await app.request('POST', `/api/campaigns/${id}/updates`, { token: coordinator.token, body: { title: 'Day one', body: 'Water has arrived.' } });
    const run = await app.request('POST', '/api/finance/reconciliation/runs', { token: finance.token, body: {} });
    await app.request('PATCH', `/api/users/${coordinator.id}`, { token: admin, body: { role: 'finance' } });

    const log = await app.request('GET', '/api/audit-log', { token: admin });
    expect(log.status).toBe(200);
    const read = log.body.map((entry: { actorEmail: string; action: string; targetId: string }) => [entry.actorEmail, entry.action, entry.targetId]);
    expect(read).toEqual([
      ['admin@test.kizuna', 'user.role_changed', coordinator.id],
      [finance.email, 'reconciliation.run_started', run.body.runId],
      [coordinator.email, 'update.posted', update.body.id],
      [coordinator.email, 'campaign.published', id],
      [coordinator.email, 'campaign.edited', id],
      [coordinator.email, 'campaign.created', id],
      ['admin@test.kizuna', 'user.created', finance.id],
      ['admin@test.kizuna', 'user.created', coordinator.id],
    ]);
    expect(log.body[0].details).toEqual({ email: coordinator.email, from: 'coordinator', to: 'finance' });

    const forCampaign = await app.request('GET', `/api/audit-log?targetType=campaign&targetId=${id}&limit=2`, { token: admin });
    expect(forCampaign.body.map((entry: { action: string }) => entry.action)).toEqual(['campaign.published', 'campaign.edited']);
    const older = await app.request('GET', `/api/audit-log?targetType=campaign&targetId=${id}&before=${forCampaign.body[1].id}`, { token: admin });
    expect(older.body.map((entry: { action: string }) => entry.action)).toEqual(['campaign.created']);
    expect((await app.request('GET', '/api/audit-log', { token: finance.token })).status).toBe(403);
    expect((await app.request('GET', '/api/audit-log?limit=0', { token: admin })).status).toBe(400);
  });
});
