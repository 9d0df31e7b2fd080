/**
 * Config of the `http` notifier type: its own fields on top of the common ones (../common.ts).
 * Validated where the config is (shared/config/schema.ts); the render module ../http.ts
 * imports only the type, so the Lambdas bundle no validator.
 */
import * as z from 'zod';
import { notifierSchema } from '../common.js';
import { valueOrSecret } from '../../config/secret-ref.js';

export const httpNotifierSchema = notifierSchema('http', {
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('POST'),
  /** a URL template, or a secret holding the whole URL (used as is) */
  url: valueOrSecret(z.string().regex(/^https?:\/\/\S+$/, 'expected an http(s) URL (it may hold {{variables}})')),
  headers: z.record(z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'expected an HTTP header name'), valueOrSecret(z.string())).optional(),
  /** body template (`template` is accepted too) */
  body: z.string().optional(),
  contentType: z.string().min(1).default('application/json'),
});
export type HttpNotifierConfig = z.infer<typeof httpNotifierSchema>;
