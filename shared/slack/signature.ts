/**
 * Slack request signing (v0): `v0=` + hex HMAC-SHA256(signing secret, `v0:<timestamp>:<raw body>`).
 * Verification runs over the raw body exactly as received: re-serialising a parsed form would
 * change the bytes and break the signature.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack's replay window: requests more than 5 minutes old (or ahead) are refused. */
export const SLACK_SIGNATURE_TOLERANCE_SECONDS = 300;

export const slackSignatureHeaders = {
  signature: 'x-slack-signature',
  timestamp: 'x-slack-request-timestamp',
} as const;

export function signSlackRequest(signingSecret: string, timestamp: string | number, rawBody: string): string {
  const digest = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`, 'utf8').digest('hex');
  return `v0=${digest}`;
}

export type SignatureProblem = 'missing_signature' | 'missing_timestamp' | 'invalid_timestamp' | 'stale_timestamp' | 'future_timestamp' | 'bad_signature';

export type SignatureCheck = { ok: true } | { ok: false; problem: SignatureProblem; message: string };

export interface SignatureInput {
  signingSecret: string;
  /** X-Slack-Signature */
  signature: string | undefined;
  /** X-Slack-Request-Timestamp (Unix seconds) */
  timestamp: string | undefined;
  rawBody: string;
  /** epoch ms */
  now: number;
  toleranceSeconds?: number;
}

const fail = (problem: SignatureProblem, message: string): SignatureCheck => ({ ok: false, problem, message });

export function verifySlackSignature(input: SignatureInput): SignatureCheck {
  const tolerance = input.toleranceSeconds ?? SLACK_SIGNATURE_TOLERANCE_SECONDS;
  if (!input.signature) return fail('missing_signature', 'missing X-Slack-Signature header');
  if (!input.timestamp) return fail('missing_timestamp', 'missing X-Slack-Request-Timestamp header');
  if (!/^\d{1,12}$/.test(input.timestamp)) return fail('invalid_timestamp', 'X-Slack-Request-Timestamp: expected Unix seconds');
  const age = Math.floor(input.now / 1000) - Number(input.timestamp);
  if (age > tolerance) return fail('stale_timestamp', `X-Slack-Request-Timestamp: older than ${tolerance} seconds`);
  if (-age > tolerance) return fail('future_timestamp', `X-Slack-Request-Timestamp: more than ${tolerance} seconds in the future`);
  const expected = Buffer.from(signSlackRequest(input.signingSecret, input.timestamp, input.rawBody), 'utf8');
  const given = Buffer.from(input.signature, 'utf8');
  // timingSafeEqual needs equal lengths; a length mismatch reveals nothing about the secret.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return fail('bad_signature', 'X-Slack-Signature: does not match the request');
  }
  return { ok: true };
}
