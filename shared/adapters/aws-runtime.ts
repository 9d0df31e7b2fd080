/**
 * What every Lambda entry point builds once per container from the environment contract
 * (shared/runtime-env.ts) and the embedded config: AWS clients and adapters.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { embeddedConfig } from '../config/embedded.js';
import { runtimeEnv } from '../runtime-env.js';
import { createSqsClient, SqsQueueClient } from './sqs.js';
import { createDynamoClient, DynamoStateStore } from './dynamodb.js';
import { AwsSecretResolver } from './secrets-aws.js';
import { NodeHttpClient } from './http.js';
import { powertoolsCounter } from './metrics.js';

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set (see shared/runtime-env.ts)`);
  return value;
}

export function awsBaseDeps(serviceName: string) {
  const config = embeddedConfig();
  const logger = new Logger({ serviceName });
  const powertoolsMetrics = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'HiveRelay', serviceName });
  const dynamo = createDynamoClient();
  const tableName = requireEnv(runtimeEnv.stateTable);
  return {
    config,
    logger,
    powertoolsMetrics,
    metrics: powertoolsCounter(powertoolsMetrics),
    clock: { now: () => Date.now() },
    queue: new SqsQueueClient(createSqsClient()),
    dynamo,
    tableName,
    state: new DynamoStateStore(dynamo, tableName),
    secrets: new AwsSecretResolver(config.secrets),
    http: new NodeHttpClient({ allowHosts: config.allowHosts, allowLoopback: false, userAgent: 'hive-relay' }),
  };
}
