import { formatMoney } from '../../common/money-format.js';
import type { Language } from '../../common/money-format.js';
import { emailPage, escapeHtml, oneLine, organisationFooterHtml, organisationFooterText } from './organisation.js';
import type { Organisation, RenderedEmail } from './organisation.js';

export interface UpdateEmail {
  language: Language;
  campaignTitle: string;
  title: string;
  /** Plain text written by a coordinator: blank lines separate paragraphs. */
  body: string;
  /** The language title and body are written in, when it is not the donor's (the update exists only in the other). */
  textLanguage?: Language;
  unsubscribeUrl: string;
  organisation: Organisation;
}

export interface MilestoneEmail {
  language: Language;
  campaignTitle: string;
  percent: number;
  raisedAmount: number;
  goalAmount: number;
  currency: string;
  unsubscribeUrl: string;
  organisation: Organisation;
}

/** Plain text as paragraphs: a blank line starts a new one, a single newline stays a line break. */
export function paragraphsOf(body: string): string[] {
  return body
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '');
}

function paragraphsHtml(paragraphs: string[]): string {
  return paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`).join('\n');
}

/** The link goes into an href, so anything but http(s) (javascript:, data:) is refused. */
function checkedUnsubscribeUrl(url: string): string {
  if (!/^https?:\/\//i.test(url)) throw new Error(`unsubscribeUrl must be an http(s) URL, got "${url}"`);
  return url;
}

const UNSUBSCRIBE_REASON: Record<Language, (campaignTitle: string) => string> = {
  en: (campaignTitle) => `You receive this email because you asked for news about ${campaignTitle}.`,
  ja: (campaignTitle) => `このメールは「${campaignTitle}」の最新情報の受け取りを希望された方にお送りしています。`,
};
const UNSUBSCRIBE_LABEL: Record<Language, string> = { en: 'Unsubscribe', ja: '配信停止' };

interface UpdateFrame {
  language: Language;
  campaignTitle: string;
  unsubscribeUrl: string;
  organisation: Organisation;
}

/** Every update and milestone email ends with why the donor got it and a way to stop. */
function unsubscribeFooter(frame: UpdateFrame): { html: string; text: string } {
  const url = checkedUnsubscribeUrl(frame.unsubscribeUrl);
  const reason = UNSUBSCRIBE_REASON[frame.language](frame.campaignTitle);
  const label = UNSUBSCRIBE_LABEL[frame.language];
  const html =
    `<p style="margin:0 0 12px;">${escapeHtml(reason)} ` +
    `<a href="${escapeHtml(url)}" style="color:#666;">${label}</a></p>` +
    organisationFooterHtml(frame.organisation, frame.language);
  const text = `${reason}\n${label}: ${url}\n\n${organisationFooterText(frame.organisation, frame.language)}`;
  return { html, text };
}

function renderCampaignEmail(frame: UpdateFrame, subject: string, heading: string, paragraphs: string[], textLanguage = frame.language): RenderedEmail {
  const footer = unsubscribeFooter(frame);
  // Screen readers and fonts need to know when the words are in the other language than the email around them.
  const lang = textLanguage === frame.language ? '' : ` lang="${textLanguage}"`;
  const content = [
    `<p style="margin:0;color:#666;font-size:13px;">${escapeHtml(frame.campaignTitle)}</p>`,
    `<div${lang}><h1 style="font-size:22px;margin:4px 0 16px;">${escapeHtml(heading)}</h1>`,
    `${paragraphsHtml(paragraphs)}</div>`,
  ].join('\n');
  const html = emailPage(frame.language, heading, content, footer.html);
  const text = [frame.campaignTitle, heading, ...paragraphs, `--\n${footer.text}`].join('\n\n');
  return { subject: oneLine(subject), html, text: `${text}\n` };
}

export function renderUpdateEmail(u: UpdateEmail): RenderedEmail {
  const subject = u.language === 'ja' ? `【${u.campaignTitle}】${u.title}` : `${u.campaignTitle}: ${u.title}`;
  return renderCampaignEmail(u, subject, u.title, paragraphsOf(u.body), u.textLanguage);
}

function milestoneCopy(m: MilestoneEmail): { subject: string; heading: string; paragraphs: string[] } {
  const raised = formatMoney(m.raisedAmount, m.currency, m.language);
  const goal = formatMoney(m.goalAmount, m.currency, m.language);
  const reached = m.percent >= 100;
  if (m.language === 'ja') {
    const heading = reached ? '目標を達成しました' : `目標の${m.percent}%に到達しました`;
    return {
      subject: `【${m.campaignTitle}】${heading}`,
      heading,
      paragraphs: [
        `皆さまのご支援により、「${m.campaignTitle}」には目標${goal}のうち${raised}が集まりました。`,
        reached ? '心より御礼申し上げます。引き続き支援活動の進捗をお知らせします。' : '温かいご支援に感謝いたします。引き続きよろしくお願いいたします。',
      ],
    };
  }
  const heading = reached ? 'We reached our goal' : `${m.percent}% of our goal reached`;
  return {
    subject: `${m.campaignTitle}: ${heading}`,
    heading,
    paragraphs: [
      `Thanks to donors like you, ${m.campaignTitle} has raised ${raised} of its ${goal} goal.`,
      reached ? 'Thank you. We will keep you posted on how the money is put to work.' : 'Thank you for your support. Every gift brings the relief effort closer to its goal.',
    ],
  };
}

export function renderMilestoneEmail(m: MilestoneEmail): RenderedEmail {
  const copy = milestoneCopy(m);
  return renderCampaignEmail(m, copy.subject, copy.heading, copy.paragraphs);
}
