/**
 * A queue-driven worker: SQS queue + DLQ + Lambda consuming it with partial batch responses,
 * and alarms on the DLQ (anything parked) and on the queue (messages getting old = stuck
 * consumer or a target down). Notifiers, functions and Slack actions are all built from it.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { SecretRef } from '../../shared/config/secret-ref.js';
import { runtimeEnv } from '../../shared/runtime-env.js';
import { grantSendOnly } from '../grants.js';
import { grantSecretsRead, type SecretsSettings } from '../secret-access.js';
import { grantStateAccess, type StateAccess } from '../state-access.js';
import { RelayFunction, type RelayFunctionProps } from './relay-function.js';

/** Lambda's rule: visibility ≥ 6 × function timeout (+ batching window) so throttled retries fit. */
export const VISIBILITY_TIMEOUT_FACTOR = 6;
/** Latency beats batching savings for chat and paging targets. */
export const MAX_BATCHING_WINDOW = Duration.seconds(0);
export const BATCH_SIZE = 10;
/** Per event-source cap, so one slow target cannot take the account's concurrency. */
export const DEFAULT_MAX_CONCURRENCY = 5;
/** A message this old is not being delivered: target down or consumer stuck. */
export const OLDEST_MESSAGE_ALARM = Duration.minutes(30);

/**
 * The delivery code parks a message itself, with its failure reason, once it has been received
 * `maxReceiveCount` times; SQS's own redrive one receive later is the safety net for a
 * worker that crashes before it can.
 */
export const sqsMaxReceiveCount = (maxReceiveCount: number) => maxReceiveCount + 1;

export function visibilityTimeoutFor(functionTimeout: Duration, batchingWindow = MAX_BATCHING_WINDOW): Duration {
  return Duration.seconds(functionTimeout.toSeconds() * VISIBILITY_TIMEOUT_FACTOR + batchingWindow.toSeconds());
}

/**
 * How long a worker's queue keeps a message: long enough for `maxReceiveCount` receives, each
 * after a visibility timeout, plus a day, so a message reaches its DLQ before it could expire
 * unseen; at least SQS's default 4 days, and at most its 14. Short where it can be: a message
 * SQS itself moves to the DLQ keeps its first enqueue time, and expires from the DLQ (14 days)
 * counting from then.
 */
export function sourceRetentionFor(maxReceiveCount: number, visibility: Duration): Duration {
  const needed = maxReceiveCount * visibility.toSeconds() + 24 * 3600;
  return Duration.seconds(Math.min(14 * 24 * 3600, Math.max(4 * 24 * 3600, needed)));
}

export interface WorkerPipelineProps
  extends Pick<RelayFunctionProps, 'entry' | 'configJson' | 'templatesJson' | 'projectRoot' | 'customTranslator'> {
  /** what it serves, for descriptions and alarm texts: `notifier soc-slack` */
  label: string;
  timeout: Duration;
  /** receives before SQS itself moves a message to the DLQ */
  maxReceiveCount: number;
  maxConcurrency?: number;
  /** worker-specific variables (NOTIFIER_NAME, FUNCTION_NAME, …) */
  environment: Record<string, string>;
  stateTable: ITable;
  /** the items of the state table this worker's code reads and writes (../state-access.ts) */
  stateAccess: StateAccess;
  alarmTopic: ITopic;
  /** the secrets this worker may read, and nothing else */
  secretRefs: readonly SecretRef[];
  secrets: SecretsSettings;
}

/** What every pipeline of the stack shares (notifiers, functions, Slack actions). */
export type PipelineCommonProps = Pick<WorkerPipelineProps, 'configJson' | 'projectRoot' | 'stateTable' | 'alarmTopic' | 'secrets'>;

export class WorkerPipeline extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly worker: RelayFunction;
  readonly dlqAlarm: Alarm;
  readonly ageAlarm: Alarm;

  constructor(scope: Construct, id: string, props: WorkerPipelineProps) {
    super(scope, id);

    this.deadLetterQueue = new Queue(this, 'Dlq', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const visibility = visibilityTimeoutFor(props.timeout);
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: visibility,
      retentionPeriod: sourceRetentionFor(props.maxReceiveCount, visibility),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
    });

    this.worker = new RelayFunction(this, 'Worker', {
      entry: props.entry,
      description: props.label,
      timeout: props.timeout,
      configJson: props.configJson,
      templatesJson: props.templatesJson,
      projectRoot: props.projectRoot,
      customTranslator: props.customTranslator,
      environment: {
        ...props.environment,
        [runtimeEnv.queueUrl]: this.queue.queueUrl,
        [runtimeEnv.dlqUrl]: this.deadLetterQueue.queueUrl,
        [runtimeEnv.stateTable]: props.stateTable.tableName,
      },
    });
    const fn = this.worker.function;
    fn.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: BATCH_SIZE,
        maxBatchingWindow: MAX_BATCHING_WINDOW,
        reportBatchItemFailures: true,
        maxConcurrency: props.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY,
      }),
    );
    // re-enqueue after a target's Retry-After, and park with a reason
    grantSendOnly(fn, this.queue);
    grantSendOnly(fn, this.deadLetterQueue);
    grantStateAccess(fn, props.stateTable, props.stateAccess);
    grantSecretsRead(fn, Stack.of(this), props.secretRefs, props.secrets);

    this.dlqAlarm = new Alarm(this, 'DlqAlarm', {
      alarmDescription: `hive-relay ${props.label}: messages parked in its dead-letter queue (see \`hive-relay dlq list\`)`,
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.ageAlarm = new Alarm(this, 'AgeAlarm', {
      alarmDescription: `hive-relay ${props.label}: oldest queued message older than ${OLDEST_MESSAGE_ALARM.toMinutes()} minutes (target down or worker stuck)`,
      metric: this.queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: OLDEST_MESSAGE_ALARM.toSeconds(),
      evaluationPeriods: 5,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    for (const alarm of [this.dlqAlarm, this.ageAlarm]) alarm.addAlarmAction(new SnsAction(props.alarmTopic));
  }
}
