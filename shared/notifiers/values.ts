/** Reading config values that may be secret references. */
import { isSecretRef } from '../config/find-secret-refs.js';
import type { ValueOrSecret } from '../config/secret-ref.js';
import type { RenderContext } from './types.js';

/** The plain value of a field given inline or as `{ secret: NAME }`. */
export const plainValue = (value: ValueOrSecret<string>, ctx: RenderContext): string =>
  isSecretRef(value) ? ctx.secret(value) : value;

// URLs already found valid: a notifier renders with the same few URLs (config, secrets) again and again
const validUrls = new Set<string>();
const VALID_URLS_LIMIT = 100;

/**
 * A URL from config or from a secret. A secret that does not hold an http(s) URL is a config
 * error; the message names the field, never the value.
 */
export function urlValue(value: ValueOrSecret<string>, ctx: RenderContext, field: string): string {
  const text = plainValue(value, ctx).trim();
  if (validUrls.has(text)) return text;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`${field}: ${isSecretRef(value) ? `secret ${value.secret} does not hold a URL` : 'expected a URL'}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${field}: expected an http(s) URL`);
  if (validUrls.size >= VALID_URLS_LIMIT) validUrls.clear();
  validUrls.add(text);
  return text;
}

/** `base` + `/path`, whatever slashes the configured base ends with. */
export const joinUrl = (base: string, path: string): string => `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
