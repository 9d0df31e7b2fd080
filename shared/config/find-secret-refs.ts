/**
 * Finding secret references in config values. Apart from the schema (./secret-ref.ts) so the
 * Lambdas, which read an already-validated config, use it without bundling the validator.
 */
import type { SecretRef } from './secret-ref.js';

export const isSecretRef = (value: unknown): value is SecretRef =>
  typeof value === 'object' && value !== null && typeof (value as { secret?: unknown }).secret === 'string';

/** Every secret reference inside a config subtree (used to pre-resolve and to grant IAM). */
export function collectSecretRefs(value: unknown, found: SecretRef[] = []): SecretRef[] {
  if (isSecretRef(value)) {
    if (!found.some((f) => f.secret === value.secret && f.store === value.store)) found.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) collectSecretRefs(item, found);
  } else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) collectSecretRefs(item, found);
  }
  return found;
}
