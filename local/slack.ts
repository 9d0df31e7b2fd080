/**
 * Two-way Slack in the local runtime, when the config has a `slack:` section: the route
 * POST /slack/interactions and the act worker on the Slack actions queue (`slack-actions`
 * and its DLQ `slack-actions-dlq`), with the same handlers as the Lambdas.
 */
import { createSlackInteractionsHandler, SLACK_INTERACTIONS_PATH } from '../functions/slack-interactions/create.js';
import { createSlackActHandler } from '../functions/slack-act/create.js';
import { queueKey, type LocalContext } from './context.js';
import type { Route } from './http-server.js';
import type { Worker } from './poller.js';

/** queue key of the Slack actions queue in `LocalContext.queues` / `LocalRelay.queues` */
export const SLACK_ACTIONS_QUEUE_KEY = queueKey('slack', 'actions');

/** The act worker; creates the actions queue, so it runs before slackRoutes. */
export async function slackWorkers(ctx: LocalContext): Promise<Worker[]> {
  const slack = ctx.config.slack;
  if (!slack) return [];
  const pair = await ctx.queuePair('slack', 'actions', slack.maxReceiveCount);
  // like SLACK_ACT_TIMEOUT of the stack: up to seven TheHive and Slack calls of 10 s each
  return [{ name: 'slack-act', queueUrl: pair.queueUrl, handler: createSlackActHandler({ ...ctx, ...pair }), timeoutSeconds: 80 }];
}

export function slackRoutes(ctx: LocalContext): Route[] {
  if (!ctx.config.slack) return [];
  const actions = ctx.queues[SLACK_ACTIONS_QUEUE_KEY];
  if (!actions) throw new Error('slack: the actions queue must be created (slackWorkers) before the interactions route');
  const handler = createSlackInteractionsHandler({ ...ctx, actionsQueueUrl: actions.queueUrl });
  return [{ method: 'POST', path: SLACK_INTERACTIONS_PATH, handler, functionName: 'slack-interactions', timeoutSeconds: 10 }];
}
