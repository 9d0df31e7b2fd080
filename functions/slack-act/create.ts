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
import { RetryLater } from '../../shared/delivery/retry-later.js';
import { SecretNotFoundError, type Clock, type HttpClient, type Log, type Metrics, type QueueClient, type SecretResolver, type StateStore } from '../../shared/ports.js';
import { park, processActRecord, readActionMessage, type ActQueueDeps } from '../../shared/slack/act-queue.js';
import type { CaseApi } from '../../shared/slack/act.js';
import { renderCaseMessage } from '../../shared/slack/case-message.js';
import { createSlackWebApi } from '../../shared/slack/client.js';
import { TheHiveClient } from '../../shared/thehive/client.js';
import { TheHiveError } from '../../shared/thehive/errors.js';

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

/** Without `thehive:` every action fails for good: parked with this reason. */
const unconfigured: CaseApi = new Proxy({} as CaseApi, {
  get: () => async () => {
    throw new TheHiveError('configuration', 'thehive: the config has no `thehive:` section (url, apiKey) to act on cases');
  },
});

export function createSlackActHandler(deps: SlackActHandlerDeps): SlackActHandler {
  const slack = deps.config.slack;
  if (!slack) throw new Error('slack: the config has no `slack:` section, so there is no Slack actions queue to serve');
  const thehive = deps.config.thehive;
  const version = thehive?.version ?? 5;
  const log = logOf(deps);

  /** Clients for this record (secrets are cached by the resolver). */
  async function connect(): Promise<Pick<ActQueueDeps, 'thehive' | 'slack'>> {
    const [botToken, apiKey] = await Promise.all([
      deps.secrets.get(slack!.botToken),
      thehive?.apiKey ? deps.secrets.get(thehive.apiKey) : Promise.resolve(''),
    ]);
    return {
      slack: createSlackWebApi({ http: deps.http, apiUrl: slack!.apiUrl, botToken }),
      thehive: thehive ? new TheHiveClient({ url: thehive.url, apiKey, organisation: thehive.organisation, http: deps.http }) : unconfigured,
    };
  }

  const recordHandler = async (record: SQSRecord) => {
    const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? '1');
    const base = { queue: deps.queue, queueUrl: deps.queueUrl, dlqUrl: deps.dlqUrl, clock: deps.clock };
    let clients: Pick<ActQueueDeps, 'thehive' | 'slack'>;
    try {
      clients = await connect();
    } catch (error) {
      const reason = `secrets: ${(error as Error).message}`;
      const permanent = error instanceof SecretNotFoundError;
      if (!permanent && receiveCount < slack.maxReceiveCount) throw new RetryLater(reason);
      log.error('slack action parked in the DLQ', { reason });
      const read = readActionMessage(record.body);
      await park(base, read.ok ? read.message : read.raw, { reason, attempts: receiveCount, permanent });
      deps.onResult?.('parked', record);
      return 'parked';
    }
    const result = await processActRecord(
      { messageId: record.messageId, body: record.body, receiveCount },
      {
        ...base,
        ...clients,
        version,
        renderCase: (theCase, change) => renderCaseMessage(theCase, { version, thehiveUrl: thehive?.url, actor: change.actor, details: change.details, at: change.at }),
        log,
        state: deps.state,
        maxReceiveCount: slack.maxReceiveCount,
      },
    ).catch((error: unknown) => {
      if (error instanceof RetryLater) deps.onResult?.('retry', record);
      throw error;
    });
    deps.metrics?.count(`SlackAction${result.kind[0].toUpperCase()}${result.kind.slice(1)}`, 1);
    deps.onResult?.(result.kind, record);
    return result.kind;
  };

  return wrapHandler(sqsBatchHandler(recordHandler), deps);
}
