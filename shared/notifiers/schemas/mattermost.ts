/**
 * Config of the `mattermost` notifier type: its own fields on top of the common ones (../common.ts).
 * Validated where the config is (shared/config/schema.ts); the render module ../mattermost.ts
 * imports only the type, so the Lambdas bundle no validator.
 */
import * as z from 'zod';
import { httpUrl, notifierSchema } from '../common.js';
import { valueOrSecret } from '../../config/secret-ref.js';

export const mattermostNotifierSchema = notifierSchema('mattermost', {
  url: valueOrSecret(httpUrl),
  /** channel name (not display name) or @user; default: the hook's channel */
  channel: z.string().min(1).optional(),
  /** needs "Enable integrations to override usernames" on the server */
  username: z.string().min(1).optional(),
  /** needs "Enable integrations to override profile picture icons" */
  iconUrl: httpUrl.optional(),
  iconEmoji: z.string().min(1).optional(),
  /** message priority (Mattermost Professional/Enterprise) */
  priority: z.enum(['important', 'urgent']).optional(),
  /** ask readers to acknowledge (with priority) */
  requestedAck: z.boolean().optional(),
}).superRefine((config, issues) => {
  if (config.requestedAck !== undefined && config.priority === undefined) {
    issues.addIssue({ code: 'custom', path: ['requestedAck'], message: 'only with priority' });
  }
});
export type MattermostNotifierConfig = z.infer<typeof mattermostNotifierSchema>;
