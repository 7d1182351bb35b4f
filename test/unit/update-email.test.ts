import { paragraphsOf, renderMilestoneEmail, renderUpdateEmail } from '../../src/notifications/templates/update-email.js';
import type { MilestoneEmail, UpdateEmail } from '../../src/notifications/templates/update-email.js';

const organisation = { name: 'Kizuna Relief', address: 'Chiyoda-ku, Tokyo', email: 'news@kizuna.example' };
const unsubscribeUrl = 'https://kizuna.example/api/unsubscribe?token=abc.def&x=1';

function update(overrides: Partial<UpdateEmail> = {}): UpdateEmail {
  return {
    language: 'en',
    campaignTitle: 'Noto earthquake relief',
    title: 'Water reaches Wajima',
    body: 'Trucks arrived this morning.\nTwo more are on the way.\n\nThank you for making this possible.',
    unsubscribeUrl,
    organisation,
    ...overrides,
  };
}

function milestone(overrides: Partial<MilestoneEmail> = {}): MilestoneEmail {
  return {
    language: 'en',
    campaignTitle: 'Noto earthquake relief',
    percent: 50,
    raisedAmount: 5_100_000,
    goalAmount: 10_000_000,
    currency: 'jpy',
    unsubscribeUrl,
    organisation,
    ...overrides,
  };
}

describe('progress update email', () => {
  it('keeps the coordinator’s paragraphs and line breaks', () => {
    const email = renderUpdateEmail(update());
    expect(email.subject).toBe('Noto earthquake relief: Water reaches Wajima');
    expect(email.html).toContain('<p>Trucks arrived this morning.<br>Two more are on the way.</p>');
    expect(email.html).toContain('<p>Thank you for making this possible.</p>');
    expect(email.text).toContain('Trucks arrived this morning.\nTwo more are on the way.\n\nThank you for making this possible.');
  });

  it('splits paragraphs on blank lines whatever the line endings', () => {
    expect(paragraphsOf('one\r\n\r\ntwo\r\nstill two\n \n\n\nthree\n')).toEqual(['one', 'two\nstill two', 'three']);
    expect(paragraphsOf('   \n\n')).toEqual([]);
  });

  it('escapes the title, campaign and body', () => {
    const email = renderUpdateEmail(update({ title: '<img src=x onerror=alert(1)>', campaignTitle: 'A & B', body: '<script>steal()</script>\n"quoted"' }));
    expect(email.html).not.toMatch(/<img|<script/);
    expect(email.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(email.html).toContain('A &amp; B');
    expect(email.html).toContain('<p>&lt;script&gt;steal()&lt;/script&gt;<br>&quot;quoted&quot;</p>');
    expect(email.subject).toBe('A & B: <img src=x onerror=alert(1)>');
  });

  it('shows the unsubscribe link in both parts', () => {
    const email = renderUpdateEmail(update());
    expect(email.html).toContain('<a href="https://kizuna.example/api/unsubscribe?token=abc.def&amp;x=1"');
    expect(email.html).toContain('>Unsubscribe</a>');
    expect(email.text).toContain(`Unsubscribe: ${unsubscribeUrl}`);
    expect(email.text).toContain('You receive this email because you asked for news about Noto earthquake relief.');
    expect(email.text).toContain('news@kizuna.example');
  });

  it('writes Japanese updates in Japanese', () => {
    const email = renderUpdateEmail(update({ language: 'ja', campaignTitle: '能登半島地震 緊急支援', title: '輪島に給水車が到着', body: '本日、給水車が到着しました。' }));
    expect(email.subject).toBe('【能登半島地震 緊急支援】輪島に給水車が到着');
    expect(email.html).toContain('<html lang="ja">');
    expect(email.html).toContain('<p>本日、給水車が到着しました。</p>');
    expect(email.text).toContain(`配信停止: ${unsubscribeUrl}`);
    expect(email.html).toContain('>配信停止</a>');
  });

  it('refuses an unsubscribe link that is not http(s)', () => {
    expect(() => renderUpdateEmail(update({ unsubscribeUrl: 'javascript:alert(1)' }))).toThrow(/http\(s\) URL/);
  });
});

describe('milestone email', () => {
  it('announces the share of the goal with formatted amounts', () => {
    const email = renderMilestoneEmail(milestone());
    expect(email.subject).toBe('Noto earthquake relief: 50% of our goal reached');
    expect(email.text).toContain('Noto earthquake relief has raised ¥5,100,000 of its ¥10,000,000 goal.');
    expect(email.html).toContain('50% of our goal reached');
    expect(email.text).toContain(`Unsubscribe: ${unsubscribeUrl}`);
    expect(email.html).toContain('>Unsubscribe</a>');
  });

  it('celebrates the goal at 100 % and formats cents', () => {
    const email = renderMilestoneEmail(milestone({ percent: 100, raisedAmount: 1_000_050, goalAmount: 1_000_000, currency: 'usd' }));
    expect(email.subject).toBe('Noto earthquake relief: We reached our goal');
    expect(email.text).toContain('has raised $10,000.50 of its $10,000.00 goal.');
  });

  it('writes Japanese milestones in Japanese, with the link', () => {
    const email = renderMilestoneEmail(milestone({ language: 'ja', percent: 75, campaignTitle: '能登' }));
    expect(email.subject).toBe('【能登】目標の75%に到達しました');
    expect(email.text).toMatch(/「能登」には目標[¥￥]10,000,000のうち[¥￥]5,100,000が集まりました/);
    expect(email.text).toContain(`配信停止: ${unsubscribeUrl}`);
  });

  it('escapes the campaign title', () => {
    const email = renderMilestoneEmail(milestone({ campaignTitle: '<script>x</script>' }));
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;x&lt;/script&gt;');
  });
});
