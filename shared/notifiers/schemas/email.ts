/**
 * Config of the `email` notifier type: its own fields on top of the common ones (../common.ts).
 * Validated where the config is (shared/config/schema.ts); the render module ../email.ts
 * imports only the type, so the Lambdas bundle no validator.
 */
import * as z from 'zod';
import { notifierSchema } from '../common.js';

const address = z.email({ error: 'expected an email address' });

export const emailNotifierSchema = notifierSchema('email', {
  from: address,
  to: z.array(address).min(1, 'expected at least one recipient'),
  cc: z.array(address).optional(),
  bcc: z.array(address).optional(),
  replyTo: z.array(address).optional(),
  /** Handlebars, plain text; default: "[TheHive] <what happened>: <title>" */
  subject: z.string().min(1).optional(),
}).superRefine((config, issues) => {
  const count = config.to.length + (config.cc?.length ?? 0) + (config.bcc?.length ?? 0);
  // SES: at most 50 recipients per message
  if (count > 50) issues.addIssue({ code: 'custom', path: ['to'], message: `at most 50 recipients in to, cc and bcc together (found ${count})` });
});
export type EmailNotifierConfig = z.infer<typeof emailNotifierSchema>;
