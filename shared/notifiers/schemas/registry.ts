/**
 * Every notifier type's config schema, by its config `type` (the validation side, used by
 * shared/config/schema.ts in the CDK app, the CLI and the local runtime; never by a Lambda).
 * Adding a type = one line here and one in ../registry.ts (see there).
 */
import { webhookNotifierSchema } from './webhook.js';
import { consoleNotifierSchema } from './console.js';
import { slackNotifierSchema } from './slack.js';
import { pagerDutyNotifierSchema } from './pagerduty.js';
import { signl4NotifierSchema } from './signl4.js';
import { teamsNotifierSchema } from './teams.js';
import { mattermostNotifierSchema } from './mattermost.js';
import { emailNotifierSchema } from './email.js';
import { httpNotifierSchema } from './http.js';
import { cortexNotifierSchema } from './cortex.js';

export const notifierSchemas = [
  webhookNotifierSchema,
  consoleNotifierSchema,
  slackNotifierSchema,
  pagerDutyNotifierSchema,
  signl4NotifierSchema,
  teamsNotifierSchema,
  mattermostNotifierSchema,
  emailNotifierSchema,
  httpNotifierSchema,
  cortexNotifierSchema,
] as const;

/** The config `type`s that have a schema (a test checks they match the render registry's). */
export const notifierSchemaTypes = notifierSchemas.map((schema) => schema.shape.type.value);
