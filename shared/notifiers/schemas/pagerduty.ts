/**
 * Config of the `pagerduty` notifier type: its own fields on top of the common ones (../common.ts).
 * Validated where the config is (shared/config/schema.ts); the render module ../pagerduty.ts
 * imports only the type, so the Lambdas bundle no validator.
 */
import * as z from 'zod';
import { httpUrl, notifierSchema } from '../common.js';
import { secretRefSchema } from '../../config/secret-ref.js';

export const pagerDutyNotifierSchema = notifierSchema('pagerduty', {
  /** integration (routing) key: the credential, so a secret */
  routingKey: secretRefSchema,
  /** Events API endpoint (EU accounts: https://events.eu.pagerduty.com/v2/enqueue) */
  url: httpUrl.default('https://events.pagerduty.com/v2/enqueue'),
  /** acknowledge the PagerDuty alert when the case is in progress */
  acknowledge: z.boolean().default(false),
  /** payload.source; default: TheHive's host name */
  source: z.string().min(1).optional(),
  component: z.string().min(1).optional(),
  group: z.string().min(1).optional(),
});
export type PagerDutyNotifierConfig = z.infer<typeof pagerDutyNotifierSchema>;
