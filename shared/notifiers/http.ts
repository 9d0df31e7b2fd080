/**
 * `http`: TheHive's "HTTP Request" notifier, for any third-party API. Method, URL, headers and
 * body are Handlebars templates over the same variables as every template (`object`, `audit`,
 * `case`, `url`…):
 *   - the URL's variables are URI-encoded (`{{object.title}}` is safe in a path or query);
 *     `raw.*` holds the same variables unencoded, for a piece that is already a URL;
 *   - the body is escaped for its content type: JSON-string escaping for JSON (and the result
 *     must parse), HTML escaping for XML/HTML, none for anything else;
 *   - header values are plain text, or secrets (`{ secret: NAME }`, sent as they are).
 * Without a body template, POST/PUT/PATCH send the normalised event as JSON.
 */
import { isSecretRef } from '../config/find-secret-refs.js';
import type { NotifierType } from './types.js';
import type { HttpNotifierConfig } from './schemas/http.js';
import { renderTemplate, templateVariables, TemplateError, type EscapeMode, type TemplateVariables } from '../templates/render.js';
import { isPlainText } from '../templates/precompiled.js';
import { statusOutcome } from './answer.js';
import { plainValue } from './values.js';
import { isJsonContentType, renderBody } from './body.js';

type Json = Record<string, unknown>;

/** Every string in the variables URI-encoded (numbers and booleans need none). */
function uriEncoded(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return encodeURIComponent(value);
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => uriEncoded(item, depth + 1));
  return Object.fromEntries(Object.entries(value as Json).map(([key, item]) => [key, uriEncoded(item, depth + 1)]));
}

/** The URL template rendered over URI-encoded variables (`raw.*` unencoded). */
function renderUrl(source: string, variables: TemplateVariables): string {
  // a URL without a mustache renders as itself: encoding the whole variable tree would be wasted
  if (isPlainText(source)) return source.trim();
  return renderTemplate(source, { ...(uriEncoded(variables) as Json), raw: variables }, { escape: 'none' }).trim();
}

export function bodyEscape(contentType: string): EscapeMode {
  if (isJsonContentType(contentType)) return 'json';
  if (/[/+](xml|html)\b/i.test(contentType)) return 'html';
  return 'none';
}

const hasHeader = (headers: Record<string, string>, name: string) => Object.keys(headers).some((key) => key.toLowerCase() === name);

export const httpNotifier: NotifierType<HttpNotifierConfig> = {
  type: 'http',
  render(event, config, ctx) {
    const variables = templateVariables(event, { thehiveUrl: ctx.thehiveUrl });
    const url = isSecretRef(config.url) ? ctx.secret(config.url) : renderUrl(config.url, variables);
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('protocol');
    } catch {
      throw new TemplateError(isSecretRef(config.url) ? `url: secret ${config.url.secret} does not hold an http(s) URL` : 'url: the rendered URL is not an http(s) URL');
    }

    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(config.headers ?? {})) {
      // a header value is one line: a newline from the data must not start another header
      headers[name] = isSecretRef(value) ? plainValue(value, ctx) : renderTemplate(value, variables, { escape: 'none' }).replace(/[\r\n]+/g, ' ').trim();
    }

    const source = config.body ?? config.template;
    let body: string | undefined;
    if (source !== undefined) {
      body = renderBody(source, variables, { escape: bodyEscape(config.contentType), field: 'body' });
    } else if (config.method !== 'GET' && config.method !== 'DELETE') {
      body = JSON.stringify(event);
    }
    if (body !== undefined && !hasHeader(headers, 'content-type')) headers['content-type'] = config.contentType;

    return [{ key: 'request', method: config.method, url, headers, ...(body !== undefined ? { body } : {}), timeoutMs: config.timeoutSeconds * 1000 }];
  },
  outcome: (response, request) => statusOutcome('Target', response, request),
};
