/** Config of `slack:`: two-way Slack (buttons and dialogs acting on TheHive cases). */
import * as z from 'zod';
import { maxReceiveCountSchema } from '../config/receive-count.js';
import { secretRefSchema } from '../config/secret-ref.js';

export const slackSchema = z.strictObject({
  signingSecret: secretRefSchema,
  botToken: secretRefSchema,
  apiUrl: z.url().default('https://slack.com/api'),
  allow: z.strictObject({
    teams: z.array(z.string().min(1)).min(1, 'expected at least one Slack team id'),
    channels: z.array(z.string().min(1)).optional(),
    userGroups: z.array(z.string().min(1)).optional(),
  }),
  maxReceiveCount: maxReceiveCountSchema,
});
export type SlackConfig = z.infer<typeof slackSchema>;
