/**
 * The notify Lambda's handler (one per notifier, fed by its queue), built from its
 * dependencies so that the Lambda and the local runtime's poller run the same code.
 * Partial batch responses: a record left for retry is reported in batchItemFailures; every
 * other record (delivered, re-enqueued with a delay, parked in the DLQ) is done, and the
 * event source mapping deletes it.
 */
import middy from '@middy/core';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
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

/** Thrown for a record that should come back after its visibility timeout (the name this module always exported). */
export { RetryLater as RetryLaterError };

export function createNotifyHandler(deps: NotifyHandlerDeps): NotifyHandler {
  const log: Log = deps.log ?? (deps.logger as unknown as Log);
  const deliveryDeps: DeliveryDeps = { ...deps, log };

  const recordHandler = async (record: SQSRecord) => {
    const result = await deliver(
      { messageId: record.messageId, body: record.body, receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? '1') },
      deliveryDeps,
    );
    deps.onResult?.(result, record);
    if (result.kind === 'retry') throw new RetryLater(result.reason);
    return result.kind;
  };

  const handle = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    deps.onContext?.(context);
    // a processor per invocation: it holds the batch's state
    const processor = new BatchProcessor(EventType.SQS);
    return processPartialResponse(event, recordHandler, processor, { context, throwOnFullBatchFailure: false });
  };

  const handler = middy(handle).use(injectLambdaContext(deps.logger));
  if (deps.powertoolsMetrics) handler.use(logMetrics(deps.powertoolsMetrics));
  return handler as unknown as NotifyHandler;
}
