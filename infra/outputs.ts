/**
 * The stack's outputs, as the CLI reads them (CloudFormation DescribeStacks → Outputs[]).
 * No CDK imports here, so the CLI can import this module without pulling in aws-cdk-lib.
 */
export const stackOutputKeys = {
  webhookUrl: 'WebhookUrl',
  apiUrl: 'ApiUrl',
  functionsBaseUrl: 'FunctionsBaseUrl',
  slackInteractivityUrl: 'SlackInteractivityUrl',
  theHive4WebhookConfig: 'TheHive4WebhookConfig',
  theHive4ActivateWebhook: 'TheHive4ActivateWebhook',
  theHive5WebhookSettings: 'TheHive5WebhookSettings',
  stateTableName: 'StateTableName',
  alarmTopicArn: 'AlarmTopicArn',
  /** JSON of {@link QueuesOutput} */
  queues: 'QueuesJson',
} as const;

/** per-notifier DLQ URL output: `NotifierDlq` + PascalCase name (see infra/naming.ts) */
export const notifierDlqOutputPrefix = 'NotifierDlq';
export const functionDlqOutputPrefix = 'FunctionDlq';
export const slackActionsDlqOutputKey = 'SlackActionsDlq';

export interface QueuePair {
  queueUrl: string;
  queueArn: string;
  dlqUrl: string;
  dlqArn: string;
}

/** The machine-readable map of every worker's queues (output `QueuesJson`). */
export interface QueuesOutput {
  v: 1;
  notifiers: Record<string, QueuePair>;
  functions: Record<string, QueuePair>;
  slackActions?: QueuePair;
}
