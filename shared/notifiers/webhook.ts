/**
 * `webhook`: POST the rendered template (or the normalised event as JSON) to a URL, with
 * optional headers and an optional Standard Webhooks HMAC signature.
 */
import { z } from 'zod';
import { notifierSchema } from './common.js';
import { secretRefSchema, valueOrSecret } from '../config/secret-ref.js';
import type { NotifierType } from './types.js';

const schema = notifierSchema('webhook', {
  url: valueOrSecret(z.url({ protocol: /^https?$/, error: 'expected a URL' })),
  headers: z.record(z.string(), valueOrSecret(z.string())).optional(),
  /** Standard Webhooks signing secret (`whsec_…` base64, or any string) */
  signingSecret: secretRefSchema.optional(),
  contentType: z.string().default('application/json'),
});
export type WebhookNotifierConfig = z.infer<typeof schema>;

export const webhookNotifier: NotifierType<WebhookNotifierConfig> = {
  type: 'webhook',
  schema,
  render() {
    throw new Error('webhook notifier: not implemented yet');
  },
  outcome: () => ({ kind: 'permanent', reason: 'not implemented' }),
};
