/**
 * UTC times in messages and payloads, from epoch ms, as Date#toISOString writes them. That
 * method goes through V8's C++ runtime (about a microsecond, on nearly every message); reading
 * the UTC fields costs a fraction of it. Years before 0 or after 9999 (written differently)
 * are left to toISOString. A time no Date can hold is written as the raw value: toISOString
 * would throw (RangeError), and a message must never fail over its timestamp.
 */

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/** "2025-01-15", or undefined when toISOString must decide */
function utcDay(date: Date): string | undefined {
  const year = date.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) return undefined;
  return `${String(year).padStart(4, '0')}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`;
}

const isValid = (date: Date): boolean => !Number.isNaN(date.getTime());

/** `new Date(epochMs).toISOString()`: "2025-01-15T12:00:00.000Z" (the raw value for an invalid time). */
export function isoTime(epochMs: number): string {
  const date = new Date(epochMs);
  if (!isValid(date)) return String(epochMs);
  const day = utcDay(date);
  if (day === undefined) return date.toISOString();
  return `${day}T${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}.${String(date.getUTCMilliseconds()).padStart(3, '0')}Z`;
}

/** To the minute, for readers: "2025-01-15 12:00 UTC" (the raw value for an invalid time). */
export function utcMinute(epochMs: number): string {
  const date = new Date(epochMs);
  if (!isValid(date)) return String(epochMs);
  const day = utcDay(date);
  // extended years (+275760, -000005) are longer than four digits: cut the seconds, not a fixed width
  if (day === undefined) return `${date.toISOString().replace('T', ' ').replace(/:\d\d\.\d{3}Z$/, '')} UTC`;
  return `${day} ${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())} UTC`;
}
