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
    for (const part of urlSecretParts(value)) forms.add(part);
  }
  // longest first, so a secret that contains another is removed whole
  const ordered = [...forms].filter(Boolean).sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const form of ordered) out = out.split(form).join(REDACTED);
    return out;
  };
}

/**
 * A secret URL's path and query values, alone: a target may echo them without the host
 * (`no route for /services/T0/B0/xyz`). Parts shorter than 8 characters are too common to
 * redact and too short to be the secret.
 */
function urlSecretParts(value: string): string[] {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return [];
  }
  const parts = [url.pathname, url.pathname.replace(/\/+$/, ''), ...url.searchParams.values()];
  return parts.flatMap((part) => [part, encodeURIComponent(part)]).filter((part) => part.length >= 8);
}

export function truncateText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
