/** Lambda entry: SQS (the Slack actions queue) → act on TheHive, redraw the Slack message; partial batch responses. */
import { awsBaseDeps, requireEnv } from '../../shared/adapters/aws-runtime.js';
import { runtimeEnv } from '../../shared/runtime-env.js';
import { createSlackActHandler } from './create.js';

const deps = awsBaseDeps('hive-relay-slack-act');

export const handler = createSlackActHandler({
  ...deps,
  queueUrl: requireEnv(runtimeEnv.queueUrl),
  dlqUrl: requireEnv(runtimeEnv.dlqUrl),
});
