/**
 * Config of the `webhook` notifier type: its own fields on top of the common ones (../common.ts).
 * Validated where the config is (shared/config/schema.ts); the render module ../webhook.ts
 * imports only the type, so the Lambdas bundle no validator.
 */
import * as z from 'zod';
import { httpUrl, notifierSchema } from '../common.js';
import { secretRefSchema, valueOrSecret } from '../../config/secret-ref.js';

export const webhookNotifierSchema = notifierSchema('webhook', {
  url: valueOrSecret(httpUrl),
  headers: z.record(z.string(), valueOrSecret(z.string())).optional(),
  /** Standard Webhooks signing secret (`whsec_…` base64, or any string) */
  signingSecret: secretRefSchema.optional(),
  contentType: z.string().default('application/json'),
});
export type WebhookNotifierConfig = z.infer<typeof webhookNotifierSchema>;
