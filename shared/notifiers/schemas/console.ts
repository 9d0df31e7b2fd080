/**
 * Config of the `console` notifier type: its own fields on top of the common ones (../common.ts).
 * Validated where the config is (shared/config/schema.ts); the render module ../console.ts
 * imports only the type, so the Lambdas bundle no validator.
 */
import * as z from 'zod';
import { notifierSchema } from '../common.js';

export const consoleNotifierSchema = notifierSchema('console', {
  /** prefix of each printed line */
  label: z.string().default('hive-relay'),
});
export type ConsoleNotifierConfig = z.infer<typeof consoleNotifierSchema>;
