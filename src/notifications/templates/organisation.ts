import type { Language } from '../../common/money-format.js';

/**
 * The organisation that sends every email, and the pieces every email template shares: HTML
 * escaping, the page frame and the footer that names the organisation.
 */
export interface Organisation {
  name: string;
  address: string;
  email: string;
  registration?: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]);
}

/** Header values must stay on one line whatever a coordinator typed into a title. */
export function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

const REGISTRATION_LABEL: Record<Language, string> = { en: 'Registration no.', ja: '登録番号' };

export function organisationFooterText(organisation: Organisation, language: Language): string {
  const lines = [organisation.name, ...organisation.address.split(/\r?\n/), organisation.email];
  if (organisation.registration) lines.push(`${REGISTRATION_LABEL[language]} ${organisation.registration}`);
  return lines.join('\n');
}

export function organisationFooterHtml(organisation: Organisation, language: Language): string {
  return escapeHtml(organisationFooterText(organisation, language)).replace(/\n/g, '<br>');
}

/** A complete, self-contained HTML document: inline styles only, no external assets. */
export function emailPage(language: Language, title: string, content: string, footer: string): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="${language}">`,
    `<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>`,
    '<body style="margin:0;padding:24px;background:#f4f4f4;font-family:Helvetica,Arial,sans-serif;color:#222;">',
    '<div style="max-width:600px;margin:0 auto;background:#ffffff;padding:32px;border-radius:6px;line-height:1.6;">',
    content,
    `<div style="margin-top:32px;padding-top:16px;border-top:1px solid #ddd;font-size:12px;color:#666;">${footer}</div>`,
    '</div>',
    '</body>',
    '</html>',
  ].join('\n');
}

/** Label/value rows; values are escaped here, so callers pass plain text. */
export function detailsTable(rows: [label: string, value: string][]): string {
  const cells = rows.map(
    ([label, value]) =>
      `<tr><th style="text-align:left;padding:4px 16px 4px 0;color:#555;font-weight:normal;">${escapeHtml(label)}</th>` +
      `<td style="padding:4px 0;">${escapeHtml(value)}</td></tr>`,
  );
  return `<table style="border-collapse:collapse;margin:16px 0;">${cells.join('')}</table>`;
}

export function detailsText(rows: [label: string, value: string][]): string {
  return rows.map(([label, value]) => `${label}: ${value}`).join('\n');
}
