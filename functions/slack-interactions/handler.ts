/** Lambda entry: API Gateway HTTP API (payload 2.0) POST /slack/interactions → verify, authorise, queue. */
import { awsBaseDeps, requireEnv } from '../../shared/adapters/aws-runtime.js';
import { runtimeEnv } from '../../shared/runtime-env.js';
import { createSlackInteractionsHandler } from './create.js';

const deps = awsBaseDeps('hive-relay-slack-interactions');

export const handler = createSlackInteractionsHandler({
  ...deps,
  actionsQueueUrl: requireEnv(runtimeEnv.slackActionsQueue),
});
