/**
 * `webhook`: POST the rendered template (or the normalised event as JSON) to a URL, with
 * optional headers and an optional Standard Webhooks HMAC signature.
 *
 * Signature (https://www.standardwebhooks.com/): `webhook-id` is stable for one event and
 * notifier (receivers dedupe on it across retries), `webhook-timestamp` is the attempt's time
 * in seconds, `webhook-signature` is `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`. A
 * `whsec_` secret is base64 key bytes; any other secret is used as raw bytes.
 *
 * Outcome: 2xx delivered; 408, 425, 429 and 5xx retried (after Retry-After when given);
 * anything else (other 4xx, a redirect the client would not follow) is permanent.
 */
import { createHash, createHmac } from 'node:crypto';
import type { NotifierType } from './types.js';
import type { WebhookNotifierConfig } from './schemas/webhook.js';
import { templateVariables } from '../templates/render.js';
import { answered, isRetryableStatus, retryAfterSeconds } from './answer.js';
import { plainValue, urlValue } from './values.js';
import { isJsonContentType, renderBody } from './body.js';

/** Stable across retries and redrives of one event to one notifier. */
export function webhookId(notifier: string, eventKey: string): string {
  return `msg_${createHash('sha256').update(`${notifier}\n${eventKey}`).digest('base64url').slice(0, 32)}`;
}

/**
 * A `whsec_…` secret is the base64 key Standard Webhooks defines; any other string is used as
 * its UTF-8 bytes (receivers then verify with their library's raw-key option).
 */
export function signingKey(secret: string): Buffer {
  return secret.startsWith('whsec_') ? Buffer.from(secret.slice('whsec_'.length), 'base64') : Buffer.from(secret, 'utf8');
}

// A notifier signs every event with the same secret or two: each is decoded once.
const keys = new Map<string, Buffer>();

function cachedSigningKey(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = signingKey(secret);
    if (keys.size >= 100) keys.clear();
    keys.set(secret, key);
  }
  return key;
}

export function webhookSignature(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', cachedSigningKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export const webhookNotifier: NotifierType<WebhookNotifierConfig> = {
  type: 'webhook',
  render(event, config, ctx) {
    const url = urlValue(config.url, ctx, 'url');
    const body =
      config.template === undefined
        ? JSON.stringify(event)
        : renderBody(config.template, templateVariables(event, { thehiveUrl: ctx.thehiveUrl }), {
            // no HTML escaping here, whatever the type: only JSON bodies are escaped
            escape: isJsonContentType(config.contentType) ? 'json' : 'none',
            field: 'template',
            hint: `; contentType is ${config.contentType}`,
          });
    const headers: Record<string, string> = { 'content-type': config.contentType };
    for (const [name, value] of Object.entries(config.headers ?? {})) headers[name.toLowerCase()] = plainValue(value, ctx);
    if (config.signingSecret) {
      const id = webhookId(config.name, ctx.eventKey ?? createHash('sha256').update(JSON.stringify(event)).digest('hex'));
      const timestamp = Math.floor(ctx.now / 1000);
      headers['webhook-id'] = id;
      headers['webhook-timestamp'] = String(timestamp);
      headers['webhook-signature'] = webhookSignature(ctx.secret(config.signingSecret), id, timestamp, body);
    }
    return [{ key: 'post', method: 'POST', url, headers, body, timeoutMs: config.timeoutSeconds * 1000 }];
  },
  outcome(response, request) {
    const { status } = response;
    if (status >= 200 && status < 300) return { kind: 'delivered' };
    const reason = answered('webhook', response, request);
    if (isRetryableStatus(status)) {
      const afterSeconds = retryAfterSeconds(response.headers);
      return afterSeconds === undefined ? { kind: 'retry', reason } : { kind: 'retry', reason, afterSeconds };
    }
    if (status >= 300 && status < 400) {
      return { kind: 'permanent', reason: `${reason} (redirect to ${redirectOrigin(response.headers.location, request.url)} not followed: point url at the final address)` };
    }
    return { kind: 'permanent', reason };
  },
};

/**
 * Where a redirect points, origin only: a Location may repeat the secret path of the URL in
 * another spelling (relative, with a port, a trailing slash) that no redaction would catch.
 */
function redirectOrigin(location: string | undefined, base: string): string {
  if (!location) return 'nowhere';
  try {
    return `${new URL(location, base).origin}/… (path withheld)`;
  } catch {
    return 'an invalid address';
  }
}
