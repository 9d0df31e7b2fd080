/**
 * UTC times in messages and payloads, from epoch ms, as Date#toISOString writes them. That
 * method goes through V8's C++ runtime (about a microsecond, on nearly every message); reading
 * the UTC fields costs a fraction of it. Years before 0 or after 9999 (written differently)
 * and invalid dates (RangeError) are left to toISOString.
 */

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/** "2025-01-15", or undefined when toISOString must decide */
function utcDay(date: Date): string | undefined {
  const year = date.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) return undefined;
  return `${String(year).padStart(4, '0')}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`;
}

/** `new Date(epochMs).toISOString()`: "2025-01-15T12:00:00.000Z". */
export function isoTime(epochMs: number): string {
  const date = new Date(epochMs);
  const day = utcDay(date);
  if (day === undefined) return date.toISOString();
  return `${day}T${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}.${String(date.getUTCMilliseconds()).padStart(3, '0')}Z`;
}

/** To the minute, for readers: "2025-01-15 12:00 UTC". */
export function utcMinute(epochMs: number): string {
  const date = new Date(epochMs);
  const day = utcDay(date);
  if (day === undefined) return `${date.toISOString().replace('T', ' ').slice(0, 16)} UTC`;
  return `${day} ${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())} UTC`;
}
