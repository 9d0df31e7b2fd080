/**
 * Checking a caller's credentials against an `InboundAuth` config (TheHive's webhook, a
 * function's source). Secrets are compared in constant time: both sides are hashed first so
 * timingSafeEqual gets equal lengths and the length of the secret does not leak either.
 *
 * How TheHive sends them: v4 `auth: {type: bearer, key}` → `Authorization: Bearer <key>`;
 * v4 `{type: basic}` → `Authorization: Basic …`; v4 `{type: key, key}` → `Authorization: <key>`
 * as is (configure `type: header, name: authorization`); v5 picks one in the endpoint drawer
 * or adds a custom header.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { InboundAuth } from '../config/inbound-auth.js';
import type { SecretRef } from '../config/secret-ref.js';

export type AuthCheck =
  | { ok: true }
  /** 401: `challenge` goes in WWW-Authenticate */
  | { ok: false; status: 401; error: string; field: string; challenge: string };

const REALM = 'hive-relay';

export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** The secret references an auth config needs resolved before `checkInboundAuth`. */
export function authSecretRefs(auth: InboundAuth): SecretRef[] {
  switch (auth.type) {
    case 'bearer':
    case 'header':
      return [auth.token];
    case 'basic':
      return [auth.password];
    case 'none':
      return [];
  }
}

export function challengeFor(auth: InboundAuth): string {
  switch (auth.type) {
    case 'basic':
      return `Basic realm="${REALM}", charset="UTF-8"`;
    case 'header':
      return `ApiKey realm="${REALM}", header="${auth.name.toLowerCase()}"`;
    default:
      return `Bearer realm="${REALM}"`;
  }
}

/**
 * The request headers that pass `auth`, as a caller sends them (the CLI calling a function, the
 * local relay's sample request). None for `none`.
 * @param secret resolved value of a secret reference from `authSecretRefs`
 */
export function authHeaders(auth: InboundAuth, secret: (ref: SecretRef) => string): Record<string, string> {
  switch (auth.type) {
    case 'bearer':
      return { authorization: `Bearer ${secret(auth.token)}` };
    case 'basic':
      return { authorization: `Basic ${Buffer.from(`${auth.username}:${secret(auth.password)}`).toString('base64')}` };
    case 'header':
      return { [auth.name.toLowerCase()]: secret(auth.token) };
    case 'none':
      return {};
  }
}

/**
 * @param headers lower-cased request headers
 * @param secret resolved value of a secret reference from `authSecretRefs`
 */
export function checkInboundAuth(
  auth: InboundAuth,
  headers: Record<string, string | undefined>,
  secret: (ref: SecretRef) => string,
): AuthCheck {
  const deny = (error: string, field: string): AuthCheck => ({ ok: false, status: 401, error, field, challenge: challengeFor(auth) });
  const authorization = headers.authorization?.trim();
  switch (auth.type) {
    case 'none':
      return { ok: true };
    case 'bearer': {
      if (!authorization) return deny('missing credentials: expected an Authorization: Bearer <token> header', 'headers.authorization');
      const match = /^Bearer\s+(.+)$/i.exec(authorization);
      if (!match) return deny('expected an Authorization: Bearer <token> header', 'headers.authorization');
      return sameSecret(match[1].trim(), secret(auth.token)) ? { ok: true } : deny('invalid credentials', 'headers.authorization');
    }
    case 'basic': {
      if (!authorization) return deny('missing credentials: expected an Authorization: Basic header', 'headers.authorization');
      const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(authorization);
      if (!match) return deny('expected an Authorization: Basic header', 'headers.authorization');
      const decoded = Buffer.from(match[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return deny('expected base64 of username:password', 'headers.authorization');
      // evaluate both comparisons, so a wrong user name takes as long as a wrong password
      const userOk = sameSecret(decoded.slice(0, colon), auth.username);
      const passwordOk = sameSecret(decoded.slice(colon + 1), secret(auth.password));
      return userOk && passwordOk ? { ok: true } : deny('invalid credentials', 'headers.authorization');
    }
    case 'header': {
      const name = auth.name.toLowerCase();
      const given = headers[name]?.trim();
      if (!given) return deny(`missing credentials: expected a ${name} header`, `headers.${name}`);
      return sameSecret(given, secret(auth.token)) ? { ok: true } : deny('invalid credentials', `headers.${name}`);
    }
  }
}

/**
 * Like checkInboundAuth, plus a `?token=` fallback for bearer and header auth: some callers
 * cannot send headers at all (TheHive 3's webhooks, Splunk's webhook alert action). The token
 * is compared in constant time like the header; API Gateway's access log (route key only)
 * never records the query string.
 */
export function checkInboundAuthOrQueryToken(
  auth: InboundAuth,
  headers: Record<string, string | undefined>,
  query: Record<string, string | undefined> | undefined,
  secret: (ref: SecretRef) => string,
): AuthCheck {
  const check = checkInboundAuth(auth, headers, secret);
  if (check.ok !== false) return check;
  const token = query?.token;
  if (token && (auth.type === 'bearer' || auth.type === 'header') && sameSecret(token, secret(auth.token))) return { ok: true };
  return check;
}

