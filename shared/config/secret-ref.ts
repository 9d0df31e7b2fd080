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
