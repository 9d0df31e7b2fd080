/**
 * Config of the `slack` notifier type: its own fields on top of the common ones (../common.ts).
 * Validated where the config is (shared/config/schema.ts); the render module ../slack.ts
 * imports only the type, so the Lambdas bundle no validator.
 */
import * as z from 'zod';
import { httpUrl, notifierSchema } from '../common.js';
import { secretRefSchema, valueOrSecret } from '../../config/secret-ref.js';

export const slackNotifierSchema = notifierSchema('slack', {
  /** incoming-webhook URL (the URL is the credential: give it as a secret) */
  url: valueOrSecret(httpUrl).optional(),
  /** bot token (xoxb-…, scope chat:write) for the Web API */
  botToken: secretRefSchema.optional(),
  /** channel ID (C…) the bot posts to */
  channel: z.string().min(1).optional(),
  /** later events of a case: edit its message, reply in its thread, or both */
  follow: z.enum(['update', 'thread', 'both']).default('both'),
  apiUrl: httpUrl.default('https://slack.com/api'),
  /** add controls acting on the case (needs the `slack:` two-way section) */
  interactive: z.boolean().default(false),
}).superRefine((config, issues) => {
  const problem = (path: string, message: string) => issues.addIssue({ code: 'custom', path: [path], message });
  if (config.url === undefined && config.botToken === undefined) problem('url', 'expected url (incoming webhook) or botToken (Web API)');
  if (config.url !== undefined && config.botToken !== undefined) problem('botToken', 'use either url or botToken, not both');
  if (config.botToken !== undefined && config.channel === undefined) problem('channel', 'expected the channel ID to post to (required with botToken)');
  if (config.url !== undefined && config.channel !== undefined) problem('channel', 'only with botToken: an incoming webhook posts to its own channel');
  if (config.url !== undefined && config.interactive) problem('interactive', 'needs botToken: controls need the Web API');
});
export type SlackNotifierConfig = z.infer<typeof slackNotifierSchema>;
