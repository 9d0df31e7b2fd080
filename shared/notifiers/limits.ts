/**
 * Target limits, enforced before sending: a long field is cut and ends with a marker, so the
 * target never rejects (or silently splits) a message because of its size.
 * Lengths are counted in UTF-16 code units, which is never fewer than the characters the
 * targets count, so a cut text is always within their limit.
 */

export const TRUNCATION_MARKER = '… (truncated)';

/** Cut `text` to at most `max` code units, ending with the marker, never splitting a surrogate pair. */
export function truncate(text: string, max: number, marker = TRUNCATION_MARKER): string {
  if (text.length <= max) return text;
  if (max <= marker.length) return marker.slice(0, Math.max(0, max));
  let end = max - marker.length;
  if (isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return text.slice(0, end) + marker;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** Counted without encoding (a lone surrogate counts 3 bytes, as the U+FFFD it is sent as). */
export const utf8Length = (text: string): number => Buffer.byteLength(text, 'utf8');

/** Cut `text` so its UTF-8 encoding is at most `maxBytes`, ending with the marker. */
export function truncateUtf8(text: string, maxBytes: number, marker = TRUNCATION_MARKER): string {
  if (utf8Length(text) <= maxBytes) return text;
  const budget = maxBytes - utf8Length(marker);
  if (budget <= 0) return '';
  let out = '';
  let used = 0;
  for (const char of text) {
    const size = utf8Length(char);
    if (used + size > budget) break;
    out += char;
    used += size;
  }
  return out + marker;
}

/** Documented limits of each target (see README, "Notifier types"). */
export const limits = {
  slack: {
    blocks: 50,
    sectionText: 3000,
    sectionFields: 10,
    fieldText: 2000,
    headerText: 150,
    contextElements: 10,
    actionElements: 25,
    buttonText: 75,
    buttonValue: 2000,
    url: 3000,
    optionText: 75,
    optionValue: 150,
    blockId: 255,
    /** `text` beside blocks is the notification fallback: Slack recommends at most 4,000 */
    fallbackText: 4000,
    /** Slack truncates a message's `text` above 40,000 characters */
    text: 40_000,
  },
  /** Teams Workflows: ~28 KB per message; some clients fail from ~21 KB, so stay under 20 KB */
  teams: { payloadBytes: 20_000 },
  /** Mattermost splits a post above 16,383 characters into several posts */
  mattermost: { text: 16_383 },
  pagerduty: { summary: 1024, dedupKey: 255, detailText: 8000 },
  signl4: { message: 8000, title: 256 },
  email: { subject: 255 },
} as const;
