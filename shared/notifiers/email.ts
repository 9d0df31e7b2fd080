/**
 * `email`: one message per event, with HTML and text bodies, sent through the EmailSender port
 * (SES v2 SendEmail on AWS; locally, files in a folder). The rendered request carries the
 * EmailMessage as JSON (`transport: 'email'`). `subject` is a template (plain text); a user
 * `template` is the body, rendered with HTML escaping for both parts: the HTML part as it is,
 * the text part with the template's tags then removed and entities decoded (event text is
 * escaped, so a title such as `Mail from <a@b.c>` is not taken for a tag and survives).
 */
import Handlebars from 'handlebars/runtime';
import type { EmailMessage } from '../ports.js';
import type { NotifierType } from './types.js';
import type { EmailNotifierConfig } from './schemas/email.js';
import { renderTemplate, templateVariables, type TemplateVariables } from '../templates/render.js';
import { summariseWithRoot, type MessageSummary } from './defaults/summary.js';
import { limits, truncate } from './limits.js';
import { statusOutcome } from './answer.js';
import { utcMinute } from './utc-time.js';

// the escaper templates use (escapes & < > " ' ` =); the runtime is already bundled for them
const escapeHtml = (text: string): string => Handlebars.Utils.escapeExpression(text);

const NAMED_ENTITIES = new Map([['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"], ['nbsp', ' ']]);

/** One pass, so an escaped entity (`&amp;lt;`) decodes to its text (`&lt;`), not further. */
function decodeEntities(text: string): string {
  return text.replace(/&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([a-zA-Z]+));/g, (entity, hex?: string, dec?: string, name?: string) => {
    if (name !== undefined) return NAMED_ENTITIES.get(name) ?? entity;
    const code = hex !== undefined ? parseInt(hex, 16) : Number(dec);
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : entity;
  });
}

/**
 * Text part of an HTML-escaped user template: the template's tags dropped, then entities
 * decoded (Handlebars' `&#x27; &#x60; &#x3D;` and any numeric one, the usual named few).
 */
export function htmlToText(html: string): string {
  const stripped = html
    .replace(/<(br|\/p|\/div|\/tr|\/h[1-6]|\/li)\s*\/?>/gi, '\n')
    .replace(/<[^>]+>/g, '');
  return decodeEntities(stripped)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function defaultHtml(event: MessageSummary, root: MessageSummary | undefined): string {
  const rows = [...event.facts.map((f) => [f.label, f.value]), ...(event.tags.length ? [['Tags', event.tags.join(', ')]] : [])];
  if (root && root.objectType !== event.objectType) rows.push([root.objectType, root.label]);
  const cell = 'padding:4px 12px 4px 0;vertical-align:top';
  const title = event.link ? `<a href="${escapeHtml(event.link)}" style="color:#1a5fb4">${escapeHtml(event.label)}</a>` : escapeHtml(event.label);
  return [
    '<!DOCTYPE html><html><body style="font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:14px;color:#222">',
    `<div style="border-left:6px solid ${event.colour};padding:8px 16px">`,
    `<p style="margin:0;color:#666;font-size:12px;text-transform:uppercase">${escapeHtml(event.headline)}</p>`,
    `<h2 style="margin:4px 0 12px 0;font-size:20px">${title}</h2>`,
    event.changes.length ? `<p>Changed: ${event.changes.map((c) => `${escapeHtml(c.label)} → <b>${escapeHtml(c.value)}</b>`).join(', ')}</p>` : '',
    rows.length ? `<table style="border-collapse:collapse">${rows.map(([k, v]) => `<tr><td style="${cell};color:#666">${escapeHtml(k)}</td><td style="${cell}"><b>${escapeHtml(v)}</b></td></tr>`).join('')}</table>` : '',
    event.text ? `<div style="margin-top:12px;white-space:pre-wrap">${escapeHtml(event.text)}</div>` : '',
    `<p style="margin-top:16px;color:#888;font-size:12px">${escapeHtml([event.actor ? `by ${event.actor}` : '', utcMinute(event.at)].filter(Boolean).join(' · '))}${event.link ? ` · <a href="${escapeHtml(event.link)}">Open in TheHive</a>` : ''}</p>`,
    '</div></body></html>',
  ].join('');
}

function defaultText(event: MessageSummary, root: MessageSummary | undefined): string {
  const lines = [event.headline, event.label, ''];
  for (const fact of event.facts) lines.push(`${fact.label}: ${fact.value}`);
  if (event.tags.length) lines.push(`Tags: ${event.tags.join(', ')}`);
  if (root && root.objectType !== event.objectType) lines.push(`${root.objectType}: ${root.label}`);
  if (event.changes.length) lines.push(`Changed: ${event.changes.map((c) => `${c.label} → ${c.value}`).join(', ')}`);
  if (event.text) lines.push('', event.text);
  lines.push('', [event.actor ? `by ${event.actor}` : '', utcMinute(event.at)].filter(Boolean).join(' · '));
  if (event.link) lines.push(event.link);
  return lines.join('\n');
}

function subjectOf(config: EmailNotifierConfig, variables: TemplateVariables, event: MessageSummary): string {
  const raw = config.subject ? renderTemplate(config.subject, variables, { escape: 'none' }) : `[TheHive] ${event.headline}: ${event.title}`;
  // a header: one line
  return truncate(raw.replace(/[\r\n]+/g, ' ').trim(), limits.email.subject);
}

function bodies(config: EmailNotifierConfig, variables: TemplateVariables, summary: MessageSummary, root: MessageSummary | undefined): { html: string; text: string } {
  if (!config.template) return { html: defaultHtml(summary, root), text: defaultText(summary, root) };
  // rendered once, escaped: unescaped event text in the text part would be stripped as tags
  const html = renderTemplate(config.template, variables, { escape: 'html' });
  return { html, text: htmlToText(html) };
}

export const emailNotifier: NotifierType<EmailNotifierConfig> = {
  type: 'email',
  render(event, config, ctx) {
    const variables = templateVariables(event, { thehiveUrl: ctx.thehiveUrl });
    const { event: summary, root } = summariseWithRoot(event, { link: variables.url });
    const message: EmailMessage = {
      from: config.from,
      to: config.to,
      ...(config.cc?.length ? { cc: config.cc } : {}),
      ...(config.bcc?.length ? { bcc: config.bcc } : {}),
      ...(config.replyTo?.length ? { replyTo: config.replyTo } : {}),
      subject: subjectOf(config, variables, summary),
      ...bodies(config, variables, summary, root),
    };
    return [{ key: 'email', transport: 'email', method: 'POST', url: 'email:', body: JSON.stringify(message), timeoutMs: config.timeoutSeconds * 1000 }];
  },
  outcome: (response, request) => statusOutcome('Email service', response, request),
};
