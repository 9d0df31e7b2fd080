/**
 * Config of the `cortex` notifier type: its own fields on top of the common ones (../common.ts).
 * Validated where the config is (shared/config/schema.ts); the render module ../cortex.ts
 * imports only the type, so the Lambdas bundle no validator.
 */
import * as z from 'zod';
import { httpUrl, notifierSchema } from '../common.js';
import { secretRefSchema } from '../../config/secret-ref.js';

const workerName = z.string().regex(/^[A-Za-z0-9_.-]+$/, 'expected a Cortex analyzer/responder name such as Abuse_Finder_3_0');

export const cortexNotifierSchema = notifierSchema('cortex', {
  url: httpUrl,
  apiKey: secretRefSchema,
  /** analyzers to run on each new observable */
  analyzers: z.array(workerName).min(1).optional(),
  /** responders to run on the event's object */
  responders: z.array(workerName).min(1).optional(),
  /** bypass Cortex's job cache (`?force=1`) */
  force: z.boolean().default(false),
}).superRefine((config, issues) => {
  if (!config.analyzers && !config.responders) issues.addIssue({ code: 'custom', path: ['analyzers'], message: 'expected analyzers or responders (names of Cortex workers)' });
});
export type CortexNotifierConfig = z.infer<typeof cortexNotifierSchema>;
