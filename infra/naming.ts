/** Identifiers derived from config names (names are `[a-z0-9-]`, so they need no escaping). */
import { createHash } from 'node:crypto';

/** `soc-webhook` → `SocWebhook`: for CloudFormation output ids, which must be alphanumeric. */
export function pascalName(name: string): string {
  return name
    .split('-')
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

/**
 * Output-id suffixes for a list of names, unique even when two names collapse to the same
 * PascalCase (`a-1` and `a1`): colliding ones get a short hash of the real name.
 */
export function uniqueIdSuffixes(names: readonly string[]): Map<string, string> {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(pascalName(name), (counts.get(pascalName(name)) ?? 0) + 1);
  const out = new Map<string, string>();
  for (const name of names) {
    const base = pascalName(name);
    out.set(name, counts.get(base)! > 1 ? `${base}${createHash('sha256').update(name).digest('hex').slice(0, 6)}` : base);
  }
  return out;
}
