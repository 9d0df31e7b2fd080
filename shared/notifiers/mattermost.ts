/**
 * `mattermost`: an incoming webhook (`https://<server>/hooks/<key>`: the key is the credential,
 * give the URL as a secret). Default: a one-line Markdown text and a Slack-style attachment
 * (colour by severity, title linked to TheHive, fields, description). Optional username,
 * icon, channel and message priority. Mattermost splits a text above 16,383 characters into
 * several posts: texts are cut before that, so one event stays one post.
 */
import type { NotifierType } from './types.js';
import type { MattermostNotifierConfig } from './schemas/mattermost.js';
import { templateVariables, type TemplateVariables } from '../templates/render.js';
import { summariseWithRoot } from './defaults/summary.js';
import { renderUserTemplate } from './user-template.js';
import { isRecord } from '../json.js';
import { limits, truncate } from './limits.js';
import { statusOutcome } from './answer.js';
import { urlValue } from './values.js';
import { utcMinute } from './utc-time.js';

/** Long descriptions stay readable in a chat post; the limit is far above what is useful. */
const ATTACHMENT_TEXT_CHARS = 4000;

function defaultPayload(variables: TemplateVariables): Record<string, unknown> {
  const { event, root } = summariseWithRoot(variables.event, { link: variables.url });
  const changes = event.changes.length ? ` (${event.changes.map((c) => `${c.label} → ${c.value}`).join(', ')})` : '';
  const fields = event.facts.map((fact) => ({ short: true, title: fact.label, value: fact.value }));
  if (event.tags.length) fields.push({ short: false, title: 'Tags', value: event.tags.map((tag) => `\`${tag}\``).join(' ') });
  if (root && root.objectType !== event.objectType) fields.push({ short: false, title: root.objectType, value: root.label });
  const by = [event.actor ? `by ${event.actor}` : undefined, utcMinute(event.at)].filter(Boolean).join(' · ');
  return {
    text: `**${event.headline}**${changes}`,
    attachments: [
      {
        fallback: `${event.headline}: ${event.title}`,
        color: event.colour,
        title: event.label,
        ...(event.link ? { title_link: event.link } : {}),
        ...(event.text ? { text: truncate(event.text, ATTACHMENT_TEXT_CHARS) } : {}),
        fields,
        footer: `TheHive · ${by}`,
      },
    ],
  };
}

/** Cut every text Mattermost counts so that one event stays one post. */
function fitMattermost(payload: Record<string, unknown>): Record<string, unknown> {
  const max = limits.mattermost.text;
  const out = { ...payload };
  if (typeof out.text === 'string') out.text = truncate(out.text, max);
  if (Array.isArray(out.attachments)) {
    out.attachments = out.attachments.map((a) => {
      if (!isRecord(a)) return a;
      const fitted: Record<string, unknown> = { ...a };
      for (const key of ['text', 'pretext', 'fallback', 'title']) if (typeof fitted[key] === 'string') fitted[key] = truncate(fitted[key] as string, max);
      if (Array.isArray(fitted.fields)) fitted.fields = fitted.fields.map((f) => (isRecord(f) && typeof f.value === 'string' ? { ...f, value: truncate(f.value, max) } : f));
      return fitted;
    });
  }
  return out;
}

export const mattermostNotifier: NotifierType<MattermostNotifierConfig> = {
  type: 'mattermost',
  render(event, config, ctx) {
    const variables = templateVariables(event, { thehiveUrl: ctx.thehiveUrl });
    let payload: Record<string, unknown>;
    if (config.template) {
      const rendered = renderUserTemplate(config.template, variables);
      payload = rendered.kind === 'text' ? { text: rendered.text } : isRecord(rendered.value) ? rendered.value : { attachments: rendered.value };
    } else {
      payload = defaultPayload(variables);
    }
    const body: Record<string, unknown> = {
      ...(config.channel ? { channel: config.channel } : {}),
      ...(config.username ? { username: config.username } : {}),
      ...(config.iconUrl ? { icon_url: config.iconUrl } : {}),
      ...(config.iconEmoji ? { icon_emoji: config.iconEmoji } : {}),
      ...(config.priority ? { priority: { priority: config.priority, ...(config.requestedAck !== undefined ? { requested_ack: config.requestedAck } : {}) } } : {}),
      ...payload,
    };
    return [
      {
        key: 'post',
        method: 'POST',
        url: urlValue(config.url, ctx, 'url'),
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(fitMattermost(body)),
        timeoutMs: config.timeoutSeconds * 1000,
      },
    ];
  },
  outcome: (response, request) => statusOutcome('Mattermost', response, request),
};
