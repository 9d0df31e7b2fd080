/**
 * Config of the `signl4` notifier type: its own fields on top of the common ones (../common.ts).
 * Validated where the config is (shared/config/schema.ts); the render module ../signl4.ts
 * imports only the type, so the Lambdas bundle no validator.
 */
import * as z from 'zod';
import { httpUrl, notifierSchema } from '../common.js';
import { valueOrSecret } from '../../config/secret-ref.js';

export const signl4NotifierSchema = notifierSchema('signl4', {
  url: valueOrSecret(httpUrl),
  /** X-S4-Service: the SIGNL4 service (category) the alerts belong to */
  service: z.string().min(1).optional(),
  /** X-S4-AlertingScenario */
  alertingScenario: z.enum(['single_ack', 'multi_ack', 'emergency']).optional(),
  /** acknowledge the SIGNL4 alert when the case is in progress */
  acknowledge: z.boolean().default(false),
});
export type Signl4NotifierConfig = z.infer<typeof signl4NotifierSchema>;
