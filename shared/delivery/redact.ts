/**
 * Removing resolved secret values from text that gets stored or logged (DLQ reasons, log
 * lines). Redact before truncating, so a cut can never leave part of a secret behind.
 */
export const REDACTED = '[redacted]';

export function makeRedactor(secretValues: Iterable<string>): (text: string) => string {
  const forms = new Set<string>();
  for (const value of secretValues) {
    if (!value) continue;
    forms.add(value);
    forms.add(encodeURIComponent(value));
    forms.add(Buffer.from(value).toString('base64'));
  }
  // longest first, so a secret that contains another is removed whole
  const ordered = [...forms].filter(Boolean).sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const form of ordered) out = out.split(form).join(REDACTED);
    return out;
  };
}

export function truncateText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
