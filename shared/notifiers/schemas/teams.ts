/**
 * Config of the `teams` notifier type: its own fields on top of the common ones (../common.ts).
 * Validated where the config is (shared/config/schema.ts); the render module ../teams.ts
 * imports only the type, so the Lambdas bundle no validator.
 */
import * as z from 'zod';
import { httpUrl, notifierSchema } from '../common.js';
import { valueOrSecret } from '../../config/secret-ref.js';

export const teamsNotifierSchema = notifierSchema('teams', {
  url: valueOrSecret(httpUrl),
});
export type TeamsNotifierConfig = z.infer<typeof teamsNotifierSchema>;
