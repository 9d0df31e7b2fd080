/**
 * Every notifier type's behaviour, by its config `type` (the runtime side: render and outcome).
 * Adding a type = its render module in this folder, its config schema in ./schemas/<type>.ts,
 * its test, and one line here plus one line in ./schemas/registry.ts (the validation side,
 * kept apart so the Lambdas that deliver bundle no validator).
 */
import type { NotifierType } from './types.js';
import { webhookNotifier } from './webhook.js';
import { consoleNotifier } from './console.js';
import { slackNotifier } from './slack.js';
import { pagerDutyNotifier } from './pagerduty.js';
import { signl4Notifier } from './signl4.js';
import { teamsNotifier } from './teams.js';
import { mattermostNotifier } from './mattermost.js';
import { emailNotifier } from './email.js';
import { httpNotifier } from './http.js';
import { cortexNotifier } from './cortex.js';

export const notifierTypes = {
  webhook: webhookNotifier,
  console: consoleNotifier,
  slack: slackNotifier,
  pagerduty: pagerDutyNotifier,
  signl4: signl4Notifier,
  teams: teamsNotifier,
  mattermost: mattermostNotifier,
  email: emailNotifier,
  http: httpNotifier,
  cortex: cortexNotifier,
} satisfies Record<string, NotifierType<any>>;

export type NotifierTypeName = keyof typeof notifierTypes;

export function notifierTypeOf(type: string): NotifierType<any> {
  const found = (notifierTypes as Record<string, NotifierType<any>>)[type];
  if (!found) throw new Error(`unknown notifier type "${type}"`);
  return found;
}
