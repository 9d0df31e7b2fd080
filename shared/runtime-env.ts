/**
 * The environment contract between the CDK stack (infra/) and the Lambda entry points
 * (functions/). The validated config itself is embedded in each bundle at build time
 * (esbuild `define` of __HIVE_RELAY_CONFIG__, see shared/config/embedded.ts), so it never
 * hits the 4 KB environment limit; only resource names travel in the environment.
 */
export const runtimeEnv = {
  /** DynamoDB state table name */
  stateTable: 'STATE_TABLE',
  /** JSON object: notifier name → queue URL (ingest) */
  notifierQueues: 'NOTIFIER_QUEUES',
  /** JSON object: function name → queue URL (function intake) */
  functionQueues: 'FUNCTION_QUEUES',
  /** the notifier / function this worker Lambda serves */
  notifierName: 'NOTIFIER_NAME',
  functionName: 'FUNCTION_NAME',
  /** the worker's own queue and DLQ (re-enqueue after Retry-After; park with a reason) */
  queueUrl: 'QUEUE_URL',
  dlqUrl: 'DLQ_URL',
  /** Slack actions queue (interactions → act) */
  slackActionsQueue: 'SLACK_ACTIONS_QUEUE',
} as const;
