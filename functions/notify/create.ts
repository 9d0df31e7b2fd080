/**
 * The notify Lambda's handler (one per notifier, fed by its queue), built from its
 * dependencies so that the Lambda and the local runtime's poller run the same code.
 * Partial batch responses: a record left for retry is reported in batchItemFailures; every
 * other record (delivered, re-enqueued with a delay, parked in the DLQ) is done, and the
 * event source mapping deletes it.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logOf, wrapHandler } from '../../shared/adapters/lambda.js';
import { sqsBatchHandler } from '../../shared/adapters/sqs-batch.js';
import { deliver, type DeliveryDeps, type DeliveryResult } from '../../shared/delivery/deliver.js';
import { RetryLater } from '../../shared/delivery/retry-later.js';
import type { Log } from '../../shared/ports.js';

export interface NotifyHandlerDeps extends Omit<DeliveryDeps, 'log'> {
  logger: Logger;
  log?: Log;
  powertoolsMetrics?: PowertoolsMetrics;
  /** told the Lambda context per invocation (idempotency in-progress expiry) */
  onContext?: (context: Context) => void;
  /** observes each record's result (local runtime output, tests) */
  onResult?: (result: DeliveryResult, record: SQSRecord) => void;
}

export type NotifyHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;


export function createNotifyHandler(deps: NotifyHandlerDeps): NotifyHandler {
  const deliveryDeps: DeliveryDeps = { ...deps, log: logOf(deps) };

  const recordHandler = async (record: SQSRecord) => {
    const result = await deliver(
      { messageId: record.messageId, body: record.body, receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? '1') },
      deliveryDeps,
    );
    deps.onResult?.(result, record);
    if (result.kind === 'retry') throw new RetryLater(result.reason);
    return result.kind;
  };

  const batch = sqsBatchHandler(recordHandler);
  const handle = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    deps.onContext?.(context);
    return batch(event, context);
  };

  return wrapHandler(handle, deps);
}
