/** Narrowing parsed JSON (event payloads, templates' output, queue messages, translator input). */

/** A JSON object: not null, not an array. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
