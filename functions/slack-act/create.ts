/**
 * The Slack act Lambda's handler (fed by the Slack actions queue), built from its dependencies
 * so that the Lambda and the local runtime's poller run the same code. Partial batch
 * responses: a record left for retry is reported in batchItemFailures; every other record
 * (done, refused, re-sent after Retry-After, parked in the DLQ) is done, and the event source
 * mapping deletes it.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logOf, wrapHandler } from '../../shared/adapters/lambda.js';
import { sqsBatchHandler } from '../../shared/adapters/sqs-batch.js';
import type { RelayConfig } from '../../shared/config/schema.js';
import type { Clock, HttpClient, Log, Metrics, QueueClient, SecretResolver, StateStore } from '../../shared/ports.js';
import { actClientsConnector } from '../../shared/slack/act-clients.js';
import { handleActRecord } from '../../shared/slack/act-queue.js';
import { renderCaseMessage } from '../../shared/slack/case-message.js';

export interface SlackActHandlerDeps {
  config: RelayConfig;
  logger: Logger;
  /** use-case log lines; defaults to `logger` */
  log?: Log;
  metrics?: Metrics;
  /** when given, its metrics are flushed after each invocation (EMF) */
  powertoolsMetrics?: PowertoolsMetrics;
  clock: Clock;
  queue: QueueClient;
  state: StateStore;
  secrets: SecretResolver;
  http: HttpClient;
  /** QUEUE_URL / DLQ_URL: the Slack actions queue and its DLQ */
  queueUrl: string;
  dlqUrl: string;
  /** observes each record's outcome (local runtime output, tests) */
  onResult?: (kind: string, record: SQSRecord) => void;
}

export type SlackActHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

export function createSlackActHandler(deps: SlackActHandlerDeps): SlackActHandler {
  const slack = deps.config.slack;
  if (!slack) throw new Error('slack: the config has no `slack:` section, so there is no Slack actions queue to serve');
  const thehive = deps.config.thehive;
  const version = thehive?.version ?? 5;
  const connect = actClientsConnector(slack, thehive, deps);
  const log = logOf(deps);

  const recordHandler = (record: SQSRecord) =>
    handleActRecord({ ...record, receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? '1') }, {
      ...deps,
      connect,
      version,
      renderCase: (theCase, change) => renderCaseMessage(theCase, { version, thehiveUrl: thehive?.url, actor: change.actor, details: change.details, at: change.at }),
      log,
      maxReceiveCount: slack.maxReceiveCount,
      onResult: (kind) => deps.onResult?.(kind, record),
    });

  return wrapHandler(sqsBatchHandler(recordHandler), deps);
}
