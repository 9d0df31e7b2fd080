/**
 * Turning a target's HTTP answer into an Outcome, the same way for every type:
 * 2xx delivered; 429 (honouring Retry-After), 408, 425 and 5xx retried; other 4xx permanent.
 * Reasons quote the target's answer (truncated), never the request's URL or credentials:
 * anything secret-looking from the request is redacted from the quoted answer too, in case
 * the target echoes it.
 */
import type { HttpResponse } from '../ports.js';
import type { OutboundRequest, Outcome } from './types.js';
import { truncate } from './limits.js';

const MAX_ANSWER = 300;
const REDACTED = '[redacted]';

/** Seconds the target asked us to wait: `Retry-After` as seconds or an HTTP date (relative to its `Date`). */
export function retryAfterSeconds(headers: Record<string, string>): number | undefined {
  const raw = headers['retry-after']?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Math.ceil(Number(raw));
  const until = Date.parse(raw);
  const now = headers.date ? Date.parse(headers.date) : NaN;
  if (Number.isNaN(until) || Number.isNaN(now)) return undefined;
  return Math.max(0, Math.ceil((until - now) / 1000));
}

/** Values in a request that may be credentials: the URL and its parts, auth headers, key-like body fields. */
function secretsOf(request: OutboundRequest): string[] {
  const found: string[] = [];
  const add = (value: unknown) => {
    if (typeof value === 'string' && value.length >= 6) found.push(value);
  };
  add(request.url);
  try {
    const url = new URL(request.url);
    add(url.pathname);
    // path tokens (hook keys, team secrets), not words such as "services" or "webhook"
    for (const segment of url.pathname.split('/')) if (/\d/.test(segment) || segment.length >= 16) add(segment);
    for (const value of url.searchParams.values()) add(value);
    add(url.password);
  } catch {
    // pseudo-URLs (email:) carry nothing
  }
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (/^(authorization|x-api-key|api-key|x-s4-api-key)$|token|secret|key/i.test(name)) {
      add(value);
      for (const part of value.split(/\s+/)) add(part);
    }
  }
  const keyLike = request.body?.match(/"(routing_key|token|api_key|apiKey|secret)"\s*:\s*"([^"]+)"/g) ?? [];
  for (const pair of keyLike) add(pair.replace(/^.*:\s*"|"$/g, ''));
  // longest first, so a part never leaves the rest of a longer secret visible
  return [...new Set(found)].sort((a, b) => b.length - a.length);
}

/** The target's answer, safe to store in a DLQ reason: one line, truncated, credentials redacted. */
export function targetAnswer(response: HttpResponse, request: OutboundRequest, max = MAX_ANSWER): string {
  let text = response.body.replace(/\s+/g, ' ').trim();
  for (const secret of secretsOf(request)) text = text.split(secret).join(REDACTED);
  return truncate(text, max, '…');
}

/** "Slack answered 404: channel_not_found" */
export function answered(target: string, response: HttpResponse, request: OutboundRequest): string {
  const answer = targetAnswer(response, request);
  return answer ? `${target} answered ${response.status}: ${answer}` : `${target} answered ${response.status}`;
}

export const isRetryableStatus = (status: number): boolean =>
  status === 408 || status === 425 || status === 429 || status >= 500;

/** The usual HTTP mapping; types with their own success rules check those first. */
export function statusOutcome(target: string, response: HttpResponse, request: OutboundRequest): Outcome {
  const { status } = response;
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  const reason = answered(target, response, request);
  if (status === 429) {
    const afterSeconds = retryAfterSeconds(response.headers);
    return afterSeconds === undefined ? { kind: 'retry', reason } : { kind: 'retry', reason, afterSeconds };
  }
  if (isRetryableStatus(status)) return { kind: 'retry', reason };
  return { kind: 'permanent', reason };
}

/** Parse a JSON answer; undefined when it is not JSON. */
export function jsonAnswer(response: HttpResponse): unknown {
  try {
    return JSON.parse(response.body);
  } catch {
    return undefined;
  }
}
