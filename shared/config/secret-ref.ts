import * as z from 'zod';

/**
 * A reference to a secret, never the secret itself. Locally it resolves from the environment
 * (or the local secrets file); on AWS from SSM Parameter Store (default) or Secrets Manager.
 */
export const secretRefSchema = z.strictObject({
  secret: z.string().regex(/^[A-Za-z0-9_.\-/]+$/, 'expected a secret name of letters, digits, _ . - /'),
  store: z.enum(['ssm', 'secretsmanager']).optional(),
});
export type SecretRef = z.infer<typeof secretRefSchema>;

/** A value that may be given inline (when it holds no secret) or as a secret reference. */
export const valueOrSecret = <T extends z.ZodTypeAny>(plain: T) => z.union([secretRefSchema, plain]);
export type ValueOrSecret<T = string> = SecretRef | T;

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
