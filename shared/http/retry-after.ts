/**
 * `Retry-After` is either delay-seconds or an HTTP-date. A date is read against the
 * response's own `Date` header (the server's clock), which keeps outcome mapping pure.
 */
export function parseRetryAfter(headers: Record<string, string>): number | undefined {
  const value = headers['retry-after']?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  const serverNow = headers.date ? Date.parse(headers.date) : Number.NaN;
  if (Number.isNaN(serverNow)) return undefined;
  return Math.max(0, Math.ceil((at - serverNow) / 1000));
}
